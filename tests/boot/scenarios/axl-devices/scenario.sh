# The axl-devices scenario (dom0 side): guests with a disk (vbd on xen-blkback, a raw
# image file on a loop device, set up by Debian's /etc/xen/scripts/block) and a network
# interface (vif on xen-netback, put on the bridge xenbr0 by /etc/xen/scripts/vif-bridge),
# first with real xl, then with axl. Sourced by the dom0 init with check, note, axl_send,
# axl_uptime, wait_log, wait_gone and only_dom0 from /lib/axl/boot.sh (mkdom0.sh). Each check
# adds one "ok NAME" / "FAIL NAME: why" line to checks.txt, sent to the host at the end with
# times.txt, the xenstore dumps (xl-devices-xenstore.txt, axl-devices-xenstore.txt: the
# host compares them) and the logs.
#
# What the runner (run-axl-devices.sh) puts into dom0 besides this directory:
#   /usr/bin/axl                   the arm64 axl package (install_axl)
#   /boot/guest-Image              the guest kernel (build-guest-kernel.sh: blkfront, netfront, ext4)
#   /root/guest.img                the guest's root disk (mkguest-disk.sh)
#   /etc/xen/dev/*.cfg             the configs (dev1: the guest; dev1-stay: the same with
#                                  axl_stay axl_noxfer; dev1-cycle: dev1-stay on
#                                  /root/cycle.img; fail-*: the failure injections)
#   /etc/xen/scripts/axl-fail-test a disk hotplug script that fails
# Every toolstack command runs under timeout, and a guest that does not get where it should
# is destroyed, so a broken axl create cannot hang the boot.
AXL=/usr/bin/axl
CON=/var/log/xen/console
CFG=/etc/xen/dev
IMG=/root/guest.img
LOG=$CON/guest-dev1.log
# Debian's programs (iproute2, util-linux's losetup, e2fsprogs) before busybox's applets, as
# the hotplug scripts have them.
export PATH=/usr/sbin:/usr/bin:$PATH
: >/tmp/checks.txt
: >/tmp/times.txt
since() { awk -v a="$1" -v b="$(axl_uptime)" 'BEGIN { printf "%.2f", b - a }'; }
fail_all() { # fail_all WHY NAME...: report each NAME as failed, for WHY
	_w=$1; shift
	for _n in "$@"; do echo "FAIL $_n: $_w" >>/tmp/checks.txt; done
}
first_err() { # the first error line of a log, on one line
	{ grep -m1 -i -E 'error|fail|invalid|cannot|unable' "$1" 2>/dev/null || tail -n 1 "$1" 2>/dev/null; } |
		tr -d '\r' | cut -c1-200
}
tool() { # tool xl|axl ARGS...: the toolstack under test, never for longer than 120 s
	_t=$1; shift
	if [ "$_t" = xl ]; then timeout 120 xl "$@"; else timeout 120 $AXL "$@"; fi
}

# ---- dom0's network and the payload ------------------------------------------------------------
ip link add xenbr0 type bridge stp_state 0 forward_delay 0 &&
	ip addr add 10.0.0.1/24 dev xenbr0 && ip link set xenbr0 up
check bridge-xenbr0-up [ -d /sys/class/net/xenbr0/bridge ]
for m in loop xen_blkback xen_netback bridge; do
	check module-$m-loaded [ -d /sys/module/$m ]
done
head -c 4194304 /dev/urandom >/tmp/blob
BLOBSUM=$(sha256sum /tmp/blob | cut -d' ' -f1)
note "payload: 4194304 bytes sha256 $BLOBSUM"

# ---- helpers -----------------------------------------------------------------------------------
# set_marker TEXT [IMAGE]: write /marker into the guest's image (default $IMG; the guest
# is not running), drop /reply
set_marker() {
	printf '%s\n' "$1" >/tmp/marker
	printf 'rm /reply\nrm /marker\nwrite /tmp/marker /marker\n' >/tmp/debugfs.cmd
	debugfs -w -f /tmp/debugfs.cmd "${2:-$IMG}" >/tmp/debugfs.out 2>&1
	[ "$(debugfs -R 'cat /marker' "${2:-$IMG}" 2>/dev/null)" = "$1" ]
}
reply_of() { debugfs -R 'cat /reply' "$IMG" 2>/dev/null; }
# leftovers: print anything a guest left in dom0; fails if there is something
leftovers() {
	_l=""
	only_dom0 >/tmp/only.out 2>&1 || _l="$_l domains/nodes: $(tr '\n' ' ' </tmp/only.out | cut -c1-200);"
	for _t in vbd vif console vuart; do
		_b=$(xenstore-list /local/domain/0/backend/$_t 2>/dev/null | tr '\n' ' ')
		[ -z "$_b" ] || _l="$_l backend/$_t: $_b;"
	done
	_b=$(losetup -a 2>&1)
	[ -z "$_b" ] || _l="$_l loop: $(echo "$_b" | tr '\n' ' ');"
	_b=$(ls /sys/class/net | grep '^vif' | tr '\n' ' ')
	[ -z "$_b" ] || _l="$_l interfaces: $_b;"
	_b=$(ls /sys/class/net/xenbr0/brif 2>/dev/null | tr '\n' ' ')
	[ -z "$_b" ] || _l="$_l xenbr0 ports: $_b;"
	[ -z "$_l" ] && return 0
	echo "$_l"
	return 1
}
wait_clean() { # wait_clean SECONDS: until nothing is left (xl tears devices down in the background)
	_i=0
	until leftovers >/tmp/left.out 2>&1; do
		_i=$((_i + 1)); [ $_i -le $(($1 * 5)) ] || { cat /tmp/left.out; return 1; }; usleep 200000
	done
}
# force_clean: after a failed check, leave nothing for the next part (noted)
force_clean() {
	leftovers >/tmp/left.out 2>&1 && return 0
	note "cleaning up after $1: $(cat /tmp/left.out)"
	for _d in $(xl list 2>/dev/null | awk 'NR > 2 { print $2 }'); do timeout 60 xl destroy "$_d" >/dev/null 2>&1; done
	for _t in vbd vif console vuart; do
		for _d in $(xenstore-list /local/domain/0/backend/$_t 2>/dev/null); do
			xenstore-rm /local/domain/0/backend/$_t/$_d 2>/dev/null
		done
	done
	for _d in $(xenstore-list /local/domain 2>/dev/null); do [ "$_d" = 0 ] || xenstore-rm /local/domain/$_d; done
	for _d in $(xenstore-list /libxl 2>/dev/null); do [ "$_d" = 0 ] || xenstore-rm /libxl/$_d; done
	for _d in $(xenstore-list /vm 2>/dev/null); do xenstore-rm /vm/$_d; done
	sleep 1
	losetup -D 2>/dev/null
	leftovers >/tmp/left.out 2>&1 || note "still left after the cleanup: $(cat /tmp/left.out)"
}
# kill_guest TOOL: destroy dev1 (a guest that went wrong)
kill_guest() {
	xl domid dev1 >/dev/null 2>&1 || return 0
	tool "$1" destroy dev1 >/dev/null 2>&1 || timeout 60 xl destroy dev1 >/dev/null 2>&1
}
# xs_dump DOMID OUT: the guest's device nodes, as xenstore-ls -fp prints them, with the
# domid written DOMID (in paths, in frontend-id/backend-id values and in permissions),
# uuids as UUID and MACs other than the configured 00:16:3e:00:00:01 as MAC, the
# permission padding squeezed, sorted.
xs_dump() {
	{
		for _p in /local/domain/$1/device /local/domain/0/backend/vbd/$1 \
			/local/domain/0/backend/vif/$1 /libxl/$1/device; do
			if xenstore-exists "$_p" 2>/dev/null; then xenstore-ls -fp "$_p" 2>&1
			else echo "$_p: missing"; fi
		done
	} | awk -v d="$1" '
		{
			line = $0
			# the permissions: the last parenthesised group
			perms = ""
			if (match(line, /\([^()]*\)$/)) {
				perms = substr(line, RSTART); line = substr(line, 1, RSTART - 1)
				n = split(substr(perms, 2, length(perms) - 2), p, ",")
				perms = "("
				for (i = 1; i <= n; i++) {
					if (substr(p[i], 2) == d) p[i] = substr(p[i], 1, 1) "DOMID"
					perms = perms (i > 1 ? "," : "") p[i]
				}
				perms = perms ")"
				sub(/[ .]*$/, "", line)
			}
			# the domid in paths: /local/domain/D, /backend/TYPE/D, /libxl/D, followed
			# by a slash, a double quote, a colon, a space or the end
			out = ""
			while (match(line, "(/local/domain/|/backend/[a-z0-9_]+/|/libxl/)" d "([/\": ]|$)")) {
				seg = substr(line, RSTART, RLENGTH)
				tail = substr(seg, length(seg))
				if (tail ~ /[0-9]/) tail = ""
				sub(d "[/\": ]?$", "", seg)
				out = out substr(line, 1, RSTART - 1) seg "DOMID" tail
				line = substr(line, RSTART + RLENGTH)
			}
			line = out line
			if (line ~ /\/(frontend-id|backend-id) = "/) sub("= \"" d "\"", "= \"DOMID\"", line)
			gsub(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, "UUID", line)
			out = ""
			while (match(line, /[0-9a-f][0-9a-f](:[0-9a-f][0-9a-f]){5}/)) {
				m = substr(line, RSTART, RLENGTH)
				out = out substr(line, 1, RSTART - 1) (m == "00:16:3e:00:00:01" ? m : "MAC")
				line = substr(line, RSTART + RLENGTH)
			}
			line = out line
			print line (perms != "" ? "  " perms : "")
		}' | LC_ALL=C sort >"$2"
}
# connected DOMID: the vbd and the vif of the guest are connected, front and back
connected() {
	for _p in /local/domain/$1/device/vbd/51712 /local/domain/0/backend/vbd/$1/51712 \
		/local/domain/$1/device/vif/0 /local/domain/0/backend/vif/$1/0; do
		[ "$(xenstore-read $_p/state 2>/dev/null)" = 4 ] || { echo "$_p/state: $(xenstore-read $_p/state 2>&1)"; return 1; }
	done
	for _p in /local/domain/0/backend/vbd/$1/51712 /local/domain/0/backend/vif/$1/0; do
		[ "$(xenstore-read $_p/hotplug-status 2>/dev/null)" = connected ] ||
			{ echo "$_p/hotplug-status: $(xenstore-read $_p/hotplug-status 2>&1)"; return 1; }
	done
	[ -d /sys/class/net/xenbr0/brif/vif$1.0 ] || { echo "vif$1.0 not on xenbr0"; return 1; }
	losetup -a | grep -q "$IMG" || { echo "no loop device on $IMG: $(losetup -a)"; return 1; }
}
xfer_ok() { grep -q "^xfer: bytes 4194304 sha256 $BLOBSUM" "$LOG"; }
reply_ok() { [ "$(reply_of)" = "reply to $1" ] || { echo "reply: '$(reply_of)'"; return 1; }; }

# ---- (a), (b): one guest with a disk and a network interface, xl then axl --------------------
# run_dev TOOL: dev1 boots from its disk, prints this run's marker, pings dom0, receives
# the payload, writes /reply and powers off; then nothing is left.
run_dev() {
	T=$1
	names="$T-guest-marker $T-devices-connected $T-guest-ping $T-guest-xfer-sha256 $T-guest-done $T-poweroff-removes-domain"
	marker="marker-$T-$(cat /proc/sys/kernel/random/uuid)"
	check $T-set-marker set_marker "$marker"
	rm -f "$LOG" /var/log/xen/xen-hotplug.log
	t0=$(axl_uptime)
	if [ "$T" = xl ]; then timeout 120 xl -vvv create $CFG/dev1.cfg >/tmp/$T.create.log 2>&1
	else timeout 120 $AXL create $CFG/dev1.cfg >/tmp/$T.create.log 2>&1; fi
	rc=$?
	tc=$(since "$t0")
	check $T-create [ $rc = 0 ]
	d=$(xl domid dev1 2>/dev/null)
	if [ -n "$d" ]; then
		check $T-guest-marker wait_log "$LOG" "^$marker" 120
		tm=$(since "$t0")
		check $T-devices-connected connected "$d"
		check $T-guest-ping wait_log "$LOG" "^ping: ok" 60
		tp=$(since "$t0")
		# the guest now waits for the payload: its device nodes are complete
		xs_dump "$d" /tmp/$T-devices-xenstore.txt
		axl_send $T-devices-xenstore.txt /tmp/$T-devices-xenstore.txt
		timeout 100 nc -l -p 5000 </tmp/blob >/dev/null 2>/tmp/nc.err &
		ncpid=$!
		wait_log "$LOG" "^xfer: " 90
		check $T-guest-xfer-sha256 xfer_ok
		tx=$(since "$t0")
		kill $ncpid 2>/dev/null
		wait $ncpid 2>/dev/null
		check $T-guest-done wait_log "$LOG" "^root: ro" 60
		check $T-poweroff-removes-domain wait_gone dev1 60
		tg=$(since "$t0")
		kill_guest "$T"
		echo "$T dev1: create ${tc}s (rc=$rc), create to marker ${tm}s, to ping ${tp}s, to payload ${tx}s, to gone ${tg}s" >>/tmp/times.txt
	else
		fail_all "no domain after $T create (rc=$rc): $(first_err /tmp/$T.create.log)" $names
		echo "$T dev1: create ${tc}s (rc=$rc), no domain" >>/tmp/times.txt
	fi
	check $T-nothing-left wait_clean 30
	check $T-reply-on-disk reply_ok "$marker"
	check $T-disk-clean e2fsck -fn "$IMG"
	force_clean "$T dev1"
	[ -f "$LOG" ] && axl_send $T-dev1.console.log "$LOG"
	gzip -c /tmp/$T.create.log >/tmp/$T.create.log.gz && axl_send $T-create.log.gz /tmp/$T.create.log.gz
	[ -f /var/log/xen/xen-hotplug.log ] && axl_send $T-hotplug.log /var/log/xen/xen-hotplug.log
}

# ---- (c) failure injection -------------------------------------------------------------------
# fail_case TOOL NAME PATTERN: TOOL create of fail-NAME.cfg fails; for axl with exactly
# one "axl: error:" line that matches PATTERN (names the cause); nothing is left.
fail_case() {
	T=$1 n=$2 pat=$3
	t0=$(axl_uptime)
	tool "$T" create $CFG/fail-$n.cfg >/tmp/fail.out 2>/tmp/fail.err
	rc=$?
	tf=$(since "$t0")
	wait_clean 20 >/tmp/fail.left 2>&1
	left=$?
	echo "$T fail-$n: create ${tf}s rc=$rc" >>/tmp/times.txt
	if [ "$T" = xl ]; then
		if [ $rc != 0 ] && [ $left = 0 ]; then echo "ok xl-fail-$n" >>/tmp/checks.txt
		else echo "FAIL xl-fail-$n: rc=$rc left: $(tr '\n' ' ' </tmp/fail.left | cut -c1-200)" >>/tmp/checks.txt; fi
		note "xl fail-$n: $(grep -E 'error|rror:' /tmp/fail.err | tr -d '\r' | tr '\n' '|' | cut -c1-600)"
	else
		if [ $rc != 0 ] && [ $rc != 124 ] && [ "$(grep -c '^axl: error:' /tmp/fail.err)" = 1 ] &&
			grep '^axl: error:' /tmp/fail.err | grep -q -E "$pat" && [ $left = 0 ]; then
			echo "ok axl-fail-$n" >>/tmp/checks.txt
		else
			echo "FAIL axl-fail-$n: rc=$rc, want one 'axl: error:' line matching '$pat'; stderr: $(tr '\n' ' ' </tmp/fail.err | cut -c1-300); left: $(tr '\n' ' ' </tmp/fail.left | cut -c1-200)" >>/tmp/checks.txt
		fi
	fi
	kill_guest "$T"
	force_clean "$T fail-$n"
}
fail_cases() {
	fail_case "$1" missing-image '/root/missing\.img'
	fail_case "$1" bad-vdev 'xvd!'
	fail_case "$1" hotplug-script 'axl-fail-test|injected failure'
	fail_case "$1" no-bridge 'nosuchbr'
}

# ---- (d) create/destroy cycles ---------------------------------------------------------------
free_mem() { xl info | sed -n 's/^free_memory *: //p'; }
# cycles TOOL COUNT: dev1-cycle COUNT times: create, wait for the guest's marker (or 30 s),
# destroy. dev1-cycle is dev1-stay on a copy of the disk (/root/cycle.img): the guest is
# destroyed with its root mounted read-write, and replays its journal at the next boot.
cycles() {
	T=$1 want=$2
	cp "$IMG" /root/cycle.img
	cmarker="marker-$T-cycles-$(cat /proc/sys/kernel/random/uuid)"
	set_marker "$cmarker" /root/cycle.img || note "$T cycles: cannot write the marker: $(cat /tmp/debugfs.out)"
	free0=$(free_mem)
	i=0 up=0 tcmin=999 tcmax=0 tdmax=0
	t0=$(axl_uptime)
	while [ $i -lt "$want" ]; do
		rm -f "$LOG"
		t1=$(axl_uptime)
		tool "$T" create -q $CFG/dev1-cycle.cfg >/tmp/cyc.log 2>&1 || { note "$T cycle $((i + 1)): create failed: $(first_err /tmp/cyc.log)"; kill_guest "$T"; break; }
		tc=$(since "$t1")
		wait_log "$LOG" "^$cmarker" 30 && up=$((up + 1))
		t2=$(axl_uptime)
		tool "$T" destroy dev1 >/tmp/cyc.log 2>&1 || { note "$T cycle $((i + 1)): destroy failed: $(first_err /tmp/cyc.log)"; kill_guest "$T"; break; }
		td=$(since "$t2")
		tcmin=$(awk -v a="$tcmin" -v b="$tc" 'BEGIN { print (b < a ? b : a) }')
		tcmax=$(awk -v a="$tcmax" -v b="$tc" 'BEGIN { print (b > a ? b : a) }')
		tdmax=$(awk -v a="$tdmax" -v b="$td" 'BEGIN { print (b > a ? b : a) }')
		i=$((i + 1))
	done
	echo "$T cycles: $i of $want in $(since "$t0")s, create ${tcmin}-${tcmax}s, destroy up to ${tdmax}s, $up guests up" >>/tmp/times.txt
	check $T-$want-cycles [ $i = "$want" ]
	check $T-cycles-guests-up [ $up = "$want" ]
	check $T-nothing-left-after-cycles wait_clean 30
	# Xen frees a dead domain's memory when its last reference goes (grant mappings,
	# RCU): wait up to 10 s for it. free_memory is in whole MiB, so a page short can show
	# as 1 MiB less: the tolerance. A leaked domain or guest RAM would be 256 MiB.
	_i=0
	while [ "$(free_mem)" -lt $((free0 - 1)) ] && [ $_i -lt 50 ]; do _i=$((_i + 1)); usleep 200000; done
	free1=$(free_mem)
	check $T-free-memory-back [ "$free1" -ge $((free0 - 1)) ]
	note "$T cycles: free_memory before $free0 MiB, after $free1 MiB ($i cycles)"
	force_clean "$T cycles"
	rm -f /root/cycle.img
}

# ---- routed and NATed vifs ---------------------------------------------------------------------
# routed TOOL KIND IP: dev1-KIND (KIND route: vif-route; nat: vif-nat; the guest at IP) pings
# dom0 and powers off; dom0 routes IP through the guest's vif while it runs, and not after.
routed() {
	T=$1 K=$2 A=$3
	marker="marker-$T-$K-$(cat /proc/sys/kernel/random/uuid)"
	set_marker "$marker"
	rm -f "$LOG"
	t0=$(axl_uptime)
	check $T-$K-create tool "$T" create $CFG/dev1-$K.cfg
	d=$(xl domid dev1 2>/dev/null)
	if [ -n "$d" ]; then
		check $T-$K-guest-marker wait_log "$LOG" "^$marker" 120
		ip route show "$A" >/tmp/route.out 2>&1
		check $T-$K-to-guest grep -q "dev vif$d.0" /tmp/route.out
		check $T-$K-guest-ping wait_log "$LOG" "^ping: ok" 60
		check $T-$K-poweroff wait_gone dev1 90
		echo "$T $K: create to ping and gone $(since "$t0")s" >>/tmp/times.txt
	else
		fail_all "no domain" $T-$K-guest-marker $T-$K-to-guest $T-$K-guest-ping $T-$K-poweroff
	fi
	kill_guest "$T"
	check $T-$K-nothing-left wait_clean 30
	check $T-$K-gone [ -z "$(ip route show "$A" 2>/dev/null)" ]
	[ -f "$LOG" ] && axl_send $T-$K.console.log "$LOG"
	force_clean "$T $K"
}

# ---- devices added to and removed from a running guest ----------------------------------------
# wait_node PATH VALUE SECONDS: until xenstore's PATH holds VALUE
wait_node() {
	_i=0
	until [ "$(xenstore-read "$1" 2>/dev/null)" = "$2" ]; do
		_i=$((_i + 1)); [ $_i -le $(($3 * 5)) ] || { echo "$1: '$(xenstore-read "$1" 2>&1)', want '$2'"; return 1; }
		usleep 200000
	done
}
# detached DOMID KIND DEVID: the device's nodes are gone (and a disk's loop device, a vif's
# interface)
detached() {
	_i=0
	while xenstore-exists /local/domain/0/backend/$2/$1/$3 2>/dev/null ||
		xenstore-exists /local/domain/$1/device/$2/$3 2>/dev/null ||
		xenstore-exists /libxl/$1/device/$2/$3 2>/dev/null ||
		losetup -a | grep -q /root/extra.img || [ -e /sys/class/net/vif$1.$3 ]; do
		_i=$((_i + 1)); [ $_i -le 100 ] || { echo "still there: $(xenstore-ls -f /local/domain/0/backend/$2/$1/$3 2>&1 | head -3 | tr '\n' ' ') $(losetup -a | tr '\n' ' ')"; return 1; }
		usleep 200000
	done
}
# hotplug TOOL DOMID: block-attach a second disk and network-attach a second vif to the
# running dev1; the guest connects both; the lists show them; the detaches take them away.
hotplug() {
	T=$1 d=$2
	head -c 8388608 /dev/zero >/root/extra.img
	t0=$(axl_uptime)
	check $T-block-attach tool "$T" block-attach dev1 /root/extra.img,raw,xvdb,rw
	check $T-attached-disk-connected wait_node /local/domain/$d/device/vbd/51728/state 4 60
	tool "$T" block-list dev1 >/tmp/bl.out 2>&1
	check $T-block-list-shows-it grep -q -E '^51728 +0 +[0-9]+ +4 ' /tmp/bl.out
	check $T-network-attach tool "$T" network-attach dev1 bridge=xenbr0 mac=00:16:3e:00:00:02
	check $T-attached-vif-connected wait_node /local/domain/$d/device/vif/1/state 4 60
	check $T-attached-vif-on-bridge [ -d /sys/class/net/xenbr0/brif/vif$d.1 ]
	tool "$T" network-list dev1 >/tmp/nl.out 2>&1
	check $T-network-list-shows-it grep -q -E '^1 +0 +00:16:3e:00:00:02 +[0-9]+ +4 ' /tmp/nl.out
	echo "$T attach disk+vif to connected: $(since "$t0")s" >>/tmp/times.txt
	t0=$(axl_uptime)
	check $T-block-detach tool "$T" block-detach dev1 xvdb
	check $T-detached-disk-gone detached "$d" vbd 51728
	check $T-network-detach tool "$T" network-detach dev1 1
	check $T-detached-vif-gone detached "$d" vif 1
	echo "$T detach disk+vif: $(since "$t0")s" >>/tmp/times.txt
	check $T-configured-devices-still-connected connected "$d"
	axl_send $T-block-list.txt /tmp/bl.out
	axl_send $T-network-list.txt /tmp/nl.out
	rm -f /root/extra.img
}

# ---- shutdown and reboot -----------------------------------------------------------------------
# lifecycle TOOL: dev1-stay up; TOOL reboot: a new domain, whose devices come back (the
# guest prints its marker again from its disk); TOOL shutdown -w: gone, nothing left.
lifecycle() {
	T=$1
	names="$T-reboot-new-domain $T-rebooted-guest-marker $T-rebooted-devices-connected $T-old-domain-nodes-gone $T-shutdown-w $T-nothing-left-after-shutdown $T-disk-clean-after-shutdown"
	marker="marker-$T-life-$(cat /proc/sys/kernel/random/uuid)"
	set_marker "$marker"
	rm -f "$LOG"
	tool "$T" create -q $CFG/dev1-stay.cfg >/tmp/life.log 2>&1
	check $T-stay-guest-up wait_log "$LOG" ===GUEST-STAY=== 90
	d=$(xl domid dev1 2>/dev/null)
	if [ -z "$d" ] || ! grep -q ===GUEST-STAY=== "$LOG"; then
		fail_all "dev1-stay did not come up: $(first_err /tmp/life.log)" $names
		kill_guest "$T"
		force_clean "$T lifecycle"
		return
	fi
	hotplug "$T" "$d"
	: >"$LOG"
	t0=$(axl_uptime)
	tool "$T" reboot dev1 >/tmp/life.log 2>&1
	i=0
	while [ "$(xl domid dev1 2>/dev/null)" = "$d" ] || [ -z "$(xl domid dev1 2>/dev/null)" ]; do
		i=$((i + 1)); [ $i -le 600 ] || break; usleep 100000
	done
	d2=$(xl domid dev1 2>/dev/null)
	check $T-reboot-new-domain [ -n "$d2" -a "$d2" != "$d" ]
	check $T-rebooted-guest-marker wait_log "$LOG" "^$marker" 90
	wait_log "$LOG" ===GUEST-STAY=== 30
	echo "$T reboot: to the marker again $(since "$t0")s" >>/tmp/times.txt
	old_gone() {
		for _p in /local/domain/$d /libxl/$d /local/domain/0/backend/vbd/$d /local/domain/0/backend/vif/$d; do
			! xenstore-exists $_p 2>/dev/null || { echo "$_p still there"; return 1; }
		done
		[ ! -e /sys/class/net/vif$d.0 ] || { echo "vif$d.0 still there"; return 1; }
	}
	check $T-old-domain-nodes-gone old_gone
	if [ -n "$d2" ]; then check $T-rebooted-devices-connected connected "$d2"
	else fail_all "no domain" $T-rebooted-devices-connected; fi
	t0=$(axl_uptime)
	check $T-shutdown-w tool "$T" shutdown -w dev1
	echo "$T shutdown -w: $(since "$t0")s" >>/tmp/times.txt
	check $T-nothing-left-after-shutdown wait_clean 30
	check $T-disk-clean-after-shutdown e2fsck -fn "$IMG"
	kill_guest "$T"
	force_clean "$T lifecycle"
	axl_send $T-life.console.log "$LOG"
}

# ---- the run -----------------------------------------------------------------------------------
# Real xl first: it validates dom0 (backends, hotplug scripts, bridge) and this scenario.
run_dev xl
routed xl route 10.0.1.2
routed xl nat 10.0.2.2
fail_cases xl
lifecycle xl
cycles xl 3
# Then axl, the same checks.
run_dev axl
routed axl route 10.0.1.2
routed axl nat 10.0.2.2
fail_cases axl
lifecycle axl
cycles axl 20

axl_send times.txt /tmp/times.txt
axl_send checks.txt /tmp/checks.txt
