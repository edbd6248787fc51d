# The driver-domain scenario (dom0 side): a driver domain dd (Debian's arm64 kernel, a copy
# of the dom0 tree as its initramfs, driver_domain = 1) serves a file-backed disk and a
# bridged vif to a frontend guest fe, its device daemon (xl devd, or axl devd) running the
# hotplug scripts inside dd; first with real xl in dom0 and xl devd in dd (the reference),
# then with axl in both. Sourced by the dom0 init with check, note, axl_send, axl_uptime,
# wait_log, wait_gone and only_dom0 from /lib/axl/boot.sh (mkdom0.sh). Each check adds one
# "ok NAME" / "FAIL NAME: why" line to checks.txt, sent to the host at the end with
# times.txt, the device xenstore dumps (TOOL-dd-xenstore.txt: the host compares axl's with
# xl's), the consoles of dd and fe and the toolstack logs.
#
# What the runner (run-driver-domain.sh) puts into dom0 besides this file:
#   /boot/dd-initrd.gz     dd's root: the dom0 tree without /boot, its /init replaced by
#                          dd-init (which prints the dd-* lines this file reads)
#   /boot/guest-Image      the frontend's kernel (build-guest-kernel.sh)
#   /boot/fe-initrd.gz     the frontend's root (busybox, fe-rc)
#   /etc/xen/dd/*.cfg      dd-xl, dd-axl (the driver domain, its daemon xl or axl devd),
#                          dd2 (a driver domain without a daemon), fe (backend=dd), fe-bad
#                          (backend=nosuchdd), fe2 (backend=dd2)
#   /etc/xen/dd/tools      which parts to run: "xl axl" (default), "xl" or "axl"
#   /usr/bin/axl           axl's packages (install_axl; also in dd's root), when axl runs
# Protocol with dd: dom0 writes N to /local/domain/DD/data/axl-check; dd answers on its
# console with "dd-check N loops=... vifs=... ports=... devd=... payload=..." (dd-init).
# Every toolstack command runs under timeout and a domain that goes wrong is destroyed, so
# a broken tool cannot hang the boot.
AXL=/usr/bin/axl
CON=/var/log/xen/console
CFG=/etc/xen/dd
FEMAC=00:16:3e:00:03:02
export PATH=/usr/sbin:/usr/bin:$PATH
: >/tmp/checks.txt
: >/tmp/times.txt
TOOLS=$(cat $CFG/tools 2>/dev/null || echo "xl axl")
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
con() { tr -d '\r' <"$CON/guest-$1.log" 2>/dev/null; }   # con NAME: a guest's console so far
conval() { con "$1" | sed -n "s/^$2//p" | tail -n 1; }    # conval NAME PREFIX: its last PREFIX line's rest
kill_dom() { # kill_dom NAME: destroy a domain that is still there
	xl domid "$1" >/dev/null 2>&1 || return 0
	timeout 60 xl destroy "$1" >/dev/null 2>&1
}

# leftovers "ID...": print what is there that belongs to no domain in the list (dom0 is 0);
# fails if there is something: a domain, /local/domain/D, /libxl/D, a backend directory
# of D under any listed domain's backend/KIND, an entry under a listed domain's local
# libxl directory (what a driver domain's daemon keeps), a /vm entry too many, and in dom0
# any loop device or vif interface (dom0 serves nothing in this scenario).
leftovers() {
	_a=" $1 " _l=""
	for _d in $(xl list 2>/dev/null | awk 'NR > 1 { print $2 }'); do
		case $_a in *" $_d "*) ;; *) _l="$_l domain $_d;" ;; esac
	done
	for _d in $(xenstore-list /local/domain 2>/dev/null); do
		case $_a in *" $_d "*) ;; *) _l="$_l /local/domain/$_d;" ;; esac
	done
	for _d in $(xenstore-list /libxl 2>/dev/null); do
		case $_a in *" $_d "*) ;; *) _l="$_l /libxl/$_d;" ;; esac
	done
	for _b in $1; do
		for _k in $(xenstore-list /local/domain/$_b/backend 2>/dev/null); do
			for _d in $(xenstore-list /local/domain/$_b/backend/$_k 2>/dev/null); do
				case $_a in *" $_d "*) ;; *) _l="$_l /local/domain/$_b/backend/$_k/$_d;" ;; esac
			done
		done
		[ "$_b" = 0 ] && continue
		for _d in $(xenstore-list /local/domain/$_b/libxl 2>/dev/null); do
			case $_a in *" $_d "*) ;; *) _l="$_l /local/domain/$_b/libxl/$_d;" ;; esac
		done
	done
	_n=$(xenstore-list /vm 2>/dev/null | grep -c .)
	_m=$(($(xl list 2>/dev/null | tail -n +2 | wc -l) - 1))
	[ "$_n" = "$_m" ] || _l="$_l /vm: $_n entries for $_m domains;"
	_b=$(losetup -a 2>&1)
	[ -z "$_b" ] || _l="$_l dom0 loop: $(echo "$_b" | tr '\n' ' ');"
	_b=$(ls /sys/class/net | grep '^vif' | tr '\n' ' ')
	[ -z "$_b" ] || _l="$_l dom0 interfaces: $_b;"
	[ -z "$_l" ] && return 0
	echo "$_l" | cut -c1-400
	return 1
}
wait_clean() { # wait_clean "ID..." SECONDS: until nothing else is left (teardown runs in the background)
	_i=0
	until leftovers "$1" >/tmp/left.out 2>&1; do
		_i=$((_i + 1)); [ $_i -le $(($2 * 5)) ] || { cat /tmp/left.out; return 1; }; usleep 200000
	done
}
force_clean() { # force_clean WHAT "ID...": after a failed check, leave nothing but ID... (noted)
	leftovers "$2" >/tmp/left.out 2>&1 && return 0
	note "cleaning up after $1: $(cat /tmp/left.out)"
	for _d in $(xl list 2>/dev/null | awk 'NR > 2 { print $2 }'); do
		case " $2 " in *" $_d "*) ;; *) timeout 60 xl destroy "$_d" >/dev/null 2>&1 ;; esac
	done
	sleep 1
	for _d in $(xenstore-list /local/domain 2>/dev/null); do
		case " $2 " in *" $_d "*) ;; *) xenstore-rm /local/domain/$_d ;; esac
	done
	for _d in $(xenstore-list /libxl 2>/dev/null); do
		case " $2 " in *" $_d "*) ;; *) xenstore-rm /libxl/$_d ;; esac
	done
	for _b in $2; do
		for _k in $(xenstore-list /local/domain/$_b/backend 2>/dev/null); do
			for _d in $(xenstore-list /local/domain/$_b/backend/$_k 2>/dev/null); do
				case " $2 " in *" $_d "*) ;; *) xenstore-rm /local/domain/$_b/backend/$_k/$_d ;; esac
			done
		done
	done
	leftovers "$2" >/tmp/left.out 2>&1 || note "still left after the cleanup: $(cat /tmp/left.out)"
}

# ddcheck NAME DDID: ask the driver domain for its state (a new number in data/axl-check),
# wait for its answer and put the dd-check line in $DDC ("" if none came within 30 s)
ddseq=0
ddcheck() {
	ddseq=$((ddseq + 1))
	xenstore-write /local/domain/$2/data/axl-check $ddseq
	DDC=""
	wait_log "$CON/guest-$1.log" "^dd-check $ddseq " 30 || return 1
	DDC=$(con "$1" | grep "^dd-check $ddseq " | tail -n 1)
}
ddfield() { echo "$DDC" | tr ' ' '\n' | sed -n "s/^$1=//p"; }   # ddfield NAME: a field of $DDC
ddrestart() { # ddrestart NAME DDID: the same as ddcheck, the daemon replaced first
	ddseq=$((ddseq + 1))
	xenstore-write /local/domain/$2/data/axl-check "$ddseq restart"
	DDC=""
	wait_log "$CON/guest-$1.log" "^dd-check $ddseq " 30 || return 1
	DDC=$(con "$1" | grep "^dd-check $ddseq " | tail -n 1)
}

# xs_dump FE DD OUT: fe's device nodes as xenstore-ls -fp prints them (its frontends, dd's
# backends for it, /libxl/FE/device, dd's local libxl/FE), fe's domid written DOMID and dd's
# DDID (in paths, in frontend-id/backend-id values and in permissions), uuids as UUID and MACs
# other than the configured one as MAC, the permission padding squeezed, sorted.
xs_dump() {
	{
		for _p in /local/domain/$1/device /local/domain/$2/backend/vbd/$1 \
			/local/domain/$2/backend/vif/$1 /libxl/$1/device /local/domain/$2/libxl/$1; do
			if xenstore-exists "$_p" 2>/dev/null; then xenstore-ls -fp "$_p" 2>&1
			else echo "$_p: missing"; fi
		done
	} | awk -v fe="$1" -v dd="$2" -v mac="$FEMAC" '
		function id(x) { return x == fe ? "DOMID" : (x == dd ? "DDID" : x) }
		{
			line = $0
			perms = ""
			if (match(line, /\([^()]*\)$/)) {
				perms = substr(line, RSTART); line = substr(line, 1, RSTART - 1)
				n = split(substr(perms, 2, length(perms) - 2), p, ",")
				perms = "("
				for (i = 1; i <= n; i++)
					perms = perms (i > 1 ? "," : "") substr(p[i], 1, 1) id(substr(p[i], 2))
				perms = perms ")"
				sub(/[ .]*$/, "", line)
			}
			out = ""
			while (match(line, /(\/local\/domain\/|\/backend\/[a-z0-9_]+\/|\/libxl\/)[0-9]+/)) {
				seg = substr(line, RSTART, RLENGTH); pre = seg; sub(/[0-9]+$/, "", pre)
				out = out substr(line, 1, RSTART - 1) pre id(substr(seg, length(pre) + 1))
				line = substr(line, RSTART + RLENGTH)
			}
			line = out line
			if (match(line, /\/(frontend-id|backend-id) = "[0-9]+"$/)) {
				v = substr(line, RSTART, RLENGTH); num = v
				sub(/"[0-9]+"$/, "", v); sub(/^.*= "/, "", num); sub(/"$/, "", num)
				line = substr(line, 1, RSTART - 1) v "\"" id(num) "\""
			}
			gsub(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, "UUID", line)
			out = ""
			while (match(line, /[0-9a-f][0-9a-f](:[0-9a-f][0-9a-f]){5}/)) {
				m = substr(line, RSTART, RLENGTH)
				out = out substr(line, 1, RSTART - 1) (m == mac ? m : "MAC")
				line = substr(line, RSTART + RLENGTH)
			}
			print out line (perms != "" ? "  " perms : "")
		}' | LC_ALL=C sort >"$3"
}
# connected FE DD: fe's vbd and vif are connected, front and back, and dd's hotplug
# scripts said so
connected() {
	for _p in /local/domain/$1/device/vbd/51712 /local/domain/$2/backend/vbd/$1/51712 \
		/local/domain/$1/device/vif/0 /local/domain/$2/backend/vif/$1/0; do
		[ "$(xenstore-read $_p/state 2>/dev/null)" = 4 ] || { echo "$_p/state: $(xenstore-read $_p/state 2>&1)"; return 1; }
	done
	for _p in /local/domain/$2/backend/vbd/$1/51712 /local/domain/$2/backend/vif/$1/0; do
		[ "$(xenstore-read $_p/hotplug-status 2>/dev/null)" = connected ] ||
			{ echo "$_p/hotplug-status: $(xenstore-read $_p/hotplug-status 2>&1)"; return 1; }
	done
}
nodes_of() { # nodes_of FE DD: the device states and hotplug-status, on one line (for notes)
	for _p in /local/domain/$2/backend/vbd/$1/51712 /local/domain/$2/backend/vif/$1/0 \
		/local/domain/$1/device/vbd/51712 /local/domain/$1/device/vif/0; do
		printf '%s state=%s hotplug-status=%s; ' "${_p#/local/domain/}" \
			"$(xenstore-read $_p/state 2>/dev/null || echo -)" "$(xenstore-read $_p/hotplug-status 2>/dev/null || echo -)"
	done
}

# dd_up TOOL CFGNAME NAME: TOOL create the driver domain, wait for its daemon; sets DD
# (its domid, "" if there is none) and reports TOOL-NAME-create and TOOL-NAME-ready
# dd_ready NAME SECONDS: driver domain NAME ($DD) said DD-READY on its console; if not, says
# what its console ended with and when dd-init wrote data/axl-ready (a late console or a
# late domain)
dd_ready() {
	wait_log "$CON/guest-$1.log" '===DD-READY' "$2" && return 0
	echo "no DD-READY on the console after $2 s (dd's data/axl-ready: $(xenstore-read /local/domain/$DD/data/axl-ready 2>&1)); console: $(con "$1" | tail -n 3 | tr '\n' '|' | cut -c1-200)"
	return 1
}
dd_up() {
	rm -f "$CON/guest-$3.log"
	_t0=$(axl_uptime)
	tool "$1" create "$CFG/$2.cfg" >/tmp/$1-$3.create.log 2>&1
	_rc=$?
	echo "$1 $3: create $(since "$_t0")s (rc=$_rc)" >>/tmp/times.txt
	check $1-$3-create [ $_rc = 0 ]
	DD=$(xl domid "$3" 2>/dev/null)
	if [ -z "$DD" ]; then
		fail_all "no driver domain after $1 create (rc=$_rc): $(first_err /tmp/$1-$3.create.log)" $1-$3-ready
		return 1
	fi
	check $1-$3-ready dd_ready "$3" 120
	echo "$1 $3: create to DD-READY $(since "$_t0")s" >>/tmp/times.txt
}
dd_down() { # dd_down TOOL NAME: destroy the driver domain; nothing of it is left
	_t0=$(axl_uptime)
	check $1-$2-destroy tool "$1" destroy "$2"
	check $1-$2-gone wait_gone "$2" 30
	echo "$1 $2: destroy $(since "$_t0")s" >>/tmp/times.txt
	kill_dom "$2"
	check $1-$2-nothing-left wait_clean 0 30
	force_clean "$1 $2" 0
}

# ---- the frontend served by the driver domain ------------------------------------------------
# part TOOL: dd (daemon TOOL devd) up; fe created with TOOL: its disk and vif connect, it
# reads dd's marker, writes and reads back a payload, pings dd; its device nodes are dumped;
# TOOL shutdown -w fe; nothing of fe is left in dom0's xenstore nor in dd (no loop device,
# no vif); the payload is in dd's file; a frontend naming a backend domain that does not
# exist is refused; dd destroyed, only dom0 left.
part() {
	T=$1
	fenames="$T-fe-done $T-fe-disk $T-fe-reads-dd-marker $T-fe-disk-readback $T-fe-ping $T-devices-connected $T-dd-serves-fe $T-fe-shutdown $T-fe-gone"
	if ! dd_up "$T" "dd-$T" dd; then
		fail_all "no driver domain" $T-dd-is-domu $T-dd-modules-loaded $T-dd-bridge $T-dd-image \
			$T-dd-devd-running $T-fe-create $fenames $T-fe-nothing-left $T-dd-nothing-left \
			$T-dd-has-payload $T-dd-devd-still-running
		fail_nobackend "$T" "0"
		force_clean "$T dd" 0
		return
	fi
	caps=$(conval dd 'dd-domu: ')
	case $caps in "capabilities="*control_d*) check $T-dd-is-domu false ;;
	"capabilities="*) check $T-dd-is-domu true ;;
	*) check $T-dd-is-domu sh -c "echo 'no dd-domu line'; false" ;; esac
	con dd | grep '^dd-module: FAIL' >/tmp/mods.out
	check $T-dd-modules-loaded [ ! -s /tmp/mods.out ]
	con dd | grep '^dd-bridge:' >/tmp/br.out
	check $T-dd-bridge grep -q '^dd-bridge: ok 10.0.3.1/24' /tmp/br.out
	ddmarker=$(conval dd 'dd-marker: ')
	check $T-dd-image sh -c "case '$ddmarker' in dd-marker-?*) ;; *) echo 'dd-marker: $ddmarker'; false ;; esac"
	sleep 1
	ddcheck dd "$DD"
	if [ "$(ddfield devd)" = alive ]; then check $T-dd-devd-running true
	else
		con dd | grep -B3 '^dd-devd: exited' | tr '\n' ' ' | cut -c1-300 >/tmp/devd.out
		check $T-dd-devd-running sh -c "echo 'devd=$(ddfield devd): '; cat /tmp/devd.out; false"
	fi
	note "$T dd: domid $DD, $(conval dd 'dd-domu: '), $(grep -c . /etc/axl-modules) modules"

	rm -f "$CON/guest-fe.log" /var/log/xen/xl-fe.log
	t0=$(axl_uptime)
	if [ "$T" = xl ]; then timeout 120 xl -vvv create $CFG/fe.cfg >/tmp/$T-fe.create.log 2>&1
	else timeout 120 $AXL create $CFG/fe.cfg >/tmp/$T-fe.create.log 2>&1; fi
	rc=$?
	tc=$(since "$t0")
	check $T-fe-create [ $rc = 0 ]
	FE=$(xl domid fe 2>/dev/null)
	fw=""
	if [ -n "$FE" ]; then
		check $T-fe-done wait_log "$CON/guest-fe.log" '^===FE-DONE===' 120
		td=$(since "$t0")
		con fe | grep '^fe-disk:' >/tmp/fe.out
		check $T-fe-disk grep -q '^fe-disk: xvda ' /tmp/fe.out
		fm=$(conval fe 'fe-marker: ')
		check $T-fe-reads-dd-marker sh -c "[ -n '$fm' ] && [ '$fm' = '$ddmarker' ] || { echo 'fe read \"$fm\", dd wrote \"$ddmarker\"'; false; }"
		fw=$(conval fe 'fe-write: sha256 ') fr=$(conval fe 'fe-read: sha256 ')
		check $T-fe-disk-readback sh -c "[ -n '$fw' ] && [ '$fw' = '$fr' ] || { echo 'wrote $fw, read $fr'; false; }"
		con fe | grep -E '^fe-(ping|net):' >/tmp/fe.out
		check $T-fe-ping grep -q '^fe-ping: ok' /tmp/fe.out
		check $T-devices-connected connected "$FE" "$DD"
		ddcheck dd "$DD"
		want="loops=1 vifs=vif$FE.0, ports=vif$FE.0,"
		got="loops=$(ddfield loops) vifs=$(ddfield vifs) ports=$(ddfield ports)"
		check $T-dd-serves-fe sh -c "[ '$got' = '$want' ] || { echo 'dd: $got, want $want'; false; }"
		xs_dump "$FE" "$DD" /tmp/$T-dd-xenstore.txt
		axl_send $T-dd-xenstore.txt /tmp/$T-dd-xenstore.txt
		t1=$(axl_uptime)
		check $T-fe-shutdown tool "$T" shutdown -w fe
		ts=$(since "$t1")
		check $T-fe-gone wait_gone fe 60
		echo "$T fe: create ${tc}s (rc=$rc), create to FE-DONE ${td}s, shutdown -w ${ts}s" >>/tmp/times.txt
	else
		fail_all "no domain after $T create (rc=$rc): $(grep -m1 -E 'error|rror:' /tmp/$T-fe.create.log | tr -d '\r' | cut -c1-300)" $fenames
		echo "$T fe: create ${tc}s (rc=$rc), no domain" >>/tmp/times.txt
	fi
	kill_dom fe
	t1=$(axl_uptime)
	check $T-fe-nothing-left wait_clean "0 $DD" 30
	echo "$T fe: gone to clean in dom0's xenstore $(since "$t1")s" >>/tmp/times.txt
	ddcheck dd "$DD"
	got="loops=$(ddfield loops) vifs=$(ddfield vifs) ports=$(ddfield ports)"
	check $T-dd-nothing-left sh -c "[ '$got' = 'loops=0 vifs= ports=' ] || { echo 'dd: $got ($DDC)'; false; }"
	pl=$(ddfield payload)
	check $T-dd-has-payload sh -c "[ -n '$fw' ] && [ '$pl' = '$fw' ] || { echo 'dd file has $pl, fe wrote $fw'; false; }"
	if [ "$(ddfield devd)" = alive ]; then check $T-dd-devd-still-running true
	else check $T-dd-devd-still-running sh -c "echo 'devd=$(ddfield devd)'; false"; fi
	force_clean "$T fe" "0 $DD"
	[ -f "$CON/guest-fe.log" ] && axl_send $T-fe.console.log "$CON/guest-fe.log"
	gzip -c /tmp/$T-fe.create.log >/tmp/$T-fe.create.log.gz && axl_send $T-fe.create.log.gz /tmp/$T-fe.create.log.gz
	[ -f /var/log/xen/xl-fe.log ] && axl_send $T-xl-fe.log /var/log/xen/xl-fe.log

	fail_nobackend "$T" "0 $DD"
	dd_down "$T" dd
	gzip -c "$CON/guest-dd.log" >/tmp/$T-dd.console.log.gz && axl_send $T-dd.console.log.gz /tmp/$T-dd.console.log.gz
}

# ---- other orders ---------------------------------------------------------------------------
# orders TOOL: (1) the device daemon replaced under a running fe (dd-init's "N restart"):
# fe's shutdown must still take its devices away inside dd: axl devd adopts the devices the
# daemon before it set up (checks); xl devd does not (notes). (2) dd destroyed under a
# running fe: fe's destroy must still leave nothing (checks for axl, notes for xl). Also, for
# axl, that the daemon removed fe's backend directories itself (its console says so), not dom0
# after its wait.
fe_up() { # fe_up TOOL: TOOL create fe and wait for FE-DONE; sets FE
	rm -f "$CON/guest-fe.log"
	tool "$1" create $CFG/fe.cfg >/tmp/$1-fe.orders.log 2>&1
	FE=$(xl domid fe 2>/dev/null)
	[ -n "$FE" ] && wait_log "$CON/guest-fe.log" '^===FE-DONE===' 120
}
verdict() { # verdict TOOL NAME COMMAND...: a check for axl, a note for xl
	_vt=$1 _vn=$2; shift 2    # (names of their own: COMMAND may use _t, _n)
	if [ "$_vt" = axl ]; then check "$_vn" "$@"
	elif "$@" >/tmp/verdict.out 2>&1; then note "$_vn: yes"
	else note "$_vn: no: $(tr '\n' ' ' </tmp/verdict.out | cut -c1-300)"; fi
}
devd_removed() { # devd_removed DDID: axl devd's console says it removed fe's two backends
	con dd >/tmp/dd.con
	grep -q "devd: /local/domain/$1/backend/vbd/[0-9]*/51712 removed" /tmp/dd.con &&
		grep -q "devd: /local/domain/$1/backend/vif/[0-9]*/0 removed" /tmp/dd.con &&
		! grep 'devd: cannot remove' /tmp/dd.con
}
# fresh_dd TOOL WHAT NAME...: TOOL creates dd (for WHAT: orders, reboots) and it comes up;
# if not, each NAME fails and nothing is left
fresh_dd() {
	_ft=$1 _fw=$2; shift 2
	rm -f "$CON/guest-dd.log"
	_f0=$(axl_uptime)
	tool "$_ft" create "$CFG/dd-$_ft.cfg" >/tmp/$_ft-dd.$_fw.log 2>&1
	_frc=$?
	DD=$(xl domid dd 2>/dev/null)
	[ -n "$DD" ] && dd_ready dd 120 >/tmp/dd-ready.out && return 0
	fail_all "no driver domain (create rc=$_frc after $(since "$_f0") s, domid ${DD:-none}): $(first_err /tmp/$_ft-dd.$_fw.log); $(cat /tmp/dd-ready.out 2>/dev/null)" "$@"
	kill_dom dd
	force_clean "$_ft $_fw" 0
	return 1
}
orders() {
	T=$1
	names="$T-orders-dd-up $T-restart-fe-up $T-devd-restarted $T-restart-fe-shutdown $T-ddfirst-fe-up $T-ddfirst-dd-destroy $T-ddfirst-fe-destroy $T-ddfirst-nothing-left"
	fresh_dd "$T" orders $names || return
	check $T-orders-dd-up true
	check $T-restart-fe-up fe_up "$T"
	ddrestart dd "$DD"
	check $T-devd-restarted sh -c "[ '$(ddfield devd)' = alive ] && [ '$(ddfield loops)' = 1 ] || { echo '$DDC'; false; }"
	check $T-restart-fe-shutdown tool "$T" shutdown -w fe
	kill_dom fe
	wait_clean "0 $DD" 30 >/tmp/orders.left 2>&1 || note "$T orders: left in dom0 after fe's shutdown: $(cat /tmp/orders.left)"
	ddcheck dd "$DD"
	got="loops=$(ddfield loops) vifs=$(ddfield vifs) ports=$(ddfield ports)"
	verdict "$T" $T-restart-dd-nothing-left sh -c "[ '$got' = 'loops=0 vifs= ports=' ] || { echo 'after a daemon restart, dd: $got'; false; }"
	if [ "$T" = axl ]; then
		check axl-devd-removed-backends devd_removed "$DD"
	fi
	force_clean "$T restart" "0 $DD"

	check $T-ddfirst-fe-up fe_up "$T"
	t1=$(axl_uptime)
	check $T-ddfirst-dd-destroy tool "$T" destroy dd
	kill_dom dd
	verdict "$T" $T-ddfirst-fe-destroy tool "$T" destroy fe
	echo "$T fe destroyed after its driver domain: $(since "$t1")s" >>/tmp/times.txt
	kill_dom fe
	verdict "$T" $T-ddfirst-nothing-left wait_clean 0 30
	force_clean "$T ddfirst" 0
}

# reboots TOOL: (1) fe rebooted (TOOL reboot) under its running driver domain: it comes
# back with a new domid and working devices, and dd serves exactly its new devices (the old
# ones' loop device and vif gone); (2) dd rebooted under the running fe: dd comes back with
# a new domid and its daemon; fe's destroy leaves nothing, in dom0 nor in the new dd, and a
# new fe is served by the rebooted dd. Checks for axl, notes for xl.
back() { # back NAME OLDID LINE SECONDS: NAME has a domid other than OLDID and its console LINE twice
	_i=0
	while [ $_i -lt $(($4 * 5)) ]; do
		_id=$(xl domid "$1" 2>/dev/null)
		if [ -n "$_id" ] && [ "$_id" != "$2" ] && [ "$(con "$1" | grep -c "$3")" -ge 2 ]; then return 0; fi
		_i=$((_i + 1)); usleep 200000
	done
	echo "$1: domid ${_id:-none} (was $2), $(con "$1" | grep -c "$3") times '$3' on its console"
	return 1
}
fe_served() { fe_up "$1" && connected "$FE" "$2"; }   # fe_served TOOL DDID: a new fe, connected
reboots() {
	T=$1
	names="$T-reboots-dd-up $T-reboot-fe-up $T-fe-reboot $T-fe-reboot-back $T-dd-reboot $T-dd-reboot-back"
	fresh_dd "$T" reboots $names || return
	check $T-reboots-dd-up true
	check $T-reboot-fe-up fe_up "$T"
	t1=$(axl_uptime)
	check $T-fe-reboot tool "$T" reboot fe
	check $T-fe-reboot-back back fe "$FE" '^===FE-DONE===' 120
	echo "$T fe reboot to FE-DONE: $(since "$t1")s" >>/tmp/times.txt
	FE=$(xl domid fe 2>/dev/null)
	verdict "$T" $T-fe-reboot-devices connected "$FE" "$DD"
	ddcheck dd "$DD"
	want="loops=1 vifs=vif$FE.0, ports=vif$FE.0,"
	got="loops=$(ddfield loops) vifs=$(ddfield vifs) ports=$(ddfield ports)"
	verdict "$T" $T-fe-reboot-dd-serves-new sh -c "[ '$got' = '$want' ] || { echo 'dd: $got, want $want'; false; }"
	t1=$(axl_uptime)
	check $T-dd-reboot tool "$T" reboot dd
	check $T-dd-reboot-back back dd "$DD" '===DD-READY' 180
	echo "$T dd reboot to DD-READY: $(since "$t1")s" >>/tmp/times.txt
	DD=$(xl domid dd 2>/dev/null)
	verdict "$T" $T-dd-reboot-fe-destroy tool "$T" destroy fe
	kill_dom fe
	verdict "$T" $T-dd-reboot-nothing-left wait_clean "0 $DD" 30
	ddcheck dd "$DD"
	got="loops=$(ddfield loops) vifs=$(ddfield vifs) ports=$(ddfield ports)"
	verdict "$T" $T-dd-reboot-dd-empty sh -c "[ '$got' = 'loops=0 vifs= ports=' ] || { echo 'rebooted dd: $got'; false; }"
	force_clean "$T dd reboot" "0 $DD"
	verdict "$T" $T-dd-reboot-serves-new-fe fe_served "$T" "$DD"
	tool "$T" destroy fe >/dev/null 2>&1
	kill_dom fe
	verdict "$T" $T-reboots-nothing-left wait_clean "0 $DD" 30
	tool "$T" destroy dd >/dev/null 2>&1
	kill_dom dd
	force_clean "$T reboots" 0
}

# fail_nobackend TOOL "ID...": a frontend whose backend= names no domain (nosuchdd): TOOL
# create fails, for axl with exactly one "axl: error:" line naming it; nothing is left
fail_nobackend() {
	T=$1
	t0=$(axl_uptime)
	tool "$T" create $CFG/fe-bad.cfg >/tmp/fail.out 2>/tmp/fail.err
	rc=$?
	tf=$(since "$t0")
	wait_clean "$2" 20 >/tmp/fail.left 2>&1
	left=$?
	echo "$T fe-bad (backend=nosuchdd): create ${tf}s rc=$rc" >>/tmp/times.txt
	if [ "$T" = xl ]; then
		if [ $rc != 0 ] && [ $rc != 124 ] && [ $left = 0 ]; then echo "ok xl-fail-no-backend-domain" >>/tmp/checks.txt
		else echo "FAIL xl-fail-no-backend-domain: rc=$rc left: $(tr '\n' ' ' </tmp/fail.left | cut -c1-200)" >>/tmp/checks.txt; fi
		note "xl fe-bad: $(grep -E 'error|rror:' /tmp/fail.err | tr -d '\r' | tr '\n' '|' | cut -c1-400)"
	elif [ $rc != 0 ] && [ $rc != 124 ] && [ "$(grep -c '^axl: error:' /tmp/fail.err)" = 1 ] &&
		grep '^axl: error:' /tmp/fail.err | grep -q nosuchdd && [ $left = 0 ]; then
		echo "ok axl-fail-no-backend-domain" >>/tmp/checks.txt
	else
		echo "FAIL axl-fail-no-backend-domain: rc=$rc, want one 'axl: error:' line naming nosuchdd; stderr: $(tr '\n' ' ' </tmp/fail.err | cut -c1-300); left: $(tr '\n' ' ' </tmp/fail.left | cut -c1-200)" >>/tmp/checks.txt
	fi
	kill_dom fe-bad
	force_clean "$T fe-bad" "$2"
}

# ---- a driver domain without a device daemon ------------------------------------------------
# nodevd TOOL: dd2 runs no daemon, so nothing runs the hotplug scripts of fe2's devices.
# xl (the reference): what xl create and xl destroy of fe2 do, as notes. axl: axl create
# of fe2 must fail within its hotplug wait with one "axl: error:" line (naming dd2, its
# daemon or the hotplug wait) and leave nothing.
nodevd() {
	T=$1
	if ! dd_up "$T" dd2 dd2; then
		[ "$T" = axl ] && fail_all "no dd2" axl-fail-no-devd
		force_clean "$T dd2" 0
		return
	fi
	rm -f "$CON/guest-fe2.log"
	t0=$(axl_uptime)
	if [ "$T" = xl ]; then timeout 120 xl -vvv create $CFG/fe2.cfg >/tmp/fe2.out 2>/tmp/fe2.err
	else timeout 300 $AXL create $CFG/fe2.cfg >/tmp/fe2.out 2>/tmp/fe2.err; fi
	rc=$?
	tc=$(since "$t0")
	F2=$(xl domid fe2 2>/dev/null)
	echo "$T fe2 (dd2 without devd): create ${tc}s rc=$rc" >>/tmp/times.txt
	if [ "$T" = xl ]; then
		note "xl fe2 (dd2 without devd): create rc=$rc after ${tc}s, domain ${F2:-none}; $(nodes_of "${F2:-X}" "$DD")"
		grep -E 'error|rror:|assuming driver|Not a remove' /tmp/fe2.err | tr -d '\r' | sed 's/^/note xl fe2: /' | cut -c1-300 >>/tmp/checks.txt
		if [ -n "$F2" ]; then
			sleep 5
			note "xl fe2 5 s later: $(nodes_of "$F2" "$DD") console: $(con fe2 | grep '^fe-' | tr '\n' ' ' | cut -c1-200)"
			t1=$(axl_uptime)
			timeout 120 xl -vvv destroy fe2 >/tmp/fe2d.out 2>&1
			rc=$?
			note "xl destroy fe2 (dd2 without devd): rc=$rc after $(since "$t1")s; $(grep -E 'error|rror:|timed out' /tmp/fe2d.out | tr -d '\r' | tr '\n' '|' | cut -c1-400)"
			wait_clean "0 $DD" 15 >/tmp/fe2.left 2>&1 && note "xl fe2: nothing left after the destroy" ||
				note "xl fe2: left after the destroy: $(cat /tmp/fe2.left)"
			echo "xl fe2 (dd2 without devd): destroy $(since "$t1")s" >>/tmp/times.txt
			gzip -c /tmp/fe2d.out >/tmp/xl-fe2.destroy.log.gz && axl_send xl-fe2.destroy.log.gz /tmp/xl-fe2.destroy.log.gz
		fi
		gzip -c /tmp/fe2.err >/tmp/xl-fe2.create.log.gz && axl_send xl-fe2.create.log.gz /tmp/xl-fe2.create.log.gz
	else
		wait_clean "0 $DD" 20 >/tmp/fail.left 2>&1
		left=$?
		if [ $rc != 0 ] && [ $rc != 124 ] && [ "$(grep -c '^axl: error:' /tmp/fe2.err)" = 1 ] &&
			grep '^axl: error:' /tmp/fe2.err | grep -q -E 'dd2|devd|hotplug' && [ $left = 0 ]; then
			echo "ok axl-fail-no-devd" >>/tmp/checks.txt
		else
			echo "FAIL axl-fail-no-devd: rc=$rc after ${tc}s, want one 'axl: error:' line naming dd2, its daemon or the hotplug wait; stderr: $(tr '\n' ' ' </tmp/fe2.err | cut -c1-300); left: $(tr '\n' ' ' </tmp/fail.left | cut -c1-200)" >>/tmp/checks.txt
		fi
	fi
	kill_dom fe2
	force_clean "$T fe2" "0 $DD"
	dd_down "$T" dd2
}

# ---- the run ---------------------------------------------------------------------------------
note "xen command line: $(xl info 2>/dev/null | sed -n 's/^xen_commandline *: //p')"
# Real xl first (with xl devd in dd): it validates dom0, dd and this scenario.
for T in $TOOLS; do
	case $T in xl | axl) ;; *) note "unknown tool '$T' in $CFG/tools"; continue ;; esac
	[ "$T" = axl ] && [ ! -x $AXL ] && { note "axl is not installed: skipping the axl part"; continue; }
	part "$T"
	orders "$T"
	reboots "$T"
	nodevd "$T"
	check $T-only-dom0-at-end only_dom0
done
axl_send times.txt /tmp/times.txt
axl_send checks.txt /tmp/checks.txt
