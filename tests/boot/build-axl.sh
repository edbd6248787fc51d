#!/bin/bash
# build-axl.sh: cross-builds axl for arm64 (domain creation enabled) from
# the working tree, against the sysroot of mk-sysroot.sh, in
# $AXL_BOOT_WORK/axl-arm64. Prints the path of the arm64 axl binary.
. "$(dirname "$0")/lib.sh"

WORK=${AXL_BOOT_WORK:-$BOOT_DIR/work}
top=$(cd "$BOOT_DIR/../.." && pwd)
src=$WORK/axl-arm64
sr=$("$BOOT_DIR/mk-sysroot.sh")
need_cmd aarch64-linux-gnu-gcc
mkdir -p "$src"
# The tree's files as they are now, tracked or new; never the caches.
(cd "$top" && git ls-files -co --exclude-standard | grep -v '^tests/boot/' |
	tar -cf - -T -) | (cd "$src" && tar -xf -) ||
	die "build-axl: cannot copy the source tree"
(
	cd "$src"
	if [ ! -f config.mk ] || [ configure -nt config.mk ]; then
		./configure -q --host=aarch64-linux-gnu --with-sysroot="$sr" \
			--disable-tests >configure.log 2>&1 ||
			{ cat configure.log >&2; die "build-axl: configure failed"; }
	fi
	make -s -j"$(nproc)" tools/xl/axl >make.log 2>&1 ||
		{ cat make.log >&2; die "build-axl: make failed"; }
)
aarch64-linux-gnu-readelf -h "$src/tools/xl/axl" | grep -q 'Machine:.*AArch64' ||
	die "build-axl: tools/xl/axl is not an arm64 binary"
echo "$src/tools/xl/axl"
