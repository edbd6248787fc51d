#!/bin/bash
# run-axl-create.sh: boot tests of axl create on real Xen 4.17 (QEMU).
# Cross-builds axl (build-axl.sh), puts it, a busybox guest initramfs and
# the test configs into dom0, runs scenarios/axl-create in dom0, then
# checks the results on the host with the host build of axl.
# Prints one "ok"/"FAIL" line per check and "N passed, N failed".
. "$(dirname "$0")/lib.sh"

WORK=${AXL_BOOT_WORK:-$BOOT_DIR/work}
top=$(cd "$BOOT_DIR/../.." && pwd)
HOST_AXL=$top/tools/xl/axl
[ -x "$HOST_AXL" ] || die "run-axl-create: build axl first (make)"
arm_axl=$("$BOOT_DIR/build-axl.sh")
sc=$WORK/scenario-axl-create
out=$WORK/out-axl-create
rm -rf "$sc"
mkdir -p "$sc/usr/local/bin" "$sc/etc/xen/axl" "$sc/boot"
cp "$BOOT_DIR/scenarios/axl-create/scenario.sh" "$sc/scenario.sh"
cp "$arm_axl" "$sc/usr/local/bin/axl"
"$BOOT_DIR/mkguest.sh" "$sc/boot/guest.cpio.gz"
cat >"$sc/etc/xen/axl/g1.cfg" <<'CFG'
name = "g1"
kernel = "/boot/Image"
ramdisk = "/boot/guest.cpio.gz"
memory = 256
vcpus = 1
extra = "console=hvc0 rdinit=/init"
CFG
"$BOOT_DIR/mkdom0.sh" -o "$WORK/dom0-axl-create.cpio.gz" "$sc"
"$BOOT_DIR/run-xen.sh" -i "$WORK/dom0-axl-create.cpio.gz" -o "$out" -t 400

pass=0 fail=0
report() { echo "$1"; case $1 in ok*) pass=$((pass + 1)) ;; *) fail=$((fail + 1)) ;; esac; }
while read -r line; do
	case $line in ok* | FAIL*) report "$line" ;; *) echo "note: $line" ;; esac
done <"$out/checks.txt"

# The guest's own tree, from its console, against the dry run.
fdt_of_console() {
	sed -n '/===GUEST-FDT-BEGIN===/,/===GUEST-FDT-END===/p' "$1" |
		grep -v '===' | tr -d '\r' | base64 -d
}
dts() { dtc -q -I dtb -O dts "$1" | grep -v 'rng-seed'; }
fdt_of_console "$out/g1.console.log" >"$out/g1.guest.dtb" 2>/dev/null
"$HOST_AXL" dt --xen-version 4.17 --gpaddr-bits 40 --seed 0 -o "$out/g1.dry.dtb" \
	"$sc/etc/xen/axl/g1.cfg" "kernel=\"$(kernel_image)\"" \
	"ramdisk=\"$sc/boot/guest.cpio.gz\""
if [ -s "$out/g1.guest.dtb" ] && diff <(dts "$out/g1.dry.dtb") <(dts "$out/g1.guest.dtb") >"$out/g1.diff"; then
	report "ok guest-tree-equals-dry-run"
else
	report "FAIL guest-tree-equals-dry-run: see $out/g1.diff"
fi
if diff <(dts "$out/g1.dry.dtb") <(dts "$out/g1.given.dtb") >"$out/g1-given.diff"; then
	report "ok given-tree-equals-dry-run"
else
	report "FAIL given-tree-equals-dry-run: see $out/g1-given.diff"
fi
echo "axl-create: $pass passed, $fail failed"
[ "$fail" = 0 ]
