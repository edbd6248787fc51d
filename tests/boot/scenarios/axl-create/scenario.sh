# The axl create scenario (dom0 side). Sourced by the dom0 init, with
# axl_send / axl_send_text / axl_log from /lib/axl/boot.sh.
# Results: NAME.given.dtb (axl dt --domain), NAME.console.log (the guest's
# console), checks.txt (one "ok X" / "FAIL X: why" line per check), and
# ref-NAME.axl.dtb / ref-NAME.xl.dtb for the reference configs.
AXL=/usr/local/bin/axl
CON=/var/log/xen/console
: >/tmp/checks.txt
check() {   # check NAME CONDITION-COMMAND...
	n=$1; shift
	if "$@" >/tmp/check.out 2>&1; then echo "ok $n" >>/tmp/checks.txt
	else echo "FAIL $n: $(head -c 300 /tmp/check.out | tr '\n' ' ')" >>/tmp/checks.txt; fi
}
domid_of() { xl domid "$1" 2>/dev/null; }
gone() {     # gone NAME DOMID: no domain, no xenstore nodes left
	! xl list "$1" >/dev/null 2>&1 &&
	! xenstore-exists "/local/domain/$2" && ! xenstore-exists "/libxl/$2"
}
wait_log() { # wait_log FILE PATTERN SECONDS
	i=0
	until grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1)); [ $i -le $(($3 * 10)) ] || return 1; usleep 100000
	done
}
wait_gone() { # wait_gone NAME SECONDS
	i=0
	while xl list "$1" >/dev/null 2>&1; do
		i=$((i + 1)); [ $i -le $(($2 * 10)) ] || return 1; usleep 100000
	done
}

# 1. A busybox guest: create paused, look, run, let it power off.
t0=$(axl_uptime)
$AXL create -p /etc/xen/axl/g1.cfg >/tmp/create.log 2>&1
check create-g1 [ $? = 0 ]
d=$(domid_of g1)
check xl-list-sees-g1 xl list g1
check xenstore-name-g1 sh -c "[ \"\$(xenstore-read /local/domain/$d/name)\" = g1 ]"
$AXL dt --domain g1 -o /tmp/g1.given.dtb
check dt-domain-g1 [ -s /tmp/g1.given.dtb ]
axl_send g1.given.dtb /tmp/g1.given.dtb
$AXL unpause g1
check guest-booted wait_log "$CON/guest-g1.log" ===GUEST-END=== 90
check poweroff-destroys wait_gone g1 30
check nothing-left-g1 gone g1 "$d"
axl_send g1.console.log "$CON/guest-g1.log"
echo "g1 create-to-gone $(axl_uptime) - $t0" >>/tmp/checks.txt

axl_send checks.txt /tmp/checks.txt
axl_send create.log /tmp/create.log
