#!/bin/bash
# mkguest-disk.sh: the root disk of the device boot tests: an ext4 image file (made with
# mke2fs -d from the host's e2fsprogs: no loop mount, no root needed) holding a busybox-static
# root. The guest boots from it with "root=/dev/xvda rw" (no ramdisk), its kernel built with
# the vbd and vif frontends (kernel/guest.config).
#
# usage: mkguest-disk.sh [-s MIB] [-m MARKER] OUT.img
#   -s MIB     image size (default 16)
#   -m MARKER  initial content of /marker (default "axl-devices-initial"); the tests
#              rewrite it in dom0 (debugfs -w) before each boot
#
# busybox init runs /etc/rc, which writes everything to hvc0:
#   1. mounts proc, sysfs and a tmpfs on /tmp; prints "root: ..." (its /proc/mounts line);
#   2. prints /marker between ===GUEST-MARKER-BEGIN=== and ===GUEST-MARKER-END===;
#   3. writes /reply: "reply to MARKER" (MARKER: the first line of /marker), syncs, prints
#      "reply: written";
#   4. if eth0 exists: prints "net: eth0 MAC", sets 10.0.0.2/24 on it (with axl_ip=A on
#      the command line: A/32 and a route to 10.0.0.1 through eth0, for vif-route), pings dom0 (10.0.0.1)
#      and prints "ping: ok ..." or "ping: FAIL ...", then (unless axl_noxfer is on the
#      command line) connects to 10.0.0.1 port 5000 with busybox nc, retrying for up to
#      60 s until dom0 serves, and prints "xfer: bytes N sha256 SUM" of what it received
#      (or "xfer: FAIL ..."); without eth0 it prints "net: no eth0";
#   5. prints ===GUEST-DISK-END===, syncs and remounts / read-only ("root: ro");
#   6. powers off, or, with axl_stay on the command line, prints ===GUEST-STAY=== and ends:
#      busybox init then waits for a shutdown or reboot request and carries it out (its
#      shutdown action syncs and remounts / read-only again: the image stays clean).
# The guest's reboot and poweroff requests from the toolstack reach busybox through
# /sbin/reboot and /sbin/poweroff (the kernel's orderly_reboot/poweroff), links made here.
. "$(dirname "$0")/lib.sh"

size=16
marker=axl-devices-initial
while [ $# -gt 0 ]; do
	case $1 in
	-s) [ $# -ge 2 ] || die "mkguest-disk: -s needs a size"; size=$2; shift 2 ;;
	-m) [ $# -ge 2 ] || die "mkguest-disk: -m needs a marker"; marker=$2; shift 2 ;;
	-*) die "mkguest-disk: unknown option $1" ;;
	*) break ;;
	esac
done
out=${1:?usage: mkguest-disk.sh [-s MIB] [-m MARKER] OUT.img}
case $size in '' | *[!0-9]*) die "mkguest-disk: size must be a number of MiB" ;; esac
if ! command -v mke2fs >/dev/null 2>&1; then
	[ -x /sbin/mke2fs ] || [ -x /usr/sbin/mke2fs ] || die "mkguest-disk: mke2fs not found (Debian package e2fsprogs)"
fi
MKE2FS=$(command -v mke2fs || ls /usr/sbin/mke2fs /sbin/mke2fs 2>/dev/null | sed -n 1p)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
r=$tmp/root
guest_skeleton "$r"
# A root on disk: the kernel runs /sbin/init; the toolstack's shutdown and reboot requests
# run /sbin/poweroff and /sbin/reboot.
for l in sbin/init sbin/poweroff sbin/reboot sbin/halt; do ln -sf ../bin/busybox "$r/$l"; done
ln -sf busybox "$r/bin/sh"
mkdir -p "$r/root" "$r/run"
printf '%s\n' "$marker" >"$r/marker"
cat >"$r/etc/inittab" <<'TAB'
::sysinit:/bin/busybox sh /etc/rc
::shutdown:/bin/busybox sh /etc/rc.shutdown
TAB
cat >"$r/etc/rc.shutdown" <<'RC'
echo "===GUEST-SHUTDOWN==="
sync
mount -o remount,ro / 2>/dev/null
RC
cat >"$r/etc/rc" <<'RC'
mount -o remount,rw / 2>/dev/null
/bin/busybox --install -s 2>/dev/null
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp
dmesg -n 1
echo "===GUEST-DISK-BEGIN==="
echo "root: $(grep ' / ' /proc/mounts | grep -v '^rootfs')"
echo "===GUEST-MARKER-BEGIN==="
cat /marker
echo "===GUEST-MARKER-END==="
m=$(head -n 1 /marker)
echo "reply to $m" >/reply
sync
echo "reply: written"
i=0
while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 50 ]; do i=$((i + 1)); usleep 100000; done
if [ -e /sys/class/net/eth0 ]; then
	echo "net: eth0 $(cat /sys/class/net/eth0/address)"
	ip link set lo up
	a=$(sed -n 's/.*axl_ip=\([0-9.]*\).*/\1/p' /proc/cmdline)
	if [ -n "$a" ]; then
		# routed (vif-route): this address alone, dom0 straight through eth0
		ip addr add "$a/32" dev eth0
		ip link set eth0 up
		ip route add 10.0.0.1 dev eth0
	else
		ip addr add 10.0.0.2/24 dev eth0
		ip link set eth0 up
	fi
	if ping -c 3 -w 20 10.0.0.1 >/tmp/ping.out 2>&1; then
		echo "ping: ok $(grep -o '[0-9]* packets received' /tmp/ping.out)"
	else
		echo "ping: FAIL $(tail -n 2 /tmp/ping.out | tr '\n' ' ')"
	fi
	if ! grep -q axl_noxfer /proc/cmdline; then
		# The receiving nc must not see EOF on its stdin (it would half-close the
		# connection and dom0's nc would stop sending): a FIFO held open read-write.
		mkfifo /tmp/hold
		exec 3<>/tmp/hold
		i=0 n=0
		while [ $i -lt 60 ]; do
			i=$((i + 1))
			timeout 60 nc 10.0.0.1 5000 <&3 >/tmp/blob 2>/tmp/nc.err
			n=$(wc -c </tmp/blob)
			[ "$n" -gt 0 ] && break
			sleep 1
		done
		exec 3>&-
		if [ "$n" -gt 0 ]; then
			echo "xfer: bytes $n sha256 $(sha256sum /tmp/blob | cut -d' ' -f1)"
		else
			echo "xfer: FAIL nothing received in $i attempts: $(head -c 200 /tmp/nc.err | tr '\n' ' ')"
		fi
		rm -f /tmp/blob
	fi
else
	echo "net: no eth0"
fi
echo "===GUEST-DISK-END==="
sync
mount -o remount,ro / && echo "root: ro"
# busybox init acts on shutdown and reboot requests only once its sysinit action (this
# script) has ended: with axl_stay it just ends, and init waits.
if grep -q axl_stay /proc/cmdline; then
	echo "===GUEST-STAY==="
	exit 0
fi
poweroff
RC
"$MKE2FS" -q -F -t ext4 -L axl-guest -d "$r" -E root_owner=0:0 "$tmp/img" "${size}M" >/dev/null ||
	die "mkguest-disk: mke2fs failed"
mv "$tmp/img" "$out"
