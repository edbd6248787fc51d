#!/bin/bash
# check-libxl-reference.sh: compare the guest device trees dumped by real libxl in dom0
# (results of the libxl-reference scenario) with the reference DTBs, ignoring /chosen/rng-seed
# (random on every run). Prints "ok NAME" or "FAIL NAME: reason" per reference config and
# exits non-zero if any failed.
#
# usage: check-libxl-reference.sh [RESULT_DIR [NAME...]]
#   RESULT_DIR  default: $AXL_BOOT_WORK/xen-VER/out-libxl-reference
#   NAME...     only these configs (default: every reference *.cfg)
# The references are read from $AXL_REFERENCE_DIR, by default tests/data/libxl-VER for the
# Xen of $AXL_BOOT_XEN (a copy of shared/reference/libxl-VER).
. "$(dirname "$0")/lib.sh"

res=${1:-$WORK/out-libxl-reference}
[ $# -gt 0 ] && shift
ref=$REF_DIR
[ -d "$res" ] || die "check: result directory $res not found (run run-xen.sh)"
[ -d "$ref" ] || die "check: reference directory $ref not found (set AXL_REFERENCE_DIR)"
need_cmd dtc fdtput fdtget
tmp=$(mktemp -d "${TMPDIR:-/tmp}/axl-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# norm IN OUT: OUT = IN without /chosen/rng-seed, as dts text
norm() {
	cp "$1" "$tmp/n.dtb"
	if fdtget "$tmp/n.dtb" /chosen rng-seed >/dev/null 2>&1; then
		fdtput -d "$tmp/n.dtb" /chosen rng-seed || return 1
	fi
	dtc -q -I dtb -O dts -o "$2" "$tmp/n.dtb"
}

# seedlen DTB: length in bytes of /chosen/rng-seed (0 if absent)
seedlen() {
	fdtget -t bx "$1" /chosen rng-seed 2>/dev/null | wc -w
}

fails=0 n=0
names=("$@")
if [ ${#names[@]} = 0 ]; then
	for cfg in "$ref"/*.cfg; do
		[ -f "$cfg" ] || die "check: no *.cfg in $ref"
		names+=("$(basename "$cfg" .cfg)")
	done
fi
for name in "${names[@]}"; do
	[ -f "$ref/$name.cfg" ] || die "check: no reference config $name.cfg in $ref"
	n=$((n + 1))
	if [ ! -f "$ref/$name.dtb" ]; then
		echo "FAIL $name: no reference $name.dtb"; fails=$((fails + 1)); continue
	fi
	if [ ! -f "$res/$name.dtb" ]; then
		why="libxl dumped no DTB"
		line=$(grep "^$name " "$res/summary.txt" 2>/dev/null || true)
		[ -z "$line" ] || why="$why ($(echo "$line" | cut -d' ' -f2-3))"
		if [ -f "$res/$name.xl.log.gz" ]; then
			gzip -dc "$res/$name.xl.log.gz" >"$tmp/xl.log"
			err=$(grep -m1 -E '^(libxl|xl|libxc|xc): error' "$tmp/xl.log" || true)
			[ -n "$err" ] || err=$(grep -v -i 'debug' "$tmp/xl.log" | grep -i -E 'error|fail|invalid|unable' | tail -n 1 || true)
			[ -z "$err" ] || why="$why: ${err:0:200}"
			xen=$(sed -n 's/^xen-console: (XEN) //p' "$tmp/xl.log" | grep -v -i 'debug' | tail -n 1)
			[ -z "$xen" ] || why="$why; Xen said: ${xen:0:200}"
		else
			why="$why (no xl log either: did the scenario run?)"
		fi
		echo "FAIL $name: $why"; fails=$((fails + 1)); continue
	fi
	if ! norm "$ref/$name.dtb" "$tmp/ref.dts" || ! norm "$res/$name.dtb" "$tmp/got.dts"; then
		echo "FAIL $name: cannot decode one of the DTBs"; fails=$((fails + 1)); continue
	fi
	rs=$(seedlen "$ref/$name.dtb") gs=$(seedlen "$res/$name.dtb")
	if ! cmp -s "$tmp/ref.dts" "$tmp/got.dts"; then
		d=$({ diff "$tmp/ref.dts" "$tmp/got.dts" || true; } | grep '^[<>]' | sed -n 1,4p |
			sed 's/^</ref:/; s/^>/got:/' | tr -s ' \t' ' ' | paste -sd '|' - | sed 's/|/ | /g')
		diff -u --label "reference/$name.dts" --label "got/$name.dts" "$tmp/ref.dts" "$tmp/got.dts" >"$res/$name.dts.diff" || true
		echo "FAIL $name: trees differ: $d (full diff: $res/$name.dts.diff)"; fails=$((fails + 1))
	elif [ "$rs" != "$gs" ]; then
		echo "FAIL $name: rng-seed is $gs bytes, reference has $rs"; fails=$((fails + 1))
	else
		echo "ok $name"
	fi
done
echo "$((n - fails)) passed, $fails failed"
[ "$fails" = 0 ]
