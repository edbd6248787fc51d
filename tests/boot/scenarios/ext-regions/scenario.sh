# The extended-region scenario (dom0 side), sourced by the dom0 init with the helpers of
# /lib/axl/boot.sh (axl_send, axl_uptime, check, note, wait_log, wait_gone, only_dom0) and
# for each guest config under /etc/xen/ext it
# creates the guest paused (axl create -p, or real xl create -p), shares pages with it
# (axl-gntshr: grants published in the guest's xenstore data/axl-gnt), unpauses it and
# waits for its console (/var/log/xen/console/guest-NAME.log) to say ===GNT-END===; the
# guest's /init maps the grants with axl-gntmap and powers off. It sends, per guest,
# NAME.console.log, NAME.create.log, NAME.given.dtb (axl dt --domain, or the DTB real
# libxl dumped) and NAME.gntshr.log; and checks.txt (ok/FAIL lines of dom0's own checks)
# and times.txt. run-ext-regions.sh checks the rest on the host.
AXL=/usr/bin/axl
SHR=/usr/local/bin/axl-gntshr
CON=/var/log/xen/console
CFG=/etc/xen/ext
: >/tmp/checks.txt
: >/tmp/times.txt
since() { awk -v a="$1" -v b="$(axl_uptime)" 'BEGIN { printf "%.2f", b - a }'; }

# More grants than gntalloc's default limit of 1024 pages.
echo 8192 >/sys/module/xen_gntalloc/parameters/limit || note "cannot raise the gntalloc limit"
note "gntalloc limit $(cat /sys/module/xen_gntalloc/parameters/limit)"

# run_gnt NAME TOOL COUNT MODE: one guest, one share, one mapping run.
run_gnt() {
	n=$1 tool=$2 count=$3 mode=$4
	rm -f "$CON/guest-$n.log" /tmp/$n.*
	t0=$(axl_uptime)
	if [ "$tool" = axl ]; then
		$AXL create -p "$CFG/$n.cfg" >/tmp/$n.create.log 2>&1
	else
		LIBXL_DEBUG_DUMP_DTB=/tmp/$n.given.dtb xl create -p "$CFG/$n.cfg" >/tmp/$n.create.log 2>&1
	fi
	rc=$?
	tc=$(since "$t0")
	check create-$n [ $rc = 0 ]
	axl_send $n.create.log /tmp/$n.create.log
	d=$(xl domid "$n" 2>/dev/null)
	[ -n "$d" ] || { note "$n: no domain after create (rc=$rc)"; return; }
	[ "$tool" = axl ] && $AXL dt --domain "$n" -o /tmp/$n.given.dtb >>/tmp/$n.create.log 2>&1
	[ -s /tmp/$n.given.dtb ] && axl_send $n.given.dtb /tmp/$n.given.dtb
	$SHR "$d" "$count" "/local/domain/$d/data/axl-gnt" "$mode" >/tmp/$n.gntshr.log 2>&1 &
	shr=$!
	check share-$n wait_log /tmp/$n.gntshr.log "gntshr: shared" 30
	t1=$(axl_uptime)
	if [ "$tool" = axl ]; then $AXL unpause "$n"; else xl unpause "$n"; fi
	check guest-$n-done wait_log "$CON/guest-$n.log" ===GNT-END=== 240
	tg=$(since "$t1")
	wait_gone "$n" 60 || { note "$n: still there 60 s after its end marker, destroyed"; xl destroy "$n"; }
	tgone=$(since "$t1")
	kill "$shr" 2>/dev/null
	wait "$shr"
	check unshare-$n grep -q "gntshr: unshared" /tmp/$n.gntshr.log
	echo "$n tool=$tool count=$count mode=$mode create=${tc}s unpause_to_end_marker=${tg}s unpause_to_gone=${tgone}s" >>/tmp/times.txt
	axl_send $n.gntshr.log /tmp/$n.gntshr.log
	[ -f "$CON/guest-$n.log" ] && axl_send $n.console.log "$CON/guest-$n.log"
	check nothing-left-after-$n only_dom0
}

for spec in $(cat "$CFG/order"); do
	# NAME:TOOL:COUNT:MODE
	IFS=: read -r n tool count mode <<EOS
$spec
EOS
	run_gnt "$n" "$tool" "$count" "$mode"
done

# ext_regions_require beyond what the layout offers: refused, nothing created.
t0=$(axl_uptime)
$AXL create -p "$CFG/def.cfg" 'name="require"' 'ext_regions_require="2T"' >/tmp/require.log 2>&1
rc=$?
echo "require tool=axl create=$(since "$t0")s rc=$rc" >>/tmp/times.txt
check require-refused [ $rc != 0 ]
check require-message grep -q "^axl: error: ext_regions_require:" /tmp/require.log
check require-no-domain only_dom0
check require-no-xl-entry sh -c "! xl domid require"
axl_send require.log /tmp/require.log

axl_send times.txt /tmp/times.txt
axl_send checks.txt /tmp/checks.txt
