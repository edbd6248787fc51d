# Common helpers for the boot-test scripts. Sourced, not run.
# shellcheck shell=bash

set -o errexit -o nounset -o pipefail

BOOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${AXL_BOOT_CACHE:-$BOOT_DIR/.cache}
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
DEBS=$CACHE/debs          # downloaded .deb files
PKGS=$CACHE/pkgs          # one unpacked tree per package: $PKGS/NAME/
XENVER=4.17

die() { echo "boot: $*" >&2; exit 1; }

# -h/--help for every script: print its header comment.
case ${1:-} in
-h | --help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
esac
note() { echo "boot: $*" >&2; }

# The arm64 packages that make up dom0 (the kernel is added by name at run time).
DOM0_PKGS="xen-hypervisor-4.17-arm64 busybox-static xen-utils-4.17 xenstore-utils
 libxenmisc4.17 libxenstore4 libxencall1 libxenevtchn1 libxenforeignmemory1 libxengnttab1
 libxentoollog1 libxendevicemodel1 libxentoolcore1 libxenhypfs1 libyajl2 libfdt1 libuuid1
 zlib1g libc6 libgcc-s1 libncurses6 libtinfo6 libext2fs2 libcom-err2"

# Extra arm64 packages for the cross-build sysroot.
SYSROOT_PKGS="libxen-dev libfdt-dev libyajl-dev libc6-dev linux-libc-dev libcmocka-dev
 libcmocka0 libcrypt-dev libcrypt1 zlib1g-dev"

# Name of the kernel package recorded by fetch.sh.
kernel_pkg() {
	[ -s "$CACHE/kernel-package" ] || die "no kernel package recorded: run fetch.sh first"
	cat "$CACHE/kernel-package"
}

# Directory holding the unpacked package NAME (fails if fetch.sh has not unpacked it).
pkgdir() {
	[ -f "$PKGS/$1/.unpacked" ] || die "package $1 is not unpacked in $PKGS: run fetch.sh first"
	echo "$PKGS/$1"
}

# Kernel release string (e.g. 6.1.0-57-arm64) from the unpacked kernel package.
kernel_release() {
	local d rel
	d=$(pkgdir "$(kernel_pkg)")
	rel=$(ls "$d/lib/modules" 2>/dev/null | sed -n 1p) || true
	[ -n "$rel" ] || die "no lib/modules/* in the kernel package $(kernel_pkg)"
	echo "$rel"
}

# Make sure the uncompressed arm64 kernel Image exists in the cache; print its path.
# Debian's signed arm64 kernel ships vmlinuz as a plain Image (EFI stub); older or unsigned
# ones ship it gzip-compressed. Both are handled.
kernel_image() {
	local rel d src out
	rel=$(kernel_release)
	d=$(pkgdir "$(kernel_pkg)")
	src=$d/boot/vmlinuz-$rel
	out=$CACHE/Image-$rel
	[ -f "$src" ] || die "kernel package has no boot/vmlinuz-$rel"
	if [ ! -s "$out" ] || [ "$src" -nt "$out" ]; then
		if [ "$(od -An -tx1 -N2 "$src" | tr -d ' ')" = 1f8b ]; then
			gzip -dc <"$src" >"$out.tmp" || die "cannot decompress boot/vmlinuz-$rel"
		else
			cp "$src" "$out.tmp"
		fi
		# An arm64 Image has the magic "ARM\x64" at offset 56.
		[ "$(od -An -tx1 -j56 -N4 "$out.tmp" | tr -d ' ')" = 41524d64 ] ||
			die "boot/vmlinuz-$rel is not an arm64 Image (nor a gzip-compressed one)"
		mv "$out.tmp" "$out"
	fi
	echo "$out"
}

need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || die "command $c not found: run fetch.sh first"
	done
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# mkcpio DIR OUT: archive DIR (parents before children, owned by root) as a
# gzip'd newc cpio, written whole or not at all.
mkcpio() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
		gzip -6 >"$2.tmp" || { rm -f "$2.tmp"; die "cpio/gzip of $1 into $2 failed"; }
	mv "$2.tmp" "$2"
}

# guest_skeleton DIR: a busybox guest root in DIR whose busybox init runs
# /etc/rc (which the caller writes) at boot.
guest_skeleton() {
	mkdir -p "$1"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp}
	cp "$(pkgdir busybox-static)/bin/busybox" "$1/bin/busybox"
	ln -s bin/busybox "$1/init"
	cat >"$1/etc/inittab" <<'TAB'
::sysinit:/bin/busybox sh /etc/rc
::shutdown:/bin/echo ===GUEST-SHUTDOWN===
TAB
}
