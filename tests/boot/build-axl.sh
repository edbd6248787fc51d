#!/bin/bash
# build-axl.sh [RELEASE]: cross-builds axl for arm64 (domain creation
# enabled) from the working tree, against the sysroot of mk-sysroot.sh for
# RELEASE (bookworm = Xen 4.17, trixie = Xen 4.20; default: $AXL_BOOT_XEN,
# else 4.17), in $AXL_BOOT_WORK/xen-VER/axl-arm64 (one build directory per
# release). Prints the path of the arm64 axl binary.
. "$(dirname "$0")/lib.sh"

[ $# -le 1 ] || die "usage: build-axl.sh [bookworm|trixie|4.17|4.20]"
[ $# = 0 ] || xen_select "$1"
top=$(cd "$BOOT_DIR/../.." && pwd)
src=$WORK/axl-arm64
sr=$("$BOOT_DIR/mk-sysroot.sh" "$RELEASE")
need_cmd aarch64-linux-gnu-gcc
mkdir -p "$src"
(cd "$top" && tree_files | tar -cf - -T -) | (cd "$src" && tar -xf -) ||
	die "build-axl: cannot copy the source tree"
(
	cd "$src"
	# configure again when it changed or the sysroot did (a new release's packages)
	if [ ! -f config.mk ] || [ configure -nt config.mk ] || [ "$sr/.stamp" -nt config.mk ]; then
		./configure -q --host=aarch64-linux-gnu --with-sysroot="$sr" \
			--disable-tests >configure.log 2>&1 ||
			{ cat configure.log >&2; die "build-axl: configure failed"; }
	fi
	make -s -j"$(nproc)" tools/xl/axl >make.log 2>&1 ||
		{ cat make.log >&2; die "build-axl: make failed"; }
)
aarch64-linux-gnu-readelf -h "$src/tools/xl/axl" | grep -q 'Machine:.*AArch64' ||
	die "build-axl: tools/xl/axl is not an arm64 binary"
# It must link against this release's Xen libraries.
aarch64-linux-gnu-readelf -d "$src/tools/xl/axl" | grep -q "NEEDED.*libxenctrl\.so\.$XENVER\]" ||
	die "build-axl: $src/tools/xl/axl does not link against libxenctrl.so.$XENVER: $(aarch64-linux-gnu-readelf -d "$src/tools/xl/axl" | sed -n 's/.*NEEDED.*\[\(libxenctrl.*\)\]/\1/p')"
echo "$src/tools/xl/axl"
