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
guest_skeleton "$tmp"
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
mkcpio "$tmp" "$out"
