# dom0 scenario (busybox sh, sourced with /lib/axl/boot.sh loaded): for every config in
# /etc/xen/ref/*.cfg, dump the guest device tree real libxl (4.17 or 4.20) builds, with
#   LIBXL_DEBUG_DUMP_DTB=/tmp/NAME.dtb xl -vvv create -p NAME.cfg [extra]
# then destroy the paused domain. Sends NAME.dtb (if libxl wrote one), NAME.xl.log.gz (xl's
# output, then the hypervisor's console lines logged during the create as "xen-console: ...")
# and summary.txt (one line per config: exit codes and times from /proc/uptime).
# Extra xl.cfg lines for a config come from /etc/xen/ref/NAME.extra (one KEY=VALUE a line).

cd /tmp || exit 1
: >/tmp/summary.txt
# disk-virtio's target must exist (no backend serves it: the device stays unconnected)
head -c 1048576 /dev/zero >/tmp/vdisk.img
for cfg in /etc/xen/ref/*.cfg; do
	[ -f "$cfg" ] || continue
	n=${cfg##*/}; n=${n%.cfg}
	set --
	if [ -f "/etc/xen/ref/$n.extra" ]; then
		while IFS= read -r kv; do
			[ -n "$kv" ] && set -- "$@" "$kv"
		done <"/etc/xen/ref/$n.extra"
	fi
	rm -f "/tmp/$n.dtb"
	xl dmesg -c >/dev/null 2>&1
	t1=$(axl_uptime)
	LIBXL_DEBUG_DUMP_DTB=/tmp/$n.dtb xl -vvv create -p "$cfg" "$@" >"/tmp/$n.xl.log" 2>&1
	crc=$?
	t2=$(axl_uptime)
	# what the hypervisor said meanwhile (e.g. why it refused the domain)
	xl dmesg -c 2>&1 | sed 's/^/xen-console: /' >>"/tmp/$n.xl.log"
	if xl domid "$n" >/dev/null 2>&1; then
		xl destroy "$n" >>"/tmp/$n.xl.log" 2>&1
		drc=$?
	else
		drc=none
	fi
	t3=$(axl_uptime)
	line="$n create_rc=$crc destroy_rc=$drc create_s=$(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.2f", b-a}') destroy_s=$(awk -v a="$t2" -v b="$t3" 'BEGIN{printf "%.2f", b-a}') dtb=$([ -f "/tmp/$n.dtb" ] && echo yes || echo no)"
	echo "$line" >>/tmp/summary.txt
	axl_log "$line"
	gzip -9 "/tmp/$n.xl.log"
	axl_send "$n.xl.log.gz" "/tmp/$n.xl.log.gz"
	[ -f "/tmp/$n.dtb" ] && axl_send "$n.dtb" "/tmp/$n.dtb"
done
xl list >>/tmp/summary.txt 2>&1
axl_send summary.txt /tmp/summary.txt
