# Common helpers for the boot-test scripts. Sourced, not run.
# shellcheck shell=bash

set -o errexit -o nounset -o pipefail

BOOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${AXL_BOOT_CACHE:-$BOOT_DIR/.cache}
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)

die() { echo "boot: $*" >&2; exit 1; }

# -h/--help for every script: print its header comment.
case ${1:-} in
-h | --help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
esac
note() { echo "boot: $*" >&2; }

# xen_select VERSION: the Xen under test and the Debian release its arm64 packages come
# from (4.17 = bookworm, 4.20 = trixie). Sets XENVER, RELEASE, the release's cache
# ($RCACHE: debs/, pkgs/, apt/, sysroot/...), the work directory ($WORK) and the reference
# directory ($REF_DIR). Every script starts with the version in $AXL_BOOT_XEN (default
# 4.17); mk-sysroot.sh and build-axl.sh also take it as an argument.
xen_select() {
	case $1 in
	4.17 | bookworm) XENVER=4.17 RELEASE=bookworm ;;
	4.20 | trixie) XENVER=4.20 RELEASE=trixie ;;
	*) die "unsupported Xen version or release '$1' (supported: 4.17 = bookworm, 4.20 = trixie)" ;;
	esac
	RCACHE=$CACHE/$RELEASE
	DEBS=$RCACHE/debs          # downloaded .deb files
	PKGS=$RCACHE/pkgs          # one unpacked tree per package: $PKGS/NAME/
	WORK=${AXL_BOOT_WORK:-$BOOT_DIR/work}/xen-$XENVER
	REF_DIR=${AXL_REFERENCE_DIR:-$BOOT_DIR/../data/libxl-$XENVER}
	# bash-completion: only for the completion checks of the axl-domains scenario.
	# xen-utils-common: Debian's hotplug scripts (/etc/xen/scripts); $DOM0_TOOL_PKGS: the
	# programs those scripts run (see DOM0_TOOLS below).
	XEN_PKGS="xen-hypervisor-$XENVER-arm64 xen-utils-$XENVER xenstore-utils busybox-static
 bash-completion xen-utils-common $DOM0_TOOL_PKGS"
	DOM0_LIB_ROOTS="xen-utils-$XENVER xenstore-utils $DOM0_TOOL_PKGS"
	mkdir -p "$RCACHE"
	export AXL_BOOT_XEN=$XENVER
}
# What Debian's hotplug scripts (xen-utils-common: block, vif-bridge and the helpers they
# source) run in dom0 besides xenstore-utils and busybox: PACKAGE:PROGRAM, each program taken
# from that release's package (bin/ and sbin/ land in /usr/bin and /usr/sbin, which the
# scripts put first in their PATH, so they win over busybox's applets of the same name).
# bash runs the scripts (#!/bin/bash, and bashisms); busybox has no flock (locking.sh);
# losetup -a/-f/-r must be util-linux's (block parses its "[dev]:inode (file)" output);
# busybox's ip has no "link set DEV master BR" nor "link add ... type bridge"; bridge-utils'
# brctl is what vif-bridge uses when it is installed (xen-utils-VER recommends it, so a
# default Debian install has it); coreutils' stat/readlink/expr and util-linux's logger are
# the ones the scripts were written against. debugfs and e2fsck are for the scenarios' own
# checks of guest disk images.
DOM0_TOOL_PKGS="bash coreutils util-linux mount bsdutils iproute2 bridge-utils e2fsprogs"
DOM0_TOOLS="bash:bash coreutils:stat coreutils:readlink coreutils:expr coreutils:cut
 coreutils:cat coreutils:dirname coreutils:mkdir coreutils:rm util-linux:flock
 mount:losetup bsdutils:logger iproute2:ip iproute2:bridge bridge-utils:brctl
 e2fsprogs:debugfs e2fsprogs:e2fsck"
case ${AXL_BOOT_XEN:-4.17} in
*" "*) die "AXL_BOOT_XEN='$AXL_BOOT_XEN': one version for this script (only run-all.sh takes a list)" ;;
esac
xen_select "${AXL_BOOT_XEN:-4.17}"

# The roots of the two package sets; fetch.sh adds the libraries they depend on
# (transitively, from the archive's Depends) and records them in $RCACHE/dom0-libs and
# $RCACHE/sysroot-pkgs.
SYSROOT_DEV="libxen-dev libfdt-dev libyajl-dev libc6-dev linux-libc-dev libcmocka-dev
 libcrypt-dev zlib1g-dev"

# recorded_list NAME: a package list fetch.sh wrote
recorded_list() {
	[ -s "$RCACHE/$1" ] || die "no $RELEASE package list $1 recorded: run fetch.sh first (AXL_BOOT_XEN=$XENVER)"
	cat "$RCACHE/$1"
}
dom0_libs() { recorded_list dom0-libs; }
sysroot_pkgs() { recorded_list sysroot-pkgs; }

# Name of the kernel package recorded by fetch.sh.
kernel_pkg() { recorded_list kernel-package; }

# Directory holding the unpacked package NAME (fails if fetch.sh has not unpacked it).
pkgdir() {
	[ -f "$PKGS/$1/.unpacked" ] || die "package $1 is not unpacked in $PKGS: run fetch.sh first (AXL_BOOT_XEN=$XENVER)"
	echo "$PKGS/$1"
}

# Kernel modules directory of the unpacked kernel package (lib/modules, or usr/lib/modules
# with merged /usr).
kernel_moddir() {
	local d m
	d=$(pkgdir "$(kernel_pkg)")
	for m in "$d/usr/lib/modules" "$d/lib/modules"; do
		[ -d "$m" ] && { echo "$m"; return 0; }
	done
	die "no lib/modules or usr/lib/modules in the kernel package $(kernel_pkg)"
}

# Kernel release string (e.g. 6.1.0-57-arm64) from the unpacked kernel package.
kernel_release() {
	local rel
	rel=$(ls "$(kernel_moddir)" 2>/dev/null | sed -n 1p) || true
	[ -n "$rel" ] || die "no modules directory in the kernel package $(kernel_pkg)"
	echo "$rel"
}

# The static busybox binary (bin/busybox in bookworm, usr/bin/busybox in trixie).
busybox_bin() {
	local d f
	d=$(pkgdir busybox-static)
	for f in "$d/bin/busybox" "$d/usr/bin/busybox"; do
		[ -x "$f" ] && { echo "$f"; return 0; }
	done
	die "busybox-static has no bin/busybox or usr/bin/busybox"
}

# Make sure the uncompressed arm64 kernel Image exists in the cache; print its path.
# Debian's signed arm64 kernel ships vmlinuz as a plain Image (EFI stub); older or unsigned
# ones ship it gzip-compressed. Both are handled.
kernel_image() {
	local rel d src out
	rel=$(kernel_release)
	d=$(pkgdir "$(kernel_pkg)")
	src=$d/boot/vmlinuz-$rel
	out=$RCACHE/Image-$rel
	[ -f "$src" ] || die "kernel package has no boot/vmlinuz-$rel"
	if [ ! -s "$out" ] || [ "$src" -nt "$out" ]; then
		if [ "$(od -An -tx1 -N2 "$src" | tr -d ' ')" = 1f8b ]; then
			gzip -dc <"$src" >"$out.tmp.$$" || die "cannot decompress boot/vmlinuz-$rel"
		else
			cp "$src" "$out.tmp.$$"
		fi
		# An arm64 Image has the magic "ARM\x64" at offset 56.
		[ "$(od -An -tx1 -j56 -N4 "$out.tmp.$$" | tr -d ' ')" = 41524d64 ] ||
			die "boot/vmlinuz-$rel is not an arm64 Image (nor a gzip-compressed one)"
		mv "$out.tmp.$$" "$out"
	fi
	echo "$out"
}

# ref_image OUT: the stand-in kernel of the reference configs (INPUTS.md): an arm64 Image
# header like Debian's linux-image-6.1.0-56-arm64 (text_offset 0, image_size 0x2010000,
# flags 0xa) in a 32956352-byte file. Only the header and the size shape the guest tree,
# so the references stay reproducible whatever kernel the release ships.
ref_image() {
	{
		printf 'MZ\x40\xfa\x00\x00\x00\x00'          # code0, code1 (unused here)
		printf '\x00\x00\x00\x00\x00\x00\x00\x00'    # text_offset 0
		printf '\x00\x00\x01\x02\x00\x00\x00\x00'    # image_size 0x2010000
		printf '\x0a\x00\x00\x00\x00\x00\x00\x00'    # flags 0xa
		head -c 24 /dev/zero                           # res2..res4
		printf 'ARM\x64'                               # magic
		head -c 4 /dev/zero                            # res5 (PE header offset)
	} >"$1.tmp"
	truncate -s 32956352 "$1.tmp"
	mv "$1.tmp" "$1"
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

# dd_root DIR yes|no OUT: the initramfs OUT of a driver domain, built in DIR (removed after):
# the dom0 tree (mkdom0.sh's, no scenario) without /boot, whose /init is
# scenarios/driver-domain/dd-init; with "yes", axl's packages installed into it.
dd_root() {
	local dd=$1
	"$BOOT_DIR/mkdom0.sh" -o "$WORK/dd-plain-dom0.cpio.gz" 2>"$WORK/dd-mkdom0.log" ||
		{ cat "$WORK/dd-mkdom0.log" >&2; die "dd_root: mkdom0.sh failed"; }
	rm -rf "$dd"
	mkdir -p "$dd"
	(cd "$dd" && gzip -dc "$WORK/dd-plain-dom0.cpio.gz" | cpio -idm --quiet --no-preserve-owner) ||
		die "dd_root: cannot unpack the dom0 tree"
	rm -f "$WORK/dd-plain-dom0.cpio.gz"
	[ -f "$dd/init" ] && [ -f "$dd/etc/axl-modules" ] || die "dd_root: the dom0 tree has no /init or /etc/axl-modules"
	rm -rf "${dd:?}/boot" "$dd/scenarios"
	mkdir -p "$dd/boot" "$dd/root"
	install -m 755 "$BOOT_DIR/scenarios/driver-domain/dd-init" "$dd/init"
	[ "$2" = yes ] && install_axl "$dd"
	mkcpio "$dd" "$3"
	rm -rf "$dd"
}

# guest_skeleton DIR: a busybox guest root in DIR whose busybox init runs
# /etc/rc (which the caller writes) at boot.
guest_skeleton() {
	mkdir -p "$1"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp}
	cp "$(busybox_bin)" "$1/bin/busybox"
	ln -s bin/busybox "$1/init"
	cat >"$1/etc/inittab" <<'TAB'
::sysinit:/bin/busybox sh /etc/rc
::shutdown:/bin/echo ===GUEST-SHUTDOWN===
TAB
}

# report LINE: print one "ok ..." / "FAIL ..." line and count it in $pass or $fail (the
# runner sets both to 0 first).
report() { echo "$1"; case $1 in ok*) pass=$((pass + 1)) ;; *) fail=$((fail + 1)) ;; esac; }

# dom0_checks RUNNER FILE: report the checks the dom0 scenario sent (FILE, its checks.txt);
# note lines and the like are printed as they are. Dies when dom0 sent none.
dom0_checks() {
	local line
	[ -s "$2" ] || die "$1: dom0 sent no checks.txt"
	while read -r line; do
		case $line in ok* | FAIL*) report "$line" ;; *) echo "$line" ;; esac
	done <"$2"
}

# tree_files: the axl tree's files as they are now, tracked or new (git's view, so never
# build products or the boot caches), without tests/boot/, one path a line, sorted.
tree_files() {
	(cd "$BOOT_DIR/../.." && git ls-files -co --exclude-standard | grep -v '^tests/boot/' |
		while read -r f; do [ -f "$f" ] && echo "$f"; done | LC_ALL=C sort)
}

# install_axl ROOT: axl as users install it: the arm64 axl and libaxl1 packages of the
# working tree (build-debs.sh, cross-built in a chroot of this release) unpacked onto the
# dom0 tree ROOT (/usr/bin/axl, /usr/lib/aarch64-linux-gnu/libaxl.so.1, the service, the
# man pages) with dpkg -x, as the dom0 of mkdom0.sh has no dpkg database. What a package
# puts in /lib, /bin or /sbin goes under /usr: the dom0 overlay must not turn a merged-/usr
# link into a directory.
install_axl() {
	local root=$1 debs p d tmp
	debs=$("$BOOT_DIR/build-debs.sh") || die "install_axl: the arm64 packages did not build"
	tmp=$(mktemp -d)
	for p in axl libaxl1; do
		set -- "$debs/${p}_"*_arm64.deb
		[ -f "$1" ] || die "install_axl: no ${p}_*_arm64.deb in $debs"
		dpkg-deb -x "$1" "$tmp" || die "install_axl: cannot unpack $1"
	done
	for d in lib bin sbin; do
		[ -d "$tmp/$d" ] || continue
		mkdir -p "$tmp/usr/$d"
		cp -a "$tmp/$d/." "$tmp/usr/$d/" && rm -rf "${tmp:?}/$d"
	done
	cp -a "$tmp/." "$root/" || die "install_axl: cannot copy the packages into $root"
	rm -rf "$tmp"
}
