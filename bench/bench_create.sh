#!/bin/bash
# bench_create.sh: axl create -p against xl create -p on real Xen (QEMU,
# tests/boot), on each Xen version of AXL_BOOT_XEN (default "4.17 4.20":
# bookworm's and trixie's packages, axl cross-built against each): 256 MiB
# and 2 GiB guests of the release's Debian arm64 kernel, and a 256 MiB one
# with one disk (raw image, loop device) and one vif (bridge xenbr0), RUNS
# runs each (default 5), alternating. Prints, per version, the median wall time and
# peak memory of each tool side by side and their ratios (axl / xl).
# dom0 has BENCH_DOM0_VCPUS vCPUs (default 2, as a real dom0 has several:
# with one, scripts that run together only take turns; 1 for the boot
# tests' dom0). Figures, not a test.  usage: bench/bench_create.sh [RUNS]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
boot=$top/tests/boot
versions=${AXL_BOOT_XEN:-4.17 4.20}
unset AXL_BOOT_XEN
. "$boot/lib.sh"
runs=${1:-5}
dom0_vcpus=${BENCH_DOM0_VCPUS:-2}
case $runs in '' | *[!0-9]* | 0) die "bench_create: RUNS must be a positive number" ;; esac
for v in $versions; do (xen_select "$v") || exit 2; done

# bench_one: boot this version's Xen once and run the dom0 side
bench_one() {
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
	cat >"$sc/etc/xen/axl/b-dev.cfg" <<'CFG'
name = "b"
kernel = "/boot/Image"
memory = 256
vcpus = 1
extra = "console=hvc0"
disk = [ "/root/bench.img,raw,xvda,rw" ]
vif = [ "bridge=xenbr0" ]
CFG
	"$boot/mkdom0.sh" -o "$WORK/dom0-bench.cpio.gz" "$sc" >/dev/null
	AXL_BOOT_DOM0_VCPUS=$dom0_vcpus "$boot/run-xen.sh" -i "$WORK/dom0-bench.cpio.gz" \
		-o "$WORK/out-bench" -t 590 >/dev/null
}

for v in $versions; do
	xen_select "$v"
	bench_one
	echo "Xen $XENVER ($RELEASE, kernel $(kernel_release)), dom0 with $dom0_vcpus vCPUs, median of $runs runs:"
	awk '$5 != "rc=0" { bad++ } { k = $1 " " $2; t[k] = t[k] " " $3; m[k] = m[k] " " $4 }
	function median(s,   a, n, i, j, x) { n = split(s, a, " ")
		for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
	END {
		printf "    %-9s %9s %11s %9s %11s %7s %7s\n", "guest", "axl time", "axl peak", "xl time", "xl peak", "time", "memory"
		split("256 2048 dev", cases, " ")
		for (c = 1; c <= 3; c++) {
			mem = cases[c]
			at = median(t["axl " mem]); xt = median(t["xl " mem])
			am = median(m["axl " mem]); xm = median(m["xl " mem])
			printf "    %-9s %7.2f s %7d KiB %7.2f s %7d KiB %7.2f %7.2f\n",
				mem == "dev" ? "disk+vif" : mem " MiB",
				at, am, xt, xm, xt ? at / xt : 0, xm ? am / xm : 0
		}
		if (bad) printf "    warning: %d runs failed\n", bad
	}' "$WORK/out-bench/bench.txt"
	echo "    (ratios are axl / xl; peak = maximum resident set of the command)"
	echo "    axl create -vv step timings (one 256 MiB run):"
	sed 's/^/        /' "$WORK/out-bench/steps.txt"
done
