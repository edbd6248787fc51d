#!/bin/bash
# run-dtcheck.sh: axl dt-check on device trees that real software wrote. Boots Xen
# ($AXL_BOOT_XEN: 4.17, the default, or 4.20) + the Debian dom0 with the dtcheck scenario,
# which sends back dom0's own /sys/firmware/fdt (written by the hypervisor) and the tree a
# real guest received (real `xl create` of a
# Debian-kernel guest whose busybox /init prints its /sys/firmware/fdt on its console),
# each also as a /proc/device-tree archive. Then runs the host-built axl dt-check on them.
#
# usage: run-dtcheck.sh
# Prints "ok CHECK" or "FAIL CHECK: reason" per check, the times, and a closing
# "N passed, N failed"; exits non-zero if anything failed. Needs fetch.sh to have run and
# axl to be built ($AXL, default tools/xl/axl). Results go to
# $AXL_BOOT_WORK/xen-VER/out-dtcheck.
. "$(dirname "$0")/lib.sh"

start=$(now)
TOP=$(cd "$BOOT_DIR/../.." && pwd)
AXL=${AXL:-$TOP/tools/xl/axl}
[ -x "$AXL" ] || die "run-dtcheck: $AXL not found: build axl first (./configure && make)"
need_cmd cpio gzip tar fdtget cmp
SCEN=$BOOT_DIR/scenarios/dtcheck
sc=$WORK/scenario-dtcheck
out=$WORK/out-dtcheck
tmp=$(mktemp -d "${TMPDIR:-/tmp}/axl-dtcheck.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# ---- the scenario: dom0 script, guest config, guest initramfs ----------------------------
rm -rf "$sc"
mkdir -p "$sc/etc/xen" "$sc/boot" "$tmp/initrd/bin"
cp "$SCEN/scenario.sh" "$sc/scenario.sh"
cp "$SCEN/dtcheck.cfg" "$sc/etc/xen/dtcheck.cfg"
cp "$(busybox_bin)" "$tmp/initrd/bin/busybox"
cp "$SCEN/guest-init" "$tmp/initrd/init"
chmod 755 "$tmp/initrd/init" "$tmp/initrd/bin/busybox"
mkcpio "$tmp/initrd" "$sc/boot/dtcheck-initrd.gz"

"$BOOT_DIR/mkdom0.sh" -o "$WORK/dom0-dtcheck.cpio.gz" "$sc"
boot_start=$(now)
"$BOOT_DIR/run-xen.sh" -i "$WORK/dom0-dtcheck.cpio.gz" -o "$out" -t 300
boot_s=$(elapsed "$boot_start")
sed 's/^/dom0: /' "$out/summary.txt" >&2

# ---- the checks --------------------------------------------------------------------------
set +o errexit
pass=0 fail=0
ok() { echo "ok $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1: $2"; fail=$((fail + 1)); }

# dtcheck NAME INPUT: axl dt-check passes (exit 0, no error line); keeps the reports
dtcheck() {
	local rc
	"$AXL" dt-check "$2" >"$out/$1.dtcheck.txt" 2>"$out/$1.dtcheck.err"
	rc=$?
	"$AXL" dt-check --json "$2" >"$out/$1.dtcheck.json" 2>/dev/null
	if [ $rc = 0 ]; then
		ok "$1: axl dt-check passes ($(sed -n 's/^Result: //p' "$out/$1.dtcheck.txt"))"
	else
		bad "$1: axl dt-check passes" "exit $rc: $(head -n 1 "$out/$1.dtcheck.err")"
	fi
}

# same_report NAME DIR BLOB: the directory gives the same report as the blob
same_report() {
	"$AXL" dt-check --json "$2" 2>/dev/null | grep -v '"file":' >"$tmp/dir.json"
	grep -v '"file":' "$out/$3.dtcheck.json" >"$tmp/blob.json"
	if [ -s "$tmp/blob.json" ] && cmp -s "$tmp/dir.json" "$tmp/blob.json"; then
		ok "$1: its /proc/device-tree gives the same report"
	else
		diff "$tmp/blob.json" "$tmp/dir.json" >"$out/$1.dir.diff"
		bad "$1: its /proc/device-tree gives the same report" "see $out/$1.dir.diff"
	fi
}

# untar NAME: unpack NAME-dt.tar into $tmp/NAME (its base/ is the device tree)
untar() {
	mkdir -p "$tmp/$1"
	tar -C "$tmp/$1" -xf "$out/$1-dt.tar" 2>/dev/null && [ -d "$tmp/$1/base" ]
}

# regions NAME: the number of extended regions in NAME's JSON report
regions() {
	grep -c '"kind": "extended"' "$out/$1.dtcheck.json"
}

if grep -q '^guest: xl create rc=0 ' "$out/summary.txt" &&
	grep -q '^guest: xl destroy rc=0$' "$out/summary.txt"; then
	ok "guest: real xl created and destroyed it"
else
	bad "guest: real xl created and destroyed it" \
		"$(grep '^guest: xl' "$out/summary.txt" | tr '\n' ' ')(see $out/xl.log.gz)"
fi

for who in dom0 guest; do
	if [ ! -f "$out/$who.dtb" ]; then
		bad "$who: tree received" "no $who.dtb (see $out/summary.txt)"
		continue
	fi
	ok "$who: tree received ($(stat -c %s "$out/$who.dtb") bytes)"
	dtcheck "$who" "$out/$who.dtb"
	n=$(regions "$who")
	if [ "$n" -gt 0 ]; then
		ok "$who: has extended regions ($n)"
	else
		bad "$who: has extended regions" "none (the $who balloons)"
	fi
	if untar "$who"; then
		same_report "$who" "$tmp/$who/base" "$who"
	else
		bad "$who: its /proc/device-tree gives the same report" "no usable $who-dt.tar"
	fi
done

# What the guest got is what axl computes for the same config and inputs.
if [ -f "$out/guest.dtb" ]; then
	"$AXL" dt --xen-version "$XENVER" -o "$tmp/axl.dtb" "$sc/etc/xen/dtcheck.cfg" "kernel=\"$(kernel_image)\"" \
		"ramdisk=\"$sc/boot/dtcheck-initrd.gz\"" 2>"$tmp/axl-dt.err" ||
		bad "guest: regions are axl's" "axl dt failed: $(head -n 1 "$tmp/axl-dt.err")"
	for p in "/hypervisor reg" "/memory@40000000 reg" "/hypervisor compatible"; do
		# shellcheck disable=SC2086
		want=$(fdtget -t x "$tmp/axl.dtb" $p 2>&1)
		# shellcheck disable=SC2086
		got=$(fdtget -t x "$out/guest.dtb" $p 2>&1)
		if [ -f "$tmp/axl.dtb" ] && [ "$want" = "$got" ]; then
			ok "guest: $p is axl dt's"
		else
			bad "guest: $p is axl dt's" "guest <$got>, axl dt <$want>"
		fi
	done
fi

{
	echo "times: boot ${boot_s} s ($(sed -n 's/.*wall=\([0-9.]*s\).*/\1/p' "$out/timings.txt") QEMU), script $(elapsed "$start") s"
	sed -n 's/^guest: /times: guest: /p' "$out/summary.txt"
} | tee "$out/times.txt"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
