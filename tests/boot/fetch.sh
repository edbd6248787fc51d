#!/bin/bash
# fetch.sh: install the host tools the boot tests need, and download and unpack (never
# install) the Debian arm64 packages of one release: Xen, the dom0 kernel and userspace and
# the cross-build sysroot, into the cache ($AXL_BOOT_CACHE/RELEASE, default
# tests/boot/.cache/RELEASE). The release follows the Xen version: AXL_BOOT_XEN=4.17
# (default) is bookworm, AXL_BOOT_XEN=4.20 is trixie.
#
# The arm64 packages come through a private apt configuration ($RCACHE/apt): the archive
# URIs of the system's own apt sources with the target release's suites, signed by the
# Debian archive keyring, with private lists and cache (its binary caches kept even where the
# system disables them: each apt-cache call then costs ~0.1 s, not ~1 s); the system's apt
# state is not touched (its apt.conf.d, e.g. a proxy, still applies). Host tools come from the host's apt. Idempotent: a .deb already in the cache at
# the archive's current version is not downloaded again; the lists are refreshed once a day.
. "$(dirname "$0")/lib.sh"

start=$(now)

# ---- host packages -------------------------------------------------------------------
# command or file -> Debian package providing it
HOST_TOOLS="qemu-system-aarch64:qemu-system-arm dtc:device-tree-compiler fdtput:device-tree-compiler fdtget:device-tree-compiler
 cpio:cpio aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu aarch64-linux-gnu-readelf:binutils-aarch64-linux-gnu
 xz:xz-utils gzip:gzip timeout:coreutils base64:coreutils sha256sum:coreutils git:git flock:util-linux
 debian-archive-keyring:debian-archive-keyring debootstrap:debootstrap dpkg-deb:dpkg
 mke2fs:e2fsprogs gnuplot:gnuplot-nox"
KEYRINGS="/usr/share/keyrings/debian-archive-keyring.gpg /usr/share/keyrings/debian-archive-keyring.pgp"
have_tool() {
	local k
	case $1 in
	debian-archive-keyring) for k in $KEYRINGS; do [ -s "$k" ] && return 0; done; return 1 ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}
missing=""
for t in $HOST_TOOLS; do
	have_tool "${t%%:*}" || missing="$missing ${t#*:}"
done
missing=$(echo "$missing" | tr ' ' '\n' | sort -u | tr '\n' ' ')
if [ -n "${missing// /}" ]; then
	[ "$(id -u)" = 0 ] || die "host packages missing ($missing) and not root: install them first"
	note "installing host packages:$missing"
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1; then
		note "apt-get update (host)"
		apt-get update -qq >/dev/null 2>&1 || note "warning: apt-get update reported errors (continuing)"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 ||
			die "apt-get install of host packages failed:$missing"
	fi
	for t in $HOST_TOOLS; do
		have_tool "${t%%:*}" || die "${t%%:*} still missing after installing ${t#*:}"
	done
fi

# One fetch per release at a time (the cache is shared by every clone on the machine).
exec 9>"$RCACHE/.fetch.lock"
flock 9

# ---- the private apt configuration -----------------------------------------------------
APTD=$RCACHE/apt
mkdir -p "$APTD/lists/partial" "$APTD/cache/archives/partial" "$DEBS" "$PKGS"
: >"$APTD/status"

# host_sources: "URI SUITE SIGNED-BY" for each enabled deb source of the system with the
# main component, from deb822 *.sources files and one-line sources.list files.
host_sources() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '
			function flush() {
				if (types ~ /(^| )deb( |$)/ && comps ~ /(^| )main( |$)/ && enabled != "no")
					for (i = 1; i <= nu; i++) for (j = 1; j <= ns; j++) print u[i], s[j], (key == "" ? "-" : key)
				types = comps = key = enabled = ""; nu = ns = 0 }
			/^[ \t]*#/ { next }
			/^[ \t]*$/ { flush(); next }
			{ k = tolower($1); sub(/:$/, "", k); $1 = "" }
			k == "types" { types = $0 }
			k == "uris" { nu = split($0, u, " ") }
			k == "suites" { ns = split($0, s, " ") }
			k == "components" { comps = $0 }
			k == "signed-by" { key = $2 }
			k == "enabled" { enabled = tolower($2) }
			END { flush() }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk '
			$1 != "deb" { next }
			{ key = "-"; n = 2 }
			$2 ~ /^\[/ { while ($n !~ /\]$/ && n < NF) { if ($n ~ /signed-by=/) { key = $n; sub(/.*signed-by=/, "", key); sub(/\]$/, "", key) } n++ }
				if ($n ~ /signed-by=/) { key = $n; sub(/.*signed-by=/, "", key); sub(/\]$/, "", key) } n++ }
			{ main = 0; for (i = n + 2; i <= NF; i++) if ($i == "main") main = 1 }
			main { print $n, $(n + 1), key }' "$f"
	done
}

host_codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
[ -n "$host_codename" ] || die "cannot tell the host's release (no VERSION_CODENAME in /etc/os-release)"
keyring=""
for k in $KEYRINGS; do
	[ -s "$k" ] && { keyring=$k; break; }
done
[ -n "$keyring" ] || die "no Debian archive keyring in /usr/share/keyrings (package debian-archive-keyring)"
# The system's suites for its own release (CODENAME, CODENAME-updates, CODENAME-security)
# become the same suites of the target release, on the same URIs.
{
	host_sources | while read -r uri suite key; do
		case $suite in
		"$host_codename") s=$RELEASE ;;
		"$host_codename"-*) s=$RELEASE-${suite#"$host_codename"-} ;;
		*) continue ;;
		esac
		case $s in *-backports) continue ;; esac
		[ "$key" != - ] && [ -s "$key" ] || key=$keyring
		echo "deb [arch=arm64 signed-by=$key] $uri $s main"
	done | sort -u
} >"$APTD/sources.list.new"
[ -s "$APTD/sources.list.new" ] ||
	die "no Debian archive for release $host_codename with the main component in the system's apt sources"
if ! cmp -s "$APTD/sources.list.new" "$APTD/sources.list"; then
	mv "$APTD/sources.list.new" "$APTD/sources.list"
	rm -f "$APTD/lists/"*_Packages* "$APTD/lists/"*Release* "$APTD/.updated"
else
	rm -f "$APTD/sources.list.new"
fi

APT_OPTS=(-o Dir::Etc::SourceList="$APTD/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
	-o Dir::State::Lists="$APTD/lists" -o Dir::Cache="$APTD/cache" -o Dir::State::status="$APTD/status"
	-o Dir::Cache::pkgcache=pkgcache.bin -o Dir::Cache::srcpkgcache=srcpkgcache.bin
	-o APT::Architecture=arm64 -o APT::Architectures=arm64 -o APT::Sandbox::User=root
	-o Acquire::Languages=none)
apt_cache() { apt-cache "${APT_OPTS[@]}" "$@"; }
apt_update() {
	note "apt-get update ($RELEASE arm64, private lists in $APTD)"
	if apt-get "${APT_OPTS[@]}" update -qq >"$APTD/update.log" 2>&1; then
		touch "$APTD/.updated"
	else
		note "warning: apt-get update for $RELEASE failed: $(grep -m1 -E '^(E|W):' "$APTD/update.log" || tail -n 1 "$APTD/update.log")"
		return 1
	fi
}
offline=no
if [ -z "$(find "$APTD/.updated" -mmin -1440 2>/dev/null)" ]; then
	apt_update || true
fi
# Nothing to resolve again while the lists (and these scripts) are older than the last
# resolution: the recorded packages are the archive's current ones.
recorded=no
if [ -f "$RCACHE/.resolved" ] && [ "$RCACHE/.resolved" -nt "$APTD/.updated" ] &&
	[ "$RCACHE/.resolved" -nt "$0" ] && [ "$RCACHE/.resolved" -nt "$BOOT_DIR/lib.sh" ]; then
	recorded=yes
elif ! apt_cache show --no-all-versions busybox-static >/dev/null 2>&1; then
	offline=yes
fi

# ---- resolve the kernel package and the library closures ----------------------------------
# deps_of PKG...: the first alternative of each Depends/Pre-Depends of PKG's candidate
deps_of() {
	apt_cache show --no-all-versions "$@" 2>/dev/null | awk '
		/^(Pre-)?Depends:/ {
			sub(/^[^:]*: */, ""); n = split($0, d, ",")
			for (i = 1; i <= n; i++) { a = d[i]; sub(/\|.*/, "", a); sub(/\(.*/, "", a)
				gsub(/[ \t]/, "", a); sub(/:.*/, "", a); if (a != "") print a } }' | sort -u
}
# lib_closure ROOT...: the libraries (lib*, zlib1g) ROOT... need, transitively
lib_closure() {
	local todo="$*" seen=" " new p
	while [ -n "$todo" ]; do
		new=""
		for p in $(deps_of $todo); do
			case $p in lib* | zlib1g) ;; *) continue ;; esac
			case $seen in *" $p "*) continue ;; esac
			seen="$seen$p "
			new="$new $p"
		done
		todo=$new
	done
	echo $seen | tr ' ' '\n' | sort
}
if [ "$offline" = no ] && [ "$recorded" = no ]; then
	kpkg=$(apt_cache depends linux-image-arm64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-.*-arm64$/ && !n++ { print $2 }')
	[ -n "$kpkg" ] || die "package linux-image-arm64 ($RELEASE, arm64) has no linux-image-*-arm64 dependency in the archive"
	echo "$kpkg" >"$RCACHE/kernel-package"
	lib_closure $DOM0_LIB_ROOTS >"$RCACHE/dom0-libs.new"
	{ echo $SYSROOT_DEV | tr ' ' '\n'; lib_closure $SYSROOT_DEV; } | sort -u >"$RCACHE/sysroot-pkgs.new"
	grep -qx libc6 "$RCACHE/dom0-libs.new" && grep -qx libxenmisc$XENVER "$RCACHE/sysroot-pkgs.new" ||
		die "the $RELEASE package lists look incomplete (no libc6 among the dom0 libraries or no libxenmisc$XENVER in the sysroot)"
	mv "$RCACHE/dom0-libs.new" "$RCACHE/dom0-libs"
	mv "$RCACHE/sysroot-pkgs.new" "$RCACHE/sysroot-pkgs"
else
	for f in kernel-package dom0-libs sysroot-pkgs packages; do
		[ -s "$RCACHE/$f" ] || die "$RELEASE arm64 package lists unavailable and nothing cached (apt-get update failed: see $APTD/update.log)"
	done
	kpkg=$(kernel_pkg)
	[ "$offline" = no ] ||
		note "warning: $RELEASE arm64 package lists unavailable; using the cached packages only"
fi

ALL=$(echo "$kpkg $XEN_PKGS $(dom0_libs) $(sysroot_pkgs)" | tr ' ' '\n' | sort -u | tr '\n' ' ')

# ---- work out which .deb each package needs --------------------------------------------
# deb file name as apt-get download writes it: NAME_VERSION_arm64.deb, ':' as %3a.
declare -A want
if [ "$offline" = no ] && [ "$recorded" = no ]; then
	# one apt-cache call for all packages (each call costs about a second)
	while read -r p v a; do
		[ -n "${want[$p]:-}" ] || want[$p]="${p}_${v//:/%3a}_$a.deb"
	done < <(apt_cache show --no-all-versions $ALL 2>/dev/null |
		awk '/^Package: / { p = $2 } /^Version: / { v = $2 } /^Architecture: / { print p, v, $2 }')
	for p in $ALL; do
		[ -n "${want[$p]:-}" ] || die "package $p not found in the $RELEASE archive (arm64)"
	done
	for p in $ALL; do echo "$p ${want[$p]}"; done >"$RCACHE/packages"
	resolved=new
else
	while read -r p f; do want[$p]=$f; done <"$RCACHE/packages"
	if [ "$offline" = yes ]; then
		for p in $ALL; do
			[ -s "$DEBS/${want[$p]:-none}" ] || die "package $p not in the cache and the $RELEASE archive is unreachable"
		done
	fi
	resolved=recorded
fi

todo=""
for p in $ALL; do
	[ -s "$DEBS/${want[$p]}" ] || todo="$todo $p"
done
download() {
	(cd "$DEBS" && apt-get "${APT_OPTS[@]}" download -q $todo >/dev/null 2>"$RCACHE/download.err")
}
if [ -n "$todo" ]; then
	note "downloading ($RELEASE arm64):$todo"
	dl=$(now)
	# Lists a day old can name versions the archive has dropped: refresh and retry once.
	if ! download; then
		# once: fresh lists, resolved again from the start
		if [ -z "${AXL_FETCH_RETRY:-}" ] && apt_update; then
			rm -f "$RCACHE/.resolved"
			note "download failed; retrying with fresh lists"
			AXL_FETCH_RETRY=1 exec "$0" "$@"
		fi
		die "apt-get download failed: $(grep -m1 '^E:' "$RCACHE/download.err" || tail -n 1 "$RCACHE/download.err")"
	fi
	note "download took $(elapsed "$dl") s"
fi
for p in $ALL; do
	[ -s "$DEBS/${want[$p]}" ] || die "package $p: expected $DEBS/${want[$p]} after download"
	# drop older versions of the same package from the cache
	for old in "$DEBS/${p}"_*.deb; do
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

[ "$resolved" = recorded ] || touch "$RCACHE/.resolved"
img=$(kernel_image)
[ -f "$(pkgdir "xen-hypervisor-$XENVER-arm64")/boot/xen-$XENVER-arm64" ] ||
	die "xen-hypervisor-$XENVER-arm64 has no boot/xen-$XENVER-arm64"
note "$RELEASE: Xen $XENVER, kernel package $kpkg ($(kernel_release)), Image $(stat -c %s "$img") bytes; $(echo $ALL | wc -w) packages"
note "fetch done in $(elapsed "$start") s; cache: $RCACHE"
