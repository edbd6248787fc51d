#!/bin/bash
# build-gnt.sh: cross-build the grant helpers of the extended-region boot tests
# (tests/boot/gnt/axl-gntshr.c for dom0, axl-gntmap.c for guests) for arm64, linked
# statically against libxengnttab, libxenstore, libxentoolcore and libxentoollog from the
# sysroot of mk-sysroot.sh, into $AXL_BOOT_WORK/gnt. Prints that directory.
. "$(dirname "$0")/lib.sh"

out=$WORK/gnt
sr=$("$BOOT_DIR/mk-sysroot.sh")
need_cmd aarch64-linux-gnu-gcc aarch64-linux-gnu-readelf
mkdir -p "$out"
for lib in xengnttab xenstore xentoolcore xentoollog; do
	[ -f "$sr/usr/lib/aarch64-linux-gnu/lib$lib.a" ] || die "build-gnt: no lib$lib.a in the sysroot $sr"
done
for p in axl-gntshr axl-gntmap; do
	aarch64-linux-gnu-gcc --sysroot="$sr" -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O2 -static \
		-o "$out/$p" "$BOOT_DIR/gnt/$p.c" \
		-lxengnttab -lxenstore -lxentoolcore -lxentoollog -lpthread >"$out/$p.log" 2>&1 ||
		{ cat "$out/$p.log" >&2; die "build-gnt: $p failed to build"; }
	aarch64-linux-gnu-readelf -d "$out/$p" 2>/dev/null | grep -q NEEDED &&
		die "build-gnt: $p is not static"
done
echo "$out"
