#!/bin/bash
# check-libxl-reference.sh: compare the guest device trees dumped by real libxl in dom0
# (results of the libxl-reference scenario) with the reference DTBs, ignoring /chosen/rng-seed
# (random on every run). Prints "ok NAME" or "FAIL NAME: reason" per reference config and
# exits non-zero if any failed.
#
# usage: check-libxl-reference.sh [RESULT_DIR [REFERENCE_DIR]]
#   RESULT_DIR     default: $AXL_BOOT_WORK/out
#   REFERENCE_DIR  default: $AXL_REFERENCE_DIR, else shared/reference/libxl-4.17 beside the repo
. "$(dirname "$0")/lib.sh"

res=${1:-${AXL_BOOT_WORK:-$BOOT_DIR/work}/out}
ref=${2:-${AXL_REFERENCE_DIR:-$BOOT_DIR/../../../shared/reference/libxl-4.17}}
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
for cfg in "$ref"/*.cfg; do
	[ -f "$cfg" ] || die "check: no *.cfg in $ref"
	name=$(basename "$cfg" .cfg)
	n=$((n + 1))
	if [ ! -f "$ref/$name.dtb" ]; then
		echo "FAIL $name: no reference $name.dtb"; fails=$((fails + 1)); continue
	fi
	if [ ! -f "$res/$name.dtb" ]; then
		why="libxl dumped no DTB"
		line=$(grep "^$name " "$res/summary.txt" 2>/dev/null || true)
		[ -z "$line" ] || why="$why ($(echo "$line" | cut -d' ' -f2-3))"
		if [ -f "$res/$name.xl.log.gz" ]; then
			err=$(gzip -dc "$res/$name.xl.log.gz" | grep -E -i 'error|fail|refus|invalid|unable|not supported' |
				grep -v -i 'debug:' | tail -n 1 | cut -c1-200)
			[ -z "$err" ] || why="$why: $err"
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
		d=$(diff "$tmp/ref.dts" "$tmp/got.dts" | grep '^[<>]' | head -n 4 | sed 's/^</ref:/; s/^>/got:/' |
			tr -s ' \t' ' ' | paste -sd ';' -)
		diff -u "$tmp/ref.dts" "$tmp/got.dts" >"$res/$name.dts.diff" || true
		echo "FAIL $name: trees differ: $d (full diff: $res/$name.dts.diff)"; fails=$((fails + 1))
	elif [ "$rs" != "$gs" ]; then
		echo "FAIL $name: rng-seed is $gs bytes, reference has $rs"; fails=$((fails + 1))
	else
		echo "ok $name"
	fi
done
echo "$((n - fails)) passed, $fails failed"
[ "$fails" = 0 ]
