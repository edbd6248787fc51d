#!/bin/sh
# Builds the Debian packages axl, libaxl1 and libaxl-dev from this tree
# with dpkg-buildpackage, then checks them (scripts/check-debs.sh).
#
#   scripts/build-debs.sh [--arch ARCH] [--no-deps] [--nocheck] [-o DIR]
#
# --arch arm64 cross-builds (Debian's cross toolchain, multiarch -dev
# packages).  Without --no-deps it first installs the build dependencies
# with apt-get (root or sudo).  On bookworm and trixie libxen-dev is not
# Multi-Arch "same": installing libxen-dev:arm64 removes the native one, so
# cross-build in a container or chroot of its own.  The packages end up in
# DIR (default debs/), with their .changes and .buildinfo.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
arch='' deps=yes nocheck='' out=$top/debs
while [ $# -gt 0 ]; do
    case $1 in
    --arch) [ $# -ge 2 ] || { echo "build-debs: --arch needs ARCH" >&2; exit 2; }
            arch=$2; shift ;;
    --no-deps) deps= ;;
    --nocheck) nocheck=yes ;;
    -o) [ $# -ge 2 ] || { echo "build-debs: -o needs DIR" >&2; exit 2; }
        out=$2; shift ;;
    -h|--help) sed -n '2,13s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "build-debs: unknown argument \"$1\" (see -h)" >&2; exit 2 ;;
    esac
    shift
done
die() { echo "build-debs: $*" >&2; exit 1; }
build_arch=$(dpkg --print-architecture)
[ "$arch" = "$build_arch" ] && arch=
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo

if [ -n "$deps" ]; then
    apt_get() { DEBIAN_FRONTEND=noninteractive $SUDO apt-get -y -q "$@"; }
    if [ -n "$arch" ]; then
        dpkg --print-foreign-architectures | grep -qx "$arch" || {
            $SUDO dpkg --add-architecture "$arch"
        }
        apt_get update
        apt_get install --no-install-recommends dpkg-dev debhelper lintian \
            "crossbuild-essential-$arch"
        (cd "$top" && apt_get build-dep --no-install-recommends \
            -a "$arch" ./) || die "cannot install the $arch build dependencies"
    else
        apt_get update
        apt_get install --no-install-recommends build-essential dpkg-dev \
            debhelper lintian
        (cd "$top" && apt_get build-dep --no-install-recommends ./) ||
            die "cannot install the build dependencies"
    fi
fi

# Build in a copy: dpkg-buildpackage writes beside the source directory.
version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
src=$work/axl-$version
mkdir "$src"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
    (cd "$top" && git ls-files -z --cached --others --exclude-standard |
        xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\n" "$f"; done' sh |
        tar -cf - -T -) | tar -C "$src" -xf -
else
    (cd "$top" && tar --exclude=./debs -cf - .) | tar -C "$src" -xf -
    [ ! -f "$src/config.mk" ] || make -s -C "$src" distclean
fi
opts=
[ -n "$nocheck" ] && export DEB_BUILD_OPTIONS="nocheck ${DEB_BUILD_OPTIONS:-}"
[ -n "$arch" ] && opts="-a $arch"
echo "build-debs: dpkg-buildpackage ${opts:-(native)} in $src"
# shellcheck disable=SC2086
mkdir -p "$out"
log=$out/build-${arch:-$build_arch}.log
(cd "$src" && dpkg-buildpackage $opts -us -uc -b) >"$log" 2>&1 || {
    grep -E '^(FAIL|not ok|\[  FAILED  \])' "$log" >&2
    tail -n 20 "$log" >&2
    die "dpkg-buildpackage failed (log: $log)"
}
grep -E '^(dpkg-gensymbols|dpkg-shlibdeps): warning' "$log" >&2 || :
for f in "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo; do
    [ -e "$f" ] && mv "$f" "$out/"
done
echo "build-debs: packages in $out"
sh "$top/scripts/check-debs.sh" "$out" "${arch:-$build_arch}"
