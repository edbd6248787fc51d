# dom0 scenario (busybox sh, sourced with /lib/axl/boot.sh loaded): the device trees real
# software wrote, for axl dt-check on the host (run-dtcheck.sh).
#   dom0.dtb, dom0-dt.tar   dom0's /sys/firmware/fdt (written by the hypervisor) and its
#                           /sys/firmware/devicetree/base (= /proc/device-tree) as a tar
#   guest.dtb, guest-dt.tar the same from inside a real guest: real `xl create` of
#                           /etc/xen/dtcheck.cfg (Debian's /boot/Image, a busybox initramfs
#                           whose /init prints both in base64 on its console), destroyed
#                           once it has; xenconsoled (--log=guest) logs that console to
#                           /var/log/xen/console/guest-dtcheck.log, whence they are cut out
#   guest-console.log.gz    that console log; xl.log.gz  xl's output
#   summary.txt             exit codes and times (dom0 uptime, 10 ms resolution)

cd /tmp || exit 1
: >/tmp/summary.txt
fail=0
note() { echo "$*" >>/tmp/summary.txt; axl_log "$*"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# ---- dom0's own tree ----
if cp /sys/firmware/fdt /tmp/dom0.dtb; then
	axl_send dom0.dtb /tmp/dom0.dtb
else
	note "dom0: cannot read /sys/firmware/fdt"; fail=1
fi
tar -C /sys/firmware/devicetree -cf /tmp/dom0-dt.tar base && axl_send dom0-dt.tar /tmp/dom0-dt.tar ||
	{ note "dom0: cannot archive /sys/firmware/devicetree/base"; fail=1; }

# ---- a real guest's tree ----
log=/var/log/xen/console/guest-dtcheck.log
rm -f "$log"
t1=$(axl_uptime)
xl -vvv create /etc/xen/dtcheck.cfg >/tmp/xl.log 2>&1
crc=$?
t2=$(axl_uptime)
note "guest: xl create rc=$crc in $(secs "$t1" "$t2") s"
# The guest prints its trees, then waits; wait for its last marker (or its end).
end=none
i=0
while [ $i -lt 1800 ]; do
	if grep -q '^===GUEST-DT-END===' "$log" 2>/dev/null; then end=marker; break; fi
	xl domid dtcheck >/dev/null 2>&1 || { end=gone; break; }
	usleep 100000
	i=$((i + 1))
done
t3=$(axl_uptime)
note "guest: console end=$end after $(secs "$t2" "$t3") s"
# Everything is in the log once the last marker is: destroy the guest.
if xl domid dtcheck >/dev/null 2>&1; then
	xl destroy dtcheck >>/tmp/xl.log 2>&1
	note "guest: xl destroy rc=$?"
else
	note "guest: already gone before xl destroy"; fail=1
fi
xl dmesg 2>&1 | sed 's/^/xen-console: /' >>/tmp/xl.log
t4=$(axl_uptime)
note "guest: gone after $(secs "$t3" "$t4") s; create to gone $(secs "$t1" "$t4") s"

# cut_out BEGIN END OUT: the base64 lines between two marker lines of the console log
cut_out() {
	tr -d '\r' <"$log" | sed -n "/^===$1===\$/,/^===$2===\$/p" | sed '1d;$d' | base64 -d >"$3"
}
if [ -f "$log" ]; then
	gzip -9c "$log" >/tmp/guest-console.log.gz && axl_send guest-console.log.gz /tmp/guest-console.log.gz
	if cut_out GUEST-FDT-BEGIN GUEST-FDT-END /tmp/guest.dtb && [ -s /tmp/guest.dtb ]; then
		axl_send guest.dtb /tmp/guest.dtb
	else
		note "guest: no /sys/firmware/fdt in the console log"; fail=1
	fi
	if cut_out GUEST-DT-BEGIN GUEST-DT-END /tmp/guest-dt.tar && [ -s /tmp/guest-dt.tar ]; then
		axl_send guest-dt.tar /tmp/guest-dt.tar
	else
		note "guest: no device-tree archive in the console log"; fail=1
	fi
else
	note "guest: no console log $log"; fail=1
fi
gzip -9 /tmp/xl.log && axl_send xl.log.gz /tmp/xl.log.gz
[ "$crc" = 0 ] || fail=1
note "scenario: problems=$fail"
axl_send summary.txt /tmp/summary.txt
# The host's checks decide (a missing result is reported there, one line per check).
exit 0
