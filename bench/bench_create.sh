#!/bin/bash
# bench_create.sh: axl create -p against xl create -p on real Xen 4.17
# (QEMU, tests/boot): 256 MiB and 2 GiB guests of the Debian arm64 kernel,
# RUNS runs each (default 5), alternating.  Prints the median wall time
# and peak memory of each tool and their ratios (axl / xl).  Figures, not
# a test.  usage: bench/bench_create.sh [RUNS]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
boot=$top/tests/boot
. "$boot/lib.sh"
WORK=${AXL_BOOT_WORK:-$boot/work}
runs=${1:-5}
"$boot/fetch.sh" >/dev/null
arm_axl=$("$boot/build-axl.sh")
sc=$WORK/bench-create
rm -rf "$sc"
mkdir -p "$sc/usr/local/bin" "$sc/etc/xen/axl"
cp "$top/bench/boot-create/scenario.sh" "$sc/scenario.sh"
cp "$arm_axl" "$sc/usr/local/bin/axl"
echo "$runs" >"$sc/etc/xen/axl/runs"
cat >"$sc/etc/xen/axl/b.cfg" <<'CFG'
name = "b"
kernel = "/boot/Image"
memory = 256
vcpus = 1
extra = "console=hvc0"
CFG
"$boot/mkdom0.sh" -o "$WORK/dom0-bench.cpio.gz" "$sc" >/dev/null
"$boot/run-xen.sh" -i "$WORK/dom0-bench.cpio.gz" -o "$WORK/out-bench" -t 590 >/dev/null
awk '$5 != "rc=0" { bad++ } { k = $1 " " $2; t[k] = t[k] " " $3; m[k] = m[k] " " $4 }
function median(s,   a, n, i, j, x) { n = split(s, a, " ")
	for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
END {
	for (mem = 256; mem <= 2048; mem *= 8) {
		at = median(t["axl " mem]); xt = median(t["xl " mem])
		am = median(m["axl " mem]); xm = median(m["xl " mem])
		printf "%4d MiB guest: axl %.2f s, %d KiB; xl %.2f s, %d KiB; time ratio %.2f, memory ratio %.2f\n",
			mem, at, am, xt, xm, at / xt, am / xm
	}
	if (bad) printf "warning: %d runs failed\n", bad
}' "$WORK/out-bench/bench.txt"
echo "axl create -vv step timings (one 256 MiB run):"
sed 's/^/    /' "$WORK/out-bench/steps.txt"
