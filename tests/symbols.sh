#!/bin/sh
# libaxl.so exports exactly the functions libaxl.h declares, each at a
# symbol version AXL_1.N, and nothing internal (axl__*); a static program
# links through `pkg-config --static`.
set -u
top=${AXL_TOP:-.}
so=$(ls "$top"/tools/libs/light/libaxl.so.* 2>/dev/null | sed -n 1p)
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

[ -n "$so" ] || { echo "FAIL no libaxl.so built"; echo "symbols: 0 passed, 1 failed"; exit 1; }
# Function names declared in the header: NAME( at a declaration.
grep -oE '\baxl_[a-z0-9_]+\(' "$top/tools/libs/light/include/libaxl.h" |
    tr -d '(' | sort -u >"$tmp/header"
nm -D --defined-only "$so" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' |
    sort -u >"$tmp/exported"
missing=$(comm -23 "$tmp/header" "$tmp/exported" | tr '\n' ' ')
extra=$(comm -13 "$tmp/header" "$tmp/exported" | tr '\n' ' ')
[ -z "$missing" ] && ok "every-header-function-exported" ||
    bad "every-header-function-exported: missing $missing"
[ -z "$extra" ] && ok "nothing-else-exported" || bad "nothing-else-exported: $extra"
unversioned=$(objdump -T "$so" | awk '$NF ~ /^axl/ && $(NF - 1) !~ /^AXL_1\./ { print $NF }' |
    tr '\n' ' ')
[ -z "$unversioned" ] && ok "all-versioned-AXL_1.N" || bad "all-versioned-AXL_1.N: $unversioned"
objdump -T "$so" | grep -q 'AXL_1\.0' && ok version-node-AXL_1.0 || bad version-node-AXL_1.0
echo "symbols: $pass passed, $fail failed"
[ "$fail" = 0 ]
