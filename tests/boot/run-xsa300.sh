#!/bin/bash
# run-xsa300.sh: XSA-300 under attack, on real Xen (QEMU): 4.17, or 4.20 with AXL_BOOT_XEN=4.20.
# A driver domain dd (the guest kernel with the block and network backends built in, and
# ZONE_DEVICE + XEN_UNPOPULATED_ALLOC, so that blkback maps grants into the extended regions
# axl advertises; 512 MiB, 2 vCPUs; a copy of the dom0 tree with axl devd, as in
# run-driver-domain.sh) serves a victim frontend (one disk: write, read back, compare, in a
# loop) and an attacking one (AXL_XSA_DISKS disks, default 8, with AXL_XSA_READERS O_DIRECT
# readers each, default 4: persistent grants and indirect descriptors). For each policy of
# AXL_XSA_POLICIES (default "ram none size"; "size" is ram with ext_regions_size="128M",
# one 128 MiB memory section: 32768 pages), dd's MemTotal, MemFree, balloon current_kb and
# "Xen scratch" KiB are sampled before, during (every 10 s for AXL_XSA_SECONDS, default 60)
# and after the attack (scenarios/xsa300/scenario.sh). Prints the checks that each step
# happened, the samples as a table, and "N passed, N failed". An experiment (not in
# run-all.sh): it records what happens; docs/extended-regions.md will get the verdicts.
. "$(dirname "$0")/lib.sh"

t_all=$(now)
disks=${AXL_XSA_DISKS:-8}
readers=${AXL_XSA_READERS:-4}
policies=${AXL_XSA_POLICIES:-ram none size}
secs=${AXL_XSA_SECONDS:-60}
case "$disks$readers$secs" in *[!0-9]*) die "run-xsa300: AXL_XSA_DISKS, _READERS and _SECONDS are numbers" ;; esac
[ "$disks" -ge 1 ] && [ "$disks" -le 16 ] || die "run-xsa300: AXL_XSA_DISKS must be 1 to 16"
need_cmd cpio gzip
mkdir -p "$WORK"
kimg=$("$BOOT_DIR/build-guest-kernel.sh" 2>"$WORK/guest-kernel.log") ||
	{ cat "$WORK/guest-kernel.log" >&2; die "run-xsa300: the guest kernel did not build"; }
ddimg=$(AXL_GUEST_KCONFIG="$BOOT_DIR/kernel/guest.config $BOOT_DIR/kernel/driver-domain.config" \
	"$BOOT_DIR/build-guest-kernel.sh" 2>"$WORK/dd-kernel.log") ||
	{ cat "$WORK/dd-kernel.log" >&2; die "run-xsa300: the driver domain's kernel did not build"; }
SD=$BOOT_DIR/scenarios/xsa300
sc=$WORK/scenario-xsa300
out=$WORK/out-xsa300
tmp=$(mktemp -d "${TMPDIR:-/tmp}/axl-xsa.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
rm -rf "$sc"
mkdir -p "$sc/etc/xen/xsa" "$sc/boot"
cp "$SD/scenario.sh" "$sc/scenario.sh"
echo "$policies" >"$sc/etc/xen/xsa/policies"
echo "$secs" >"$sc/etc/xen/xsa/seconds"
install_axl "$sc"
cp "$kimg" "$sc/boot/guest-Image"
cp "$ddimg" "$sc/boot/dd-Image"
dd_root "$tmp/dd" yes "$sc/boot/dd-initrd.gz"
for r in attacker victim; do
	guest_skeleton "$tmp/$r"
	cp "$SD/$r-rc" "$tmp/$r/etc/rc"
	mkcpio "$tmp/$r" "$sc/boot/$r-initrd.gz"
done

for p in $policies; do
	case $p in
	ram | holes | none) ext="ext_regions = \"$p\"" ;;
	size) ext='ext_regions = "ram"
ext_regions_size = "128M"' ;;
	*) die "run-xsa300: unknown policy $p (ram, holes, none, size)" ;;
	esac
	cat >"$sc/etc/xen/xsa/dd-$p.cfg" <<CFG
name = "dd"
kernel = "/boot/dd-Image"
ramdisk = "/boot/dd-initrd.gz"
memory = 512
vcpus = 2
driver_domain = 1
extra = "console=hvc0 rdinit=/init axl_dd=1 axl_devd=axl axl_images=$disks"
$ext
CFG
done
cat >"$sc/etc/xen/xsa/victim.cfg" <<'CFG'
name = "victim"
kernel = "/boot/guest-Image"
ramdisk = "/boot/victim-initrd.gz"
memory = 128
extra = "console=hvc0"
disk = [ 'backend=dd,/root/served.img,raw,xvda,rw' ]
CFG
list="" k=1
for v in a b c d e f g h i j k l m n o p; do
	[ $k -le "$disks" ] || break
	list="$list'backend=dd,/root/d$k.img,raw,xvd$v,rw', "
	k=$((k + 1))
done
cat >"$sc/etc/xen/xsa/attacker.cfg" <<CFG
name = "attacker"
kernel = "/boot/guest-Image"
ramdisk = "/boot/attacker-initrd.gz"
memory = 256
vcpus = 2
extra = "console=hvc0 axl_disks=$disks axl_readers=$readers"
disk = [ ${list%, } ]
CFG

"$BOOT_DIR/mkdom0.sh" -o "$WORK/dom0-xsa300.cpio.gz" "$sc"
# xsm=dummy: Debian's default XSM SILO forbids grants between guests (run-driver-domain.sh)
AXL_BOOT_XEN_ARGS=xsm=dummy "$BOOT_DIR/run-xen.sh" -i "$WORK/dom0-xsa300.cpio.gz" -o "$out" \
	-t $((240 + 4 * (secs + 150) * $(echo $policies | wc -w)))

pass=0 fail=0
dom0_checks run-xsa300 "$out/checks.txt"
if [ -s "$out/samples.txt" ]; then
	echo "samples (policy label seconds memtotal memfree balloon scratch loops, KiB):"
	sed 's/^/    /' "$out/samples.txt"
else
	report "FAIL xsa-samples: dom0 sent no samples.txt"
fi
echo "time run-xsa300 total: $(elapsed "$t_all")s"
echo "xsa300: $pass passed, $fail failed"
[ "$fail" = 0 ]
