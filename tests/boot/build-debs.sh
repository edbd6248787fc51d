#!/bin/bash
# build-debs.sh [RELEASE]: the arm64 packages of the working tree (axl, libaxl1, libaxl-dev),
# built as users build them: scripts/build-debs.sh --arch arm64 (dpkg-buildpackage with
# Debian's cross toolchain and the release's multiarch arm64 -dev packages, then
# scripts/check-debs.sh with lintian), inside a minimal chroot of RELEASE (bookworm = Xen
# 4.17, trixie = Xen 4.20; default: $AXL_BOOT_XEN, else 4.17), since libxen-dev cannot be
# installed for two architectures at once. The chroot (debootstrap --variant=minbase, from
# the URIs fetch.sh found in the system's apt sources) is kept in $CACHE/RELEASE/buildroot;
# the packages in $AXL_BOOT_WORK/xen-VER/debs-HASH, one directory per state of the tree (a
# second call on an unchanged tree builds nothing). Needs root (or sudo). Prints the
# directory holding the .deb files.
. "$(dirname "$0")/lib.sh"

[ $# -le 1 ] || die "usage: build-debs.sh [bookworm|trixie|4.17|4.20]"
[ $# = 0 ] || xen_select "$1"
top=$(cd "$BOOT_DIR/../.." && pwd)
SUDO=
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null 2>&1 || die "build-debs: the build chroot needs root (or sudo)"
	SUDO=sudo
fi

hash=$(cd "$top" && tree_files | while read -r f; do echo "$f" && cat "$f"; done |
	sha256sum | cut -c1-16)
out=$WORK/debs-$hash
if [ -f "$out/.built" ]; then
	echo "$out"
	exit 0
fi

# ---- the chroot -------------------------------------------------------------------------
root=$RCACHE/buildroot
sources=$RCACHE/apt/sources.list
[ -s "$sources" ] || die "build-debs: no $sources: run fetch.sh first (AXL_BOOT_XEN=$XENVER)"
mirror=$(sed 's/ \[[^]]*\]//' "$sources" | awk -v r="$RELEASE" '$3 == r { print $2; exit }')
[ -n "$mirror" ] || die "build-debs: no URI for suite $RELEASE in $sources"
in_root() { $SUDO chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	HOME=/root LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
mounted=
cleanup() { [ -z "$mounted" ] || $SUDO umount "$root/proc" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
if [ ! -f "$root/.ready" ]; then
	command -v debootstrap >/dev/null 2>&1 || die "build-debs: no debootstrap: run fetch.sh first (it installs the host tools)"
	note "build-debs: making the $RELEASE build chroot in $root"
	$SUDO rm -rf "$root"
	$SUDO debootstrap --variant=minbase "$RELEASE" "$root" "$mirror" >"$RCACHE/buildroot.log" 2>&1 ||
		{ tail -n 5 "$RCACHE/buildroot.log" >&2; die "build-debs: debootstrap $RELEASE failed (log: $RCACHE/buildroot.log)"; }
	# The release's suites as fetch.sh uses them (updates, security), for both architectures.
	sed 's/arch=arm64 //' "$sources" | $SUDO tee "$root/etc/apt/sources.list" >/dev/null
	$SUDO mount -t proc proc "$root/proc" && mounted=yes
	{
		in_root dpkg --add-architecture arm64 &&
			in_root apt-get -q update &&
			in_root apt-get -y -q install --no-install-recommends crossbuild-essential-arm64 \
				dpkg-dev debhelper lintian
	} >>"$RCACHE/buildroot.log" 2>&1 ||
		{ tail -n 5 "$RCACHE/buildroot.log" >&2; die "build-debs: cannot set up the $RELEASE chroot (log: $RCACHE/buildroot.log)"; }
	$SUDO touch "$root/.ready"
fi
[ -n "$mounted" ] || { $SUDO mount -t proc proc "$root/proc" && mounted=yes; }

# ---- the build --------------------------------------------------------------------------
$SUDO rm -rf "$root/build"
$SUDO mkdir -p "$root/build/src"
(cd "$top" && tree_files | tar -cf - -T -) |
	$SUDO tar -C "$root/build/src" -xf - || die "build-debs: cannot copy the source tree"
log=$WORK/build-debs.log
mkdir -p "$WORK"
{
	in_root sh -c 'apt-get -q update && cd /build/src &&
		apt-get -y -q build-dep --no-install-recommends -a arm64 ./' &&
		in_root sh -c 'cd /build/src && scripts/build-debs.sh --arch arm64 --no-deps --nocheck -o /build/out'
} >"$log" 2>&1 || { grep -E '^(FAIL|E:|build-debs:)' "$log" >&2; tail -n 5 "$log" >&2
	die "build-debs: the arm64 packages did not build (log: $log)"; }
grep -E '^(ok|FAIL) ' "$log" >&2 || true
rm -rf "$WORK"/debs-*
mkdir -p "$out"
cp "$root"/build/out/*.deb "$out/"
$SUDO rm -rf "$root/build"
for p in axl libaxl1 libaxl-dev; do
	ls "$out/${p}_"*_arm64.deb >/dev/null 2>&1 || die "build-debs: no ${p}_*_arm64.deb built"
done
touch "$out/.built"
echo "$out"
