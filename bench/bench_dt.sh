#!/bin/sh
# Benchmark: a whole `axl dt` process on a typical config (1 GiB, 2 vCPUs,
# vuart, one iomem), median wall time of 50 runs; hyperfine when present.
set -eu
AXL=${AXL:-tools/xl/axl}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
make -s examples/Image
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --warmup 5 --runs 50 \
        "$AXL dt -o $tmp/g.dtb examples/guest.cfg"
    exit 0
fi
i=0
: > "$tmp/times"
while [ $i -lt 50 ]; do
    t0=$(date +%s%N)
    "$AXL" dt -o "$tmp/g.dtb" examples/guest.cfg
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000 )) >> "$tmp/times"
    i=$((i + 1))
done
sort -n "$tmp/times" | awk '{ a[NR] = $1 } END {
    printf "axl dt (whole process): median %.2f ms, min %.2f ms over %d runs\n",
        a[int((NR + 1) / 2)] / 1000, a[1] / 1000, NR }'
