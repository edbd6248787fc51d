#!/bin/sh
# Checks the packages scripts/build-debs.sh made: each package has the
# files it must and nothing else, the binaries are for ARCH, the library's
# symbols file is there, and lintian reports no error.
#   scripts/check-debs.sh DIR [ARCH]
set -u
dir=${1:?usage: check-debs.sh DIR [ARCH]}
arch=${2:-$(dpkg --print-architecture)}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
ma=$(dpkg-architecture -a "$arch" -qDEB_HOST_MULTIARCH 2>/dev/null)

deb_of() {
    set -- "$dir/${1}_"*"_$arch.deb"
    [ -f "$1" ] && echo "$1"
}

# expect PACKAGE PATH...: the regular files and symlinks of the package,
# without its /usr/share/doc, are exactly PATH... (sh patterns).
expect() {
    pkg=$1
    shift
    deb=$(deb_of "$pkg") || { bad "$pkg: no ${pkg}_*_$arch.deb in $dir"; return; }
    ok "$pkg: $(basename "$deb")"
    dpkg -c "$deb" | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./|/|' |
        grep -v '^/usr/share/doc/' | sort >"$tmp/$pkg.files"
    for want in "$@"; do
        # shellcheck disable=SC2254
        found=$(while read -r f; do case $f in $want) echo "$f" ;; esac
                done <"$tmp/$pkg.files")
        [ -n "$found" ] && ok "$pkg: has $want" || bad "$pkg: no $want"
    done
    while read -r f; do
        matched=
        for want in "$@"; do
            # shellcheck disable=SC2254
            case $f in $want) matched=yes ;; esac
        done
        [ -n "$matched" ] || bad "$pkg: unexpected $f"
    done <"$tmp/$pkg.files"
    got=$(dpkg-deb -f "$deb" Architecture)
    [ "$got" = "$arch" ] && ok "$pkg: Architecture $arch" ||
        bad "$pkg: Architecture $got, not $arch"
}

expect axl /usr/bin/axl /usr/share/man/man1/axl.1.gz \
    /usr/share/man/man5/axl.cfg.5.gz /usr/libexec/axl/axl-domains \
    /etc/init.d/axl-domains /etc/default/axl-domains \
    '/*lib/systemd/system/axl-domains.service' \
    /usr/share/bash-completion/completions/axl
expect libaxl1 "/usr/lib/$ma/libaxl.so.1" "/usr/lib/$ma/libaxl.so.1.0.0"
expect libaxl-dev /usr/include/libaxl.h "/usr/lib/$ma/libaxl.a" \
    "/usr/lib/$ma/libaxl.so" "/usr/lib/$ma/pkgconfig/axl.pc"

# The machine of the command and the library.
elf_machine() {
    dpkg-deb --fsys-tarfile "$1" | tar -xOf - ".$2" >"$tmp/elf" 2>/dev/null &&
        LC_ALL=C readelf -h "$tmp/elf" | sed -n 's/^ *Machine: *//p'
}
case $arch in
arm64) machine=AArch64 ;;
amd64) machine="Advanced Micro Devices X86-64" ;;
armhf) machine=ARM ;;
*) machine= ;;
esac
if [ -n "$machine" ] && deb=$(deb_of axl) && lib=$(deb_of libaxl1); then
    m=$(elf_machine "$deb" /usr/bin/axl)
    [ "$m" = "$machine" ] && ok "axl: binary for $machine" ||
        bad "axl: binary for \"$m\", not $machine"
    m=$(elf_machine "$lib" "/usr/lib/$ma/libaxl.so.1.0.0")
    [ "$m" = "$machine" ] && ok "libaxl1: library for $machine" ||
        bad "libaxl1: library for \"$m\", not $machine"
fi
if lib=$(deb_of libaxl1); then
    dpkg-deb -I "$lib" symbols >"$tmp/symbols" 2>/dev/null &&
        grep -q '^ axl_guest_build@AXL_1\.0 ' "$tmp/symbols" &&
        ok "libaxl1: symbols file" || bad "libaxl1: no symbols file"
    dpkg-deb -I "$lib" shlibs 2>/dev/null | grep -q '^libaxl 1 libaxl1' &&
        ok "libaxl1: shlibs" || bad "libaxl1: no shlibs"
fi

# lintian: errors fail, warnings are listed.
changes=$(ls "$dir"/axl_*_"$arch".changes 2>/dev/null | tail -n 1)
if ! command -v lintian >/dev/null 2>&1; then
    bad "lintian: not installed (Debian package lintian)"
elif [ -z "$changes" ]; then
    bad "lintian: no axl_*_$arch.changes in $dir"
else
    lintian --no-tag-display-limit "$changes" >"$tmp/lintian" 2>&1
    sed 's/^/  /' "$tmp/lintian"
    if grep -q '^E: ' "$tmp/lintian"; then
        bad "lintian: $(grep -c '^E: ' "$tmp/lintian") errors"
    else
        ok "lintian: no error ($(grep -c '^W: ' "$tmp/lintian") warnings)"
    fi
fi
echo "check-debs: $pass passed, $fail failed"
[ "$fail" = 0 ]
