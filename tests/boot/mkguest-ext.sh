#!/bin/bash
# mkguest-ext.sh: the busybox initramfs for the guests of the extended-region boot tests.
#
# usage: mkguest-ext.sh OUT.cpio.gz AXL-GNTMAP
#
# busybox init runs /etc/rc: it mounts proc, sysfs and devtmpfs, prints the kernel release
# and /proc/device-tree/hypervisor/reg, runs AXL-GNTMAP (installed as /bin/axl-gntmap; it
# waits for the grants dom0 publishes in xenstore, maps them and prints "gnt: ..." lines),
# then the whole dmesg between ===GNT-DMESG-BEGIN/END===, ===GNT-END===, and powers off.
# Everything goes to hvc0, which xenconsoled logs in dom0.
. "$(dirname "$0")/lib.sh"

out=${1:?usage: mkguest-ext.sh OUT.cpio.gz AXL-GNTMAP}
gntmap=${2:?usage: mkguest-ext.sh OUT.cpio.gz AXL-GNTMAP}
[ -x "$gntmap" ] || die "mkguest-ext: $gntmap is not an executable"
need_cmd cpio gzip
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
guest_skeleton "$tmp"
cp "$gntmap" "$tmp/bin/axl-gntmap"
cat >"$tmp/etc/rc" <<'RC'
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
dmesg -n 1
echo "===GNT-BEGIN==="
echo "gnt: kernel $(uname -r) $(uname -v)"
echo "gnt: reg $(od -An -tx1 -v /proc/device-tree/hypervisor/reg | tr -d ' \n')"
/bin/axl-gntmap -t 120 data/axl-gnt
echo "gnt: rc $?"
echo "===GNT-DMESG-BEGIN==="
dmesg
echo "===GNT-DMESG-END==="
echo "===GNT-END==="
poweroff
RC
mkcpio "$tmp" "$out"
