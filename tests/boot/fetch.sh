#!/bin/bash
# fetch.sh: install the host tools the boot tests need, and download and unpack (never
# install) the Debian arm64 packages for Xen, the dom0 kernel/userspace and the cross-build
# sysroot into the cache ($AXL_BOOT_CACHE, default tests/boot/.cache). Idempotent: a .deb
# already in the cache at the archive's current version is not downloaded again.
. "$(dirname "$0")/lib.sh"

start=$(now)

# ---- host packages -------------------------------------------------------------------
# command -> Debian package providing it
HOST_TOOLS="qemu-system-aarch64:qemu-system-arm dtc:device-tree-compiler fdtput:device-tree-compiler fdtget:device-tree-compiler
 cpio:cpio aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu aarch64-linux-gnu-readelf:binutils-aarch64-linux-gnu
 xz:xz-utils gzip:gzip timeout:coreutils base64:coreutils sha256sum:coreutils git:git"
missing=""
for t in $HOST_TOOLS; do
	command -v "${t%%:*}" >/dev/null 2>&1 || missing="$missing ${t#*:}"
done
missing=$(echo "$missing" | tr ' ' '\n' | sort -u | tr '\n' ' ')
updated=no
apt_update() {
	[ "$updated" = yes ] && return 0
	note "apt-get update"
	apt-get update -qq >/dev/null 2>&1 || note "warning: apt-get update reported errors (continuing)"
	updated=yes
}
if [ -n "${missing// /}" ]; then
	[ "$(id -u)" = 0 ] || die "host packages missing ($missing) and not root: install them first"
	note "installing host packages:$missing"
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1; then
		apt_update
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 ||
			die "apt-get install of host packages failed:$missing"
	fi
	for t in $HOST_TOOLS; do
		command -v "${t%%:*}" >/dev/null 2>&1 || die "command ${t%%:*} still missing after installing ${t#*:}"
	done
fi

# ---- arm64 package lists -------------------------------------------------------------
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	[ "$(id -u)" = 0 ] || die "arm64 is not a dpkg foreign architecture and not root"
	dpkg --add-architecture arm64
	updated=no
	apt_update
fi
offline=no
if ! apt-cache show --no-all-versions busybox-static:arm64 >/dev/null 2>&1; then
	apt_update
	apt-cache show --no-all-versions busybox-static:arm64 >/dev/null 2>&1 || offline=yes
fi

# ---- resolve the kernel package --------------------------------------------------------
if [ "$offline" = no ]; then
	kpkg=$(apt-cache depends linux-image-arm64:arm64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-.*-arm64(:arm64)?$/ && !n++ { sub(/:arm64$/, "", $2); print $2 }')
	[ -n "$kpkg" ] || die "package linux-image-arm64:arm64 has no linux-image-*-arm64 dependency in the archive"
	echo "$kpkg" >"$CACHE/kernel-package"
else
	[ -s "$CACHE/kernel-package" ] || die "arm64 package lists unavailable and nothing cached (apt-get update failed?)"
	kpkg=$(cat "$CACHE/kernel-package")
	note "warning: arm64 package lists unavailable; using cached packages only"
fi

ALL="$kpkg $DOM0_PKGS $SYSROOT_PKGS"
mkdir -p "$DEBS" "$PKGS"

# ---- work out which .deb each package needs --------------------------------------------
# deb file name as apt-get download writes it: NAME_VERSION_arm64.deb, ':' as %3a.
declare -A want
if [ "$offline" = no ]; then
	# one apt-cache call for all packages (each call costs about a second)
	args=""
	for p in $ALL; do args="$args $p:arm64"; done
	while read -r p v; do
		[ -n "${want[$p]:-}" ] || want[$p]="${p}_${v//:/%3a}_arm64.deb"
	done < <(apt-cache show --no-all-versions $args 2>/dev/null |
		awk '/^Package: / { p = $2 } /^Version: / { print p, $2 }')
	for p in $ALL; do
		[ -n "${want[$p]:-}" ] || die "package $p not found in the archive (arm64)"
	done
else
	for p in $ALL; do
		f=$(cd "$DEBS" && ls -t "${p}"_*_arm64.deb 2>/dev/null | sed -n 1p) || true
		[ -n "$f" ] || die "package $p not in the cache and the archive is unreachable"
		want[$p]=$f
	done
fi

todo=""
for p in $ALL; do
	[ -s "$DEBS/${want[$p]}" ] || todo="$todo $p:arm64"
done
if [ -n "$todo" ]; then
	note "downloading:$todo"
	dl=$(now)
	(cd "$DEBS" && apt-get download -q $todo >/dev/null 2>"$CACHE/download.err") ||
		die "apt-get download failed: $(grep -m1 '^E:' "$CACHE/download.err" || tail -n 1 "$CACHE/download.err")"
	note "download took $(elapsed "$dl") s"
fi
for p in $ALL; do
	[ -s "$DEBS/${want[$p]}" ] || die "package $p: expected $DEBS/${want[$p]} after download"
	# drop older versions of the same package from the cache
	for old in "$DEBS/${p}"_*_arm64.deb; do
		[ "$old" = "$DEBS/${want[$p]}" ] || rm -f "$old"
	done
done

# ---- unpack ----------------------------------------------------------------------------
for p in $ALL; do
	d=$PKGS/$p
	if [ "$(cat "$d/.unpacked" 2>/dev/null)" != "${want[$p]}" ]; then
		rm -rf "$d"
		mkdir -p "$d"
		dpkg -x "$DEBS/${want[$p]}" "$d" || die "dpkg -x of ${want[$p]} failed"
		echo "${want[$p]}" >"$d/.unpacked"
	fi
done
# packages no longer wanted (e.g. an older kernel)
for d in "$PKGS"/*/; do
	p=$(basename "$d")
	[ -n "${want[$p]:-}" ] || rm -rf "$d"
done

img=$(kernel_image)
[ -f "$(pkgdir xen-hypervisor-4.17-arm64)/boot/xen-$XENVER-arm64" ] ||
	die "xen-hypervisor-4.17-arm64 has no boot/xen-$XENVER-arm64"
note "kernel package: $kpkg ($(kernel_release)), Image $(stat -c %s "$img") bytes"
note "fetch done in $(elapsed "$start") s; cache: $CACHE"
