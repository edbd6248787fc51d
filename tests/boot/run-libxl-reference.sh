#!/bin/bash
# run-libxl-reference.sh: the first end-to-end boot test. Puts every reference config (plus
# partial.dtb as /etc/xen/partial.dtb, a 1039844-byte /boot/domu-initrd.gz, the stand-in
# /boot/Image of INPUTS.md and an empty /tmp/vdisk.img for disk-virtio) into a dom0
# initramfs with the libxl-reference scenario, boots real Xen + dom0, lets real xl create
# (paused) and destroy each guest with LIBXL_DEBUG_DUMP_DTB, and compares the dumped DTBs
# with the references (check-libxl-reference.sh).
#
# usage: run-libxl-reference.sh [-g GIC] [NAME...]
#   GIC    QEMU gic-version of the host, 3 (default) or 2
#   NAME   only these reference configs (default: all *.cfg)
# The Xen is $AXL_BOOT_XEN's (4.17, the default, or 4.20). The references come from
# $AXL_REFERENCE_DIR, by default tests/data/libxl-VER (the repository's copy of the shared
# references). Results go to $AXL_BOOT_WORK/xen-VER/out-libxl-reference[-gicv2]. Needs
# fetch.sh to have run. The cross-built sysroot test program (mk-sysroot.sh) is also run in dom0 when
# it exists (result sysroot-test.txt).
. "$(dirname "$0")/lib.sh"

gic=3
if [ "${1:-}" = -g ]; then
	[ $# -ge 2 ] || die "run-libxl-reference: -g needs 2 or 3"
	gic=$2; shift 2
fi
ref=$REF_DIR
[ -d "$ref" ] || die "reference directory $ref not found (set AXL_REFERENCE_DIR)"
ref=$(cd "$ref" && pwd)
names=("$@")
if [ ${#names[@]} = 0 ]; then
	for cfg in "$ref"/*.cfg; do
		[ -f "$cfg" ] || die "no *.cfg in $ref"
		names+=("$(basename "$cfg" .cfg)")
	done
fi
suffix=""; [ "$gic" = 3 ] || suffix=-gicv$gic
sc=$WORK/scenario-libxl-reference
out=$WORK/out-libxl-reference$suffix
rm -rf "$sc"
mkdir -p "$sc/etc/xen/ref" "$sc/boot"
cp "$BOOT_DIR/scenarios/libxl-reference/scenario.sh" "$sc/scenario.sh"
for n in "${names[@]}"; do
	[ -f "$ref/$n.cfg" ] || die "no reference config $n.cfg in $ref"
	cp "$ref/$n.cfg" "$sc/etc/xen/ref/"
done
# partial.dtb is the same for every version (only the 4.17 set keeps a copy)
pdtb=$ref/partial.dtb
[ -f "$pdtb" ] || pdtb=$BOOT_DIR/../data/libxl-4.17/partial.dtb
[ -f "$pdtb" ] || die "no partial.dtb in $ref"
cp "$pdtb" "$sc/etc/xen/partial.dtb"
# INPUTS.md: the kernel is only read for its header and size; the stand-in replaces
# dom0's /boot/Image in this scenario (no guest boots here).
ref_image "$sc/boot/Image"
# INPUTS.md: the ramdisk is 1039844 bytes and its contents do not matter.
head -c 1039844 /dev/zero >"$sc/boot/domu-initrd.gz"
# vuart-gicv2 was made on a GICv2 host; here (GICv3) ask for a v2 guest explicitly.
[ -f "$sc/etc/xen/ref/vuart-gicv2.cfg" ] && echo 'gic_version="v2"' >"$sc/etc/xen/ref/vuart-gicv2.extra"

dirs=("$sc")
if [ -x "$RCACHE/sysroot-test/t" ]; then
	st=$WORK/scenario-sysroot-test
	rm -rf "$st"
	mkdir -p "$st/usr/local/bin"
	cp "$RCACHE/sysroot-test/t" "$st/usr/local/bin/axl-sysroot-test"
	cat >"$st/scenario.sh" <<'SHEOF'
# run the program mk-sysroot.sh cross-built against the arm64 sysroot
/usr/local/bin/axl-sysroot-test >/tmp/st.txt 2>&1
echo "rc=$?" >>/tmp/st.txt
axl_send sysroot-test.txt /tmp/st.txt
SHEOF
	dirs+=("$st")
fi
"$BOOT_DIR/mkdom0.sh" -o "$WORK/dom0-libxl-reference.cpio.gz" "${dirs[@]}"
"$BOOT_DIR/run-xen.sh" -g "$gic" -i "$WORK/dom0-libxl-reference.cpio.gz" -o "$out" -t 280
sed 's/^/dom0: /' "$out/summary.txt" >&2
[ ! -f "$out/sysroot-test.txt" ] || sed 's/^/sysroot-test: /' "$out/sysroot-test.txt" >&2
AXL_REFERENCE_DIR=$ref "$BOOT_DIR/check-libxl-reference.sh" "$out" "${names[@]}"
