# dom0 side of bench/bench_create.sh: axl create -p against xl create -p
# for the same configs, N runs each, alternating; busybox time -v gives
# the wall time and the peak RSS of the command (children included).
# Cases: 256 and 2048 MiB guests, and "dev": 256 MiB with one disk (a raw
# image on a loop device, Debian's block script) and one vif (vif-bridge
# on xenbr0). Each tool destroys its own domain (not timed).
AXL=/usr/local/bin/axl
: >/tmp/bench.txt
ip link add xenbr0 type bridge && ip link set xenbr0 up
dd if=/dev/zero of=/root/bench.img bs=1M count=64 2>/dev/null
free_mb() { xl info | awk '$1 == "free_memory" { print $3 }'; }
# settle: each create starts from the same host state, whichever tool
# destroyed the last domain: it is gone, Xen has its memory back (a
# destroy returns before Xen has relinquished it all), dom0 is idle.
settle() {
	n=0
	while [ $n -lt 300 ]; do
		if ! xl list b >/dev/null 2>&1 && [ "$(free_mb)" -ge $((free0 - 8)) ]; then
			sleep 1
			return
		fi
		sleep 0.1
		n=$((n + 1))
	done
	echo "bench: the last domain's memory did not come back within 30 s" >&2
}
free0=$(free_mb)
one() { # one TOOL CASE
	cfg=/etc/xen/axl/b.cfg set=memory=$2
	[ "$2" = dev ] && cfg=/etc/xen/axl/b-dev.cfg set=memory=256
	if [ "$1" = axl ]; then
		time -v -o /tmp/t.txt $AXL create -q -p $cfg $set >/tmp/o.txt 2>&1
		rc=$?
		$AXL destroy b >/dev/null 2>&1
	else
		time -v -o /tmp/t.txt xl create -p $cfg $set >/tmp/o.txt 2>&1
		rc=$?
		xl destroy b >/dev/null 2>&1
	fi
	settle
	[ "$rc" = 0 ] || { echo "bench: $1 create ($2) failed:"; cat /tmp/o.txt; } >&2
	awk -v tool="$1" -v mem="$2" -v rc="$rc" -F': ' '
		/Elapsed \(wall clock\)/ { v = $2; gsub(/[hms]/, " ", v); n = split(v, p, " ")
			s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; t = s }
		/Maximum resident/ { m = $2 }
		END { printf "%s %s %.2f %d rc=%s\n", tool, mem, t, m, rc }' /tmp/t.txt >>/tmp/bench.txt
}
runs=$(cat /etc/xen/axl/runs 2>/dev/null || echo 5)
for mem in 256 2048 dev; do
	i=0
	while [ $i -lt "$runs" ]; do
		one axl $mem
		one xl $mem
		i=$((i + 1))
	done
done
# Where axl's time goes (-vv step timings), once.
$AXL -v -v create -q -p /etc/xen/axl/b.cfg 2>/tmp/steps.txt
$AXL destroy b >/dev/null 2>&1
settle
echo "-- with a disk and a vif:" >>/tmp/steps.txt
$AXL -v -v create -q -p /etc/xen/axl/b-dev.cfg 2>&1 | grep -v "said:" >>/tmp/steps.txt
$AXL destroy b >/dev/null 2>&1
axl_send steps.txt /tmp/steps.txt
axl_send bench.txt /tmp/bench.txt
