#!/bin/bash
# mkguest.sh: a busybox initramfs for guests of the boot tests (written to
# stdout's path argument). busybox init runs /etc/rc: it prints the
# guest's /proc/device-tree/hypervisor/reg, /proc/iomem and base64 of
# /sys/firmware/fdt between markers on hvc0, then powers off, unless the
# kernel command line has axl_stay (then it waits for a shutdown or reboot
# request, which busybox init carries out).
. "$(dirname "$0")/lib.sh"

out=${1:?usage: mkguest.sh OUT.cpio.gz}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{bin,sbin,etc,proc,sys,dev,tmp}
cp "$(pkgdir busybox-static)/bin/busybox" "$tmp/bin/busybox"
ln -s bin/busybox "$tmp/init"
cat >"$tmp/etc/inittab" <<'TAB'
::sysinit:/bin/busybox sh /etc/rc
::shutdown:/bin/echo ===GUEST-SHUTDOWN===
TAB
cat >"$tmp/etc/rc" <<'RC'
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo "===GUEST-BEGIN==="
echo "reg: $(od -An -tx1 -v /proc/device-tree/hypervisor/reg | tr -d ' \n')"
echo "memtotal: $(grep MemTotal /proc/meminfo)"
echo "===GUEST-FDT-BEGIN==="
base64 /sys/firmware/fdt
echo "===GUEST-FDT-END==="
echo "===GUEST-END==="
grep -q axl_stay /proc/cmdline || poweroff
RC
(cd "$tmp" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -6 >"$out" || die "mkguest: cannot write $out"
