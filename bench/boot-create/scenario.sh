# dom0 side of bench/bench_create.sh: axl create -p against xl create -p
# for the same configs, N runs each, alternating; busybox time -v gives
# the wall time and the peak RSS of the command (children included).
AXL=/usr/local/bin/axl
: >/tmp/bench.txt
one() { # one TOOL MEM
	if [ "$1" = axl ]; then
		time -v -o /tmp/t.txt $AXL create -q -p /etc/xen/axl/b.cfg memory=$2 >/tmp/o.txt 2>&1
	else
		time -v -o /tmp/t.txt xl create -p /etc/xen/axl/b.cfg memory=$2 >/tmp/o.txt 2>&1
	fi
	rc=$?
	xl destroy b >/dev/null 2>&1
	awk -v tool="$1" -v mem="$2" -v rc="$rc" -F': ' '
		/Elapsed \(wall clock\)/ { v = $2; gsub(/[hms]/, " ", v); n = split(v, p, " ")
			s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; t = s }
		/Maximum resident/ { m = $2 }
		END { printf "%s %s %.2f %d rc=%s\n", tool, mem, t, m, rc }' /tmp/t.txt >>/tmp/bench.txt
}
runs=$(cat /etc/xen/axl/runs 2>/dev/null || echo 5)
for mem in 256 2048; do
	i=0
	while [ $i -lt "$runs" ]; do
		one axl $mem
		one xl $mem
		i=$((i + 1))
	done
done
# Where axl's time goes (-vv step timings), once.
$AXL -v -v create -q -p /etc/xen/axl/b.cfg 2>/tmp/steps.txt
xl destroy b >/dev/null 2>&1
axl_send steps.txt /tmp/steps.txt
axl_send bench.txt /tmp/bench.txt
