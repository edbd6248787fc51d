#!/bin/sh
# Runs the axl command (the normal build, $AXL) under valgrind memcheck on
# good and bad inputs: any invalid access or leak fails the run.
set -u
AXL=${AXL:-tools/xl/axl}
TOP=${AXL_TOP:-.}
REF=$TOP/tests/data/libxl-4.17
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind: not installed (Debian package valgrind)" >&2
    exit 1
fi
# A sparse arm64 Image: magic "ARM\x64" at 56, the rest zero.
truncate -s 33554432 "$tmp/Image"
printf 'ARMd' | dd of="$tmp/Image" bs=1 seek=56 conv=notrunc 2>/dev/null
truncate -s 1039844 "$tmp/initrd"

pass=0 fail=0
run() {     # run NAME EXPECTED_EXIT ARGS...
    name=$1 want=$2
    shift 2
    valgrind -q --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite,indirect "$AXL" "$@" \
        >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" = "$want" ]; then
        pass=$((pass + 1))
        echo "ok $name"
    else
        fail=$((fail + 1))
        echo "FAIL $name: exit $got, wanted $want"
        sed 's/^/    /' "$tmp/err"
    fi
}

K="kernel=\"$tmp/Image\""
run dt-base 0 dt -o "$tmp/base.dtb" "$REF/base.cfg" "$K"
run dt-dts 0 dt --dts -o "$tmp/base.dts" "$REF/base.cfg" "$K"
run dt-ramdisk 0 dt --seed 1 -o "$tmp/rd.dtb" "$REF/ramdisk.cfg" "$K" \
    "ramdisk=\"$tmp/initrd\""
run dt-pdt 0 dt -o "$tmp/pdt.dtb" "$REF/pdt.cfg" "$K" \
    "device_tree=\"$REF/partial.dtb\""
run memmap 0 memmap "$REF/mem4096.cfg" "$K"
run memmap-json 0 memmap --json "$REF/vuart.cfg" "$K" 'iomem=["9000,10@80000"]'
run bad-kernel 1 dt -o "$tmp/x.dtb" "$REF/base.cfg" "kernel=\"$REF/base.cfg\""
run bad-syntax 1 dt -o "$tmp/x.dtb" "$REF/base.cfg" 'memory=[' "$K"
run bad-layout 1 memmap --gpaddr-bits 30 "$REF/base.cfg" "$K"
run bad-option 2 dt --gpaddr-bits 65 "$REF/base.cfg"
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
