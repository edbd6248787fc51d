# XSA-300 under attack (run-xsa300.sh), the dom0 side. Sourced by the dom0 init with check,
# note, axl_send, axl_uptime, wait_log, wait_gone and only_dom0 from /lib/axl/boot.sh.
# For each policy of /etc/xen/xsa/policies (dd-POLICY.cfg: the driver domain with that
# ext_regions setting; policy "xl": real xl creates every domain, with xl devd in dd and
# libxl's own extended regions): the toolstack creates dd (the guest kernel with the
# backends built in, the daemon inside), then the victim (one disk and one vif on dd: it
# pings dd, then checked I/O in a loop) and the attacker (many disks on dd, joining one by
# one, O_DIRECT readers on each).
# dd is sampled before, after the victim came up, every 10 s of the attack and after both
# frontends are destroyed: dd-init's dd-check (MemTotal, MemFree, balloon current_kb, "Xen
# scratch" KiB, "no room" kernel lines, scratch inside the advertised regions) and the grants
# of each frontend that dd has mapped, counted by Xen (debug key 'g': the active entries
# of the frontend's grant table held by dd). Sends samples.txt, one line per sample:
#   POLICY LABEL SECONDS memtotal= memfree= balloon= scratch= iomemfail= inside= loops=
#   gatt= gvic= atterr= vicok= vicbad=
# and checks.txt: that each step happened, and that only dom0 is left after each policy.
CFG=/etc/xen/xsa
CON=/var/log/xen/console
: >/tmp/checks.txt
: >/tmp/samples.txt
POLICIES=$(cat $CFG/policies)
SECS=$(cat $CFG/seconds)
con() { tr -d '\r' <"$CON/guest-$1.log" 2>/dev/null; }
since() { awk -v a="$1" -v b="$(axl_uptime)" 'BEGIN { printf "%.0f", b - a }'; }
# mapped_grants: "gatt=N gvic=M", the attacker's and the victim's grant entries that dd
# has mapped (Xen's console ring holds the whole dump: conring_size on Xen's command line)
mapped_grants() {
	xl dmesg -c >/dev/null 2>&1
	xl debug-keys g >/dev/null 2>&1
	xl dmesg -c 2>/dev/null | awk -v dd="$DD" -v att="$(xl domid attacker 2>/dev/null)" \
		-v vic="$(xl domid victim 2>/dev/null)" '
		/grant-table for remote d[0-9]+/ { s = $0; sub(/.*remote d/, "", s); sub(/[^0-9].*/, "", s); cur = s; next }
		/\[0x[0-9a-f]+\] +[0-9]+ 0x/ {
			s = $0; sub(/.*\[0x[0-9a-f]+\] +/, "", s); split(s, f, " ")
			if (f[1] == dd) n[cur]++
		}
		END { printf "gatt=%d gvic=%d", (att == "" ? 0 : n[att]), (vic == "" ? 0 : n[vic]) }'
}
seq=0
# sample POLICY LABEL T0: one line of samples.txt
sample() {
	seq=$((seq + 1))
	g=$(mapped_grants)
	xenstore-write /local/domain/$DD/data/axl-check $seq
	ae=$(con attacker | sed -n 's/^att-errors: \([0-9]*\)$/\1/p' | tail -n 1)
	vi=$(con victim | grep '^vic-io:' | tail -n 1)
	vo=$(echo "$vi" | awk '{ print $2 }') vb=$(echo "$vi" | awk '{ print $4 }')
	if wait_log "$CON/guest-dd.log" "^dd-check $seq " 30; then
		l=$(con dd | grep "^dd-check $seq " | tail -n 1)
		m=$(echo "$l" | tr ' ' '\n' | grep -E '^(memtotal|memfree|balloon|scratch|iomemfail|inside|loops)=' | tr '\n' ' ')
	else
		m="no-answer "
	fi
	echo "$1 $2 $(since "$3") $m$g atterr=${ae:-0} vicok=${vo:-0} vicbad=${vb:-0}" >>/tmp/samples.txt
}
clean() { # clean: every domain but dom0 destroyed, and then only dom0 must be left
	for d in attacker victim dd; do xl domid $d >/dev/null 2>&1 && timeout 60 "$TOOL" destroy $d >/dev/null 2>&1; done
	sleep 1
}
run_policy() {
	P=$1
	TOOL=/usr/bin/axl
	[ "$P" = xl ] && TOOL=xl
	rm -f "$CON/guest-dd.log" "$CON/guest-victim.log" "$CON/guest-attacker.log"
	t0=$(axl_uptime)
	timeout 120 "$TOOL" create $CFG/dd-$P.cfg >/tmp/dd-$P.log 2>&1
	DD=$(xl domid dd 2>/dev/null)
	if [ -z "$DD" ] || ! wait_log "$CON/guest-dd.log" '===DD-READY' 120; then
		echo "FAIL xsa-$P-dd-up: $(head -c 300 /tmp/dd-$P.log | tr '\n' ' ')" >>/tmp/checks.txt
		clean
		return
	fi
	echo "ok xsa-$P-dd-up" >>/tmp/checks.txt
	sleep 2
	sample "$P" before "$t0"
	check xsa-$P-victim-up sh -c "timeout 120 $TOOL create $CFG/victim.cfg"
	check xsa-$P-victim-ping wait_log "$CON/guest-victim.log" '^vic-ping: ok' 90
	check xsa-$P-victim-io wait_log "$CON/guest-victim.log" '^vic-io: 5 ok' 180
	sample "$P" victim "$t0"
	check xsa-$P-attacker-up sh -c "timeout 900 $TOOL create $CFG/attacker.cfg"
	# (Linux waits up to 300 s at boot for frontends whose backend never connects: xl devd
	# kills block scripts past libxl's 40 s)
	check xsa-$P-attacker-disks wait_log "$CON/guest-attacker.log" '^att-disks:' 420
	ta=$(axl_uptime)
	i=0
	while [ $i -lt $((SECS / 10)) ]; do
		i=$((i + 1))
		w=$(awk -v a="$ta" -v b="$(axl_uptime)" -v i=$i 'BEGIN { d = a + 10 * i - b; printf "%d", (d > 0 ? d : 0) }')
		sleep "$w"
		sample "$P" attack "$t0"
	done
	note "xsa-$P attacker: $(con attacker | grep -E '^att-(disks|running)' | tr '\n' ' ')$(con attacker | grep '^att-errors' | tail -n 1)"
	note "xsa-$P victim: $(con victim | grep '^vic-io:' | tail -n 1)"
	check xsa-$P-attacker-destroy sh -c "timeout 300 $TOOL destroy attacker"
	check xsa-$P-victim-destroy sh -c "timeout 120 $TOOL destroy victim"
	sleep 3
	sample "$P" after "$t0"
	gzip -c "$CON/guest-dd.log" >/tmp/dd-$P.console.gz && axl_send dd-$P.console.log.gz /tmp/dd-$P.console.gz
	check xsa-$P-dd-destroy sh -c "timeout 120 $TOOL destroy dd"
	clean
	check xsa-$P-only-dom0 only_dom0
}
for P in $POLICIES; do run_policy "$P"; done
axl_send samples.txt /tmp/samples.txt
axl_send checks.txt /tmp/checks.txt
