#!/bin/bash
# run-axl-create.sh: boot tests of axl create on real Xen (QEMU): 4.17, or
# 4.20 with AXL_BOOT_XEN=4.20. Builds the arm64 axl and libaxl1 packages
# against that release (build-debs.sh), unpacks them, a busybox guest initramfs and
# the test configs into dom0, runs scenarios/axl-create in dom0, then
# checks the results on the host with the host build of axl.
# Prints one "ok"/"FAIL" line per check and "N passed, N failed".
. "$(dirname "$0")/lib.sh"

top=$(cd "$BOOT_DIR/../.." && pwd)
HOST_AXL=$top/tools/xl/axl
[ -x "$HOST_AXL" ] || die "run-axl-create: build axl first (make)"
sc=$WORK/scenario-axl-create
out=$WORK/out-axl-create
rm -rf "$sc"
mkdir -p "$sc/etc/xen/axl" "$sc/boot"
cp "$BOOT_DIR/scenarios/axl-create/scenario.sh" "$sc/scenario.sh"
install_axl "$sc"
"$BOOT_DIR/mkguest.sh" "$sc/boot/guest.cpio.gz"
ref=$REF_DIR
[ -d "$ref" ] || die "run-axl-create: no reference directory $ref"
mkdir -p "$sc/etc/xen/ref"
write_cfg() { # write_cfg NAME EXTRA-LINES
	cat >"$sc/etc/xen/axl/$1.cfg" <<CFG
name = "$1"
kernel = "/boot/Image"
ramdisk = "/boot/guest.cpio.gz"
memory = 256
vcpus = 1
extra = "console=hvc0 rdinit=/init${3:-}"
$2
CFG
}
write_cfg g1 ""
write_cfg p-holes 'ext_regions = "holes"'
write_cfg p-none 'ext_regions = "none"'
# 1000 MiB: bank 0's tail starts at 0x7e800000, not 128 MiB aligned.
write_cfg p-align128 'memory = 1000
ext_regions_align = "128M"'
write_cfg stay "" " axl_stay"
# Xen 4.20: a guest with virtio devices (no backend: the guest's busybox
# root never loads virtio-mmio, so it only carries them in its tree).
[ "$XENVER" = 4.20 ] && write_cfg gv 'virtio = [ "type=virtio,device22,transport=mmio",
  "type=virtio,device,transport=mmio,grant_usage=1" ]'

# The reference configs of this Xen version (GICv2 ones cannot run on this
# GICv3 host), plus ours where libxl is wrong (an iomem mapping in bank 0's
# tail: 4.17 and 4.20 alike), and 4.20's virtio disk for 4.17 too (4.17's
# libxl has virtio disks already).
for c in "$ref"/*.cfg; do
	case $c in *gicv2*) continue ;; esac
	cp "$c" "$sc/etc/xen/ref/"
done
[ -f "$sc/etc/xen/ref/disk-virtio.cfg" ] ||
	cp "$BOOT_DIR/../data/libxl-4.20/disk-virtio.cfg" "$sc/etc/xen/ref/"
pdtb=$ref/partial.dtb
[ -f "$pdtb" ] || pdtb=$top/tests/data/libxl-4.17/partial.dtb
cp "$pdtb" "$sc/etc/xen/partial.dtb"
head -c 1039844 /dev/zero >"$sc/boot/domu-initrd.gz"
cat >"$sc/etc/xen/ref/iomem-tail.cfg" <<'CFG'
name = "iomem-tail"
kernel = "/boot/Image"
memory = 256
iomem = [ "a000,1@80000" ]
CFG
"$BOOT_DIR/mkdom0.sh" -o "$WORK/dom0-axl-create.cpio.gz" "$sc"
"$BOOT_DIR/run-xen.sh" -i "$WORK/dom0-axl-create.cpio.gz" -o "$out" -t 560

pass=0 fail=0
dom0_checks run-axl-create "$out/checks.txt"

# The guest's own tree, from its console, against the dry run.
fdt_of_console() {
	sed -n '/===GUEST-FDT-BEGIN===/,/===GUEST-FDT-END===/p' "$1" |
		grep -v '===' | tr -d '\r' | base64 -d
}
dts() { dtc -q -I dtb -O dts "$1" | grep -v 'rng-seed'; }
same_tree() { # same_tree CHECK A.dtb B.dtb [WHAT-DIFFERS]
	if [ -s "$2" ] && [ -s "$3" ] && diff <(dts "$2") <(dts "$3") >"$out/$1.diff"; then
		report "ok $1"
	else
		report "FAIL $1: trees differ${4:+ ($4)}: see $out/$1.diff"
	fi
}
# The width Xen gave the domains (44 bits here, not the 40 of facts.md).
bits=$(sed -n 's/^note gpaddr_bits //p' "$out/checks.txt")
[ -n "$bits" ] || bits=40
dry() { # dry NAME OUT [KEY=VALUE...]: the dry run of config NAME
	n=$1 o=$2; shift 2
	"$HOST_AXL" dt --xen-version "$XENVER" --gpaddr-bits "$bits" --seed 0 -o "$o" \
		"$sc/etc/xen/axl/$n.cfg" "kernel=\"$(kernel_image)\"" \
		"ramdisk=\"$sc/boot/guest.cpio.gz\"" "$@"
}
dry g1 "$out/g1.dry.dtb"
fdt_of_console "$out/g1.console.log" >"$out/g1.guest.dtb" 2>/dev/null
same_tree guest-tree-equals-dry-run "$out/g1.dry.dtb" "$out/g1.guest.dtb"
same_tree given-tree-equals-dry-run "$out/g1.dry.dtb" "$out/g1.given.dtb"
if [ "$XENVER" = 4.20 ]; then
	dry gv "$out/gv.dry.dtb"
	fdt_of_console "$out/gv.console.log" >"$out/gv.guest.dtb" 2>/dev/null
	same_tree virtio-guest-tree-equals-dry-run "$out/gv.dry.dtb" "$out/gv.guest.dtb"
	same_tree virtio-given-tree-equals-dry-run "$out/gv.dry.dtb" "$out/gv.given.dtb"
	n=$(dtc -q -I dtb -O dts "$out/gv.guest.dtb" 2>/dev/null | grep -c '"virtio,mmio"' || true)
	[ "$n" = 2 ] && report "ok virtio-guest-has-2-devices" ||
		report "FAIL virtio-guest-has-2-devices: $n virtio,mmio nodes in the guest's tree"
fi

# Policies: the reg the guest printed is the predicted one.
for g in holes none align128; do
	dry p-$g "$out/p-$g.dry.dtb"
	want=$(for c in $(fdtget -t x "$out/p-$g.dry.dtb" /hypervisor reg); do
		printf '%08x' "0x$c"; done)
	got=$(sed -n 's/^reg: //p' "$out/p-$g.console.log" | tr -d '\r')
	if [ -n "$got" ] && [ "$got" = "$want" ]; then
		report "ok guest-reg-$g"
	else
		report "FAIL guest-reg-$g: guest says '$got', predicted '$want'"
	fi
	echo "note p-$g reg $got"
done

# Real libxl against axl: identical trees but where libxl is wrong. Every
# config is reported, including those one of the two tools refused.
first_err() { # first_err LOG: the first error line of a create log
	{ grep -m1 -i -E 'error|fail|invalid|unknown|not supported' "$1" 2>/dev/null ||
		tail -n 1 "$1" 2>/dev/null; } | tr -d '\r' | cut -c1-200
}
for c in "$sc"/etc/xen/ref/*.cfg; do
	n=${c##*/}; n=${n%.cfg}
	x=$out/ref-$n.xl.dtb a=$out/ref-$n.axl.dtb
	if [ ! -s "$x" ]; then
		report "FAIL libxl-vs-axl-$n: real xl create -p made no tree: $(first_err "$out/ref-$n.xl.log")"
		continue
	fi
	# Configs axl create refuses on purpose (axl(1), axl.cfg(5)):
	# the refusal must be a single error naming the reason, and no domain.
	case $n in
	virtio-no-transport) refusal='^axl: error: virtio\[0\]: no transport=mmio' ;;
	*) refusal="" ;;
	esac
	if [ -n "$refusal" ]; then
		l=$out/ref-$n.axl.log
		if [ ! -s "$a" ] && [ ! -f "$out/ref-$n.axl.xs" ] && ! grep -q '^rc=0$' "$l" &&
			[ "$(grep -c '^axl: error:' "$l")" = 1 ] && grep -q -E "$refusal" "$l"; then
			report "ok axl-refuses-$n"
		else
			report "FAIL axl-refuses-$n: expected one error matching '$refusal' and no domain: $(first_err "$l")"
		fi
		continue
	fi
	if [ ! -s "$a" ]; then
		report "FAIL libxl-vs-axl-$n: axl create -p made no domain or tree: $(first_err "$out/ref-$n.axl.log")"
		continue
	fi
	# virtio devices in each tree, to say so when they are what differs
	vx=$(dtc -q -I dtb -O dts "$x" | grep -c '"virtio,mmio"' || true)
	va=$(dtc -q -I dtb -O dts "$a" | grep -c '"virtio,mmio"' || true)
	vnote=""
	[ "$vx" = "$va" ] || vnote="virtio-mmio devices: $vx in libxl's tree, $va in axl's"
	if [ "$n" = iomem-tail ]; then
		# libxl advertises region 1 over the mapping; axl cuts it out.
		fdtput -d "$x" /hypervisor reg; cp "$a" "$a.noreg"; fdtput -d "$a.noreg" /hypervisor reg
		same_tree libxl-vs-axl-$n-except-reg "$x" "$a.noreg"
		r=$(fdtget -t x "$a" /hypervisor reg)
		[ "$r" = "0 38000000 0 1000000 0 50000000 0 30000000 0 80200000 0 7fe00000 2 0 fe 0" ] &&
			report "ok axl-corrects-$n" || report "FAIL axl-corrects-$n: reg $r"
	else
		same_tree libxl-vs-axl-$n "$x" "$a" "$vnote"
	fi
	# The virtio device nodes in xenstore (what an external backend attaches
	# to): those of real xl's domain, if it made one (xl gives up on
	# disk-virtio when no backend connects, and removes it). Other device
	# nodes are noted, not checked.
	xs=$out/ref-$n.xl.xs as=$out/ref-$n.axl.xs
	vio='^/local/domain/(0/backend/virtio[^/]*|D/device/virtio[^/]*)/'
	if [ ! -f "$xs" ]; then
		echo "note xenstore-$n: real xl left no domain to read ($(grep '^rc=' "$out/ref-$n.xl.log"))"
	elif [ ! -f "$as" ]; then
		report "FAIL xenstore-$n: no axl domain to read"
	else
		grep -E "$vio" "$xs" >"$xs.virtio" || true
		grep -E "$vio" "$as" >"$as.virtio" || true
		if [ -s "$xs.virtio" ] || [ -s "$as.virtio" ]; then
			if diff "$xs.virtio" "$as.virtio" >"$out/ref-$n.xs-virtio.diff"; then
				report "ok xenstore-virtio-nodes-$n ($(wc -l <"$xs.virtio") nodes)"
			else
				report "FAIL xenstore-virtio-nodes-$n: $(grep -c '^<' "$out/ref-$n.xs-virtio.diff") of xl's virtio nodes missing or different in axl's domain, $(grep -c '^>' "$out/ref-$n.xs-virtio.diff") extra (see $out/ref-$n.xs-virtio.diff)"
			fi
		fi
		if ! diff <(grep -v -E "$vio" "$xs") <(grep -v -E "$vio" "$as") >"$out/ref-$n.xs-other.diff"; then
			echo "note xenstore-$n: other device nodes differ: xl only $(grep '^<' "$out/ref-$n.xs-other.diff" | sed -E 's#^< /local/domain/0/backend/([^/]+)/D/.*#backend/\1#; s#^< /local/domain/D/([^ ]+).*#\1#' | sort -u | tr '\n' ' ')axl only $(grep '^>' "$out/ref-$n.xs-other.diff" | sed -E 's#^> /local/domain/0/backend/([^/]+)/D/.*#backend/\1#; s#^> /local/domain/D/([^ ]+).*#\1#' | sort -u | tr '\n' ' ')"
		fi
	fi
done

echo "axl-create: $pass passed, $fail failed"
[ "$fail" = 0 ]
