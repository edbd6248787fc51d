#!/bin/bash
# run-libxl-reference.sh: the first end-to-end boot test. Puts every reference config (plus
# partial.dtb as /etc/xen/partial.dtb and a 1039844-byte /boot/domu-initrd.gz) into a dom0
# initramfs with the libxl-reference scenario, boots real Xen + dom0, lets real xl create
# (paused) and destroy each guest with LIBXL_DEBUG_DUMP_DTB, and compares the dumped DTBs
# with the references (check-libxl-reference.sh).
#
# usage: run-libxl-reference.sh [REFERENCE_DIR]   (default as in check-libxl-reference.sh)
# Needs fetch.sh to have run. The cross-built sysroot test program (mk-sysroot.sh) is also
# run in dom0 when it exists (result sysroot-test.txt).
. "$(dirname "$0")/lib.sh"

ref=${1:-${AXL_REFERENCE_DIR:-$BOOT_DIR/../../../shared/reference/libxl-4.17}}
[ -d "$ref" ] || die "reference directory $ref not found (set AXL_REFERENCE_DIR)"
ref=$(cd "$ref" && pwd)
WORK=${AXL_BOOT_WORK:-$BOOT_DIR/work}
sc=$WORK/scenario-libxl-reference
rm -rf "$sc"
mkdir -p "$sc/etc/xen/ref" "$sc/boot"
cp "$BOOT_DIR/scenarios/libxl-reference/scenario.sh" "$sc/scenario.sh"
cp "$ref"/*.cfg "$sc/etc/xen/ref/" || die "no *.cfg in $ref"
[ -f "$ref/partial.dtb" ] || die "no partial.dtb in $ref"
cp "$ref/partial.dtb" "$sc/etc/xen/partial.dtb"
# INPUTS.md: the ramdisk is 1039844 bytes and its contents do not matter.
head -c 1039844 /dev/zero >"$sc/boot/domu-initrd.gz"
# vuart-gicv2 was made on a GICv2 host; here (GICv3) ask for a v2 guest explicitly.
[ -f "$sc/etc/xen/ref/vuart-gicv2.cfg" ] && echo 'gic_version="v2"' >"$sc/etc/xen/ref/vuart-gicv2.extra"

dirs=("$sc")
if [ -x "$CACHE/sysroot-test/t" ]; then
	st=$WORK/scenario-sysroot-test
	rm -rf "$st"
	mkdir -p "$st/usr/local/bin"
	cp "$CACHE/sysroot-test/t" "$st/usr/local/bin/axl-sysroot-test"
	cat >"$st/scenario.sh" <<'SHEOF'
# run the program mk-sysroot.sh cross-built against the arm64 sysroot
/usr/local/bin/axl-sysroot-test >/tmp/st.txt 2>&1
echo "rc=$?" >>/tmp/st.txt
axl_send sysroot-test.txt /tmp/st.txt
SHEOF
	dirs+=("$st")
fi
"$BOOT_DIR/mkdom0.sh" -o "$WORK/dom0-libxl-reference.cpio.gz" "${dirs[@]}"
"$BOOT_DIR/run-xen.sh" -i "$WORK/dom0-libxl-reference.cpio.gz" -o "$WORK/out-libxl-reference" -t 280
cat "$WORK/out-libxl-reference/summary.txt" >&2
"$BOOT_DIR/check-libxl-reference.sh" "$WORK/out-libxl-reference" "$ref"
