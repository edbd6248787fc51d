# XSA-300 under attack (run-xsa300.sh), the dom0 side. Sourced by the dom0 init with check,
# note, axl_send, axl_uptime, wait_log, wait_gone and only_dom0 from /lib/axl/boot.sh.
# For each policy of /etc/xen/xsa/policies (dd-POLICY.cfg: the driver domain with that
# ext_regions setting): axl creates dd (the guest kernel with the backends built in, axl devd
# inside), then the victim (one disk on dd, checked I/O in a loop) and the attacker (many
# disks on dd, O_DIRECT readers on each); dd's memory is sampled before, every 10 s of the
# attack, and after both frontends are destroyed (dd-init's dd-check lines: MemTotal,
# MemFree, balloon current_kb, "Xen scratch" KiB). Sends samples.txt (one line per sample:
# POLICY LABEL SECONDS memtotal=... memfree=... balloon=... scratch=... loops=...) and the
# victim's last vic-io line per policy; checks that each step happened and that only dom0
# is left after each policy.
CFG=/etc/xen/xsa
AXL=/usr/bin/axl
CON=/var/log/xen/console
: >/tmp/checks.txt
: >/tmp/samples.txt
POLICIES=$(cat $CFG/policies)
SECS=$(cat $CFG/seconds)
con() { tr -d '\r' <"$CON/guest-$1.log" 2>/dev/null; }
since() { awk -v a="$1" -v b="$(axl_uptime)" 'BEGIN { printf "%.0f", b - a }'; }
seq=0
# sample POLICY LABEL T0: one dd-check of dd, appended to samples.txt
sample() {
	seq=$((seq + 1))
	xenstore-write /local/domain/$DD/data/axl-check $seq
	if wait_log "$CON/guest-dd.log" "^dd-check $seq " 30; then
		l=$(con dd | grep "^dd-check $seq " | tail -n 1)
		echo "$1 $2 $(since "$3") $(echo "$l" | tr ' ' '\n' | grep -E '^(memtotal|memfree|balloon|scratch|loops)=' | tr '\n' ' ')" >>/tmp/samples.txt
	else
		echo "$1 $2 $(since "$3") no-answer" >>/tmp/samples.txt
	fi
}
clean() { # clean: every domain but dom0 destroyed, and then only dom0 must be left
	for d in attacker victim dd; do xl domid $d >/dev/null 2>&1 && timeout 60 $AXL destroy $d >/dev/null 2>&1; done
	sleep 1
}
run_policy() {
	P=$1
	rm -f "$CON/guest-dd.log" "$CON/guest-victim.log" "$CON/guest-attacker.log"
	t0=$(axl_uptime)
	timeout 120 $AXL create $CFG/dd-$P.cfg >/tmp/dd-$P.log 2>&1
	DD=$(xl domid dd 2>/dev/null)
	if [ -z "$DD" ] || ! wait_log "$CON/guest-dd.log" '^===DD-READY' 120; then
		echo "FAIL xsa-$P-dd-up: $(head -c 300 /tmp/dd-$P.log | tr '\n' ' ')" >>/tmp/checks.txt
		clean
		return
	fi
	echo "ok xsa-$P-dd-up" >>/tmp/checks.txt
	sleep 2
	sample "$P" before "$t0"
	check xsa-$P-victim-up sh -c "timeout 120 $AXL create $CFG/victim.cfg"
	check xsa-$P-victim-io wait_log "$CON/guest-victim.log" '^vic-io: 5 ok' 180
	sample "$P" victim "$t0"
	check xsa-$P-attacker-up sh -c "timeout 120 $AXL create $CFG/attacker.cfg"
	check xsa-$P-attacker-running wait_log "$CON/guest-attacker.log" '^att-running:' 180
	i=0
	while [ $i -lt $((SECS / 10)) ]; do
		sleep 10
		i=$((i + 1))
		sample "$P" attack "$t0"
	done
	note "xsa-$P attacker: $(con attacker | grep '^att-' | tr '\n' ' ')"
	note "xsa-$P victim: $(con victim | grep '^vic-io:' | tail -n 1)"
	echo "$P victim-last $(since "$t0") $(con victim | grep '^vic-io:' | tail -n 1 | tr ' ' '_')" >>/tmp/samples.txt
	check xsa-$P-attacker-destroy sh -c "timeout 120 $AXL destroy attacker"
	check xsa-$P-victim-destroy sh -c "timeout 120 $AXL destroy victim"
	sleep 3
	sample "$P" after "$t0"
	con dd | grep -E 'blkback|xen-blkback|Xen scratch|unpopulated|balloon|Out of memory|oom' | tail -n 20 | sed "s/^/note xsa-$P dd: /" >>/tmp/checks.txt
	gzip -c "$CON/guest-dd.log" >/tmp/dd-$P.console.gz && axl_send dd-$P.console.log.gz /tmp/dd-$P.console.gz
	check xsa-$P-dd-destroy sh -c "timeout 120 $AXL destroy dd"
	clean
	check xsa-$P-only-dom0 only_dom0
}
for P in $POLICIES; do run_policy "$P"; done
axl_send samples.txt /tmp/samples.txt
axl_send checks.txt /tmp/checks.txt
