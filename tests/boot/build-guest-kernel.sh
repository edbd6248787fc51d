#!/bin/bash
# build-guest-kernel.sh: build a small arm64 guest kernel that uses extended regions
# (Debian's own arm64 kernel has ZONE_DEVICE off and ignores /hypervisor reg 1..N).
# Source: the host release's Debian kernel source, linux-source-X.Y, the package its
# "linux-source" metapackage depends on (linux-source-6.1 on bookworm, linux-source-6.12 on
# trixie; AXL_GUEST_LINUX=X.Y picks another), installed with apt-get if missing, with the
# host tools the build needs: bc, bison, flex, libssl-dev, libelf-dev, xz-utils and the
# aarch64 cross compiler. Config: "make allnoconfig", then the fragment
# tests/boot/kernel/guest.config merged in, then olddefconfig; every option of the fragment
# is checked in the final .config (missing ones are printed and the build fails).
#
# usage: build-guest-kernel.sh [-f]     (-f: rebuild even if the Image is cached)
# AXL_GUEST_KCONFIG="FILE..." uses other fragments, merged in order (the driver domain's
# kernel: guest.config and driver-domain.config; or to test the option check).
#
# The Image is cached in $AXL_BOOT_CACHE/guest-kernel/, keyed by the source package version
# and the sha256 of the fragment, so a second run only prints its path. Each X.Y series keeps
# its own Images (one per fragment set) and source tree (a newer version replaces an older one
# of the same series). Prints the path of
# the Image on stdout; progress and timings on stderr.
. "$(dirname "$0")/lib.sh"

force=no
case ${1:-} in -f) force=yes ;; "") ;; *) die "build-guest-kernel: unknown argument $1" ;; esac

start=$(now)
FRAGS=${AXL_GUEST_KCONFIG:-$BOOT_DIR/kernel/guest.config}
for f in $FRAGS; do [ -s "$f" ] || die "build-guest-kernel: no config fragment $f"; done
KDIR=$CACHE/guest-kernel
mkdir -p "$KDIR"
# several fragments are merged in order, as one
FRAG=$(mktemp "$KDIR/fragment.XXXXXX")
trap 'rm -f "$FRAG"' EXIT
# shellcheck disable=SC2086
cat $FRAGS >"$FRAG"

# ---- which source ----------------------------------------------------------------------
if [ -n "${AXL_GUEST_LINUX:-}" ]; then
	SERIES=$AXL_GUEST_LINUX
else
	SERIES=$(apt-cache depends linux-source 2>/dev/null |
		sed -n 's/^ *Depends: linux-source-\([0-9][0-9.]*\)$/\1/p' | sed -n 1p)
	# no package lists: the newest source already installed
	[ -n "$SERIES" ] || SERIES=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null |
		sed -n 's|^/usr/src/linux-source-\([0-9.]*\)\.tar\.xz$|\1|p' | sort -V | tail -n 1)
fi
case $SERIES in [0-9]*.[0-9]*) ;; *) die "build-guest-kernel: no linux-source-X.Y package for this host release (set AXL_GUEST_LINUX=X.Y)" ;; esac
SRCPKG=linux-source-$SERIES
TARBALL=/usr/src/$SRCPKG.tar.xz

# ---- host packages (command or file -> Debian package) -------------------------------
NEED="bc:bc bison:bison flex:flex xz:xz-utils make:make perl:perl
 aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu aarch64-linux-gnu-ld:binutils-aarch64-linux-gnu
 /usr/include/openssl/ssl.h:libssl-dev /usr/include/libelf.h:libelf-dev
 $TARBALL:$SRCPKG"
missing=""
for t in $NEED; do
	w=${t%%:*}
	case $w in
	/*) [ -e "$w" ] || missing="$missing ${t#*:}" ;;
	*) command -v "$w" >/dev/null 2>&1 || missing="$missing ${t#*:}" ;;
	esac
done
if [ -n "$missing" ]; then
	[ "$(id -u)" = 0 ] || die "build-guest-kernel: host packages missing ($missing) and not root"
	note "build-guest-kernel: installing$missing"
	t=$(now)
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing \
		>"$KDIR/apt.log" 2>&1; then
		apt-get update -qq >/dev/null 2>&1 || true
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing \
			>"$KDIR/apt.log" 2>&1 || die "build-guest-kernel: apt-get install$missing failed (see $KDIR/apt.log)"
	fi
	note "build-guest-kernel: host packages installed in $(elapsed "$t") s"
fi
[ -s "$TARBALL" ] || die "build-guest-kernel: $TARBALL missing after installing $SRCPKG"

# ---- cache key -----------------------------------------------------------------------
VER=$(dpkg-query -W -f='${Version}' "$SRCPKG" 2>/dev/null) ||
	die "build-guest-kernel: cannot read the version of $SRCPKG"
case $VER in "$SERIES".*) ;; *) die "build-guest-kernel: $SRCPKG has version $VER, not $SERIES.*" ;; esac
FSUM=$(sha256sum <"$FRAG" | cut -c1-16)
KEY=$VER-$FSUM
IMAGE=$KDIR/Image-$KEY
if [ "$force" = no ] && [ -s "$IMAGE" ] && [ -s "$IMAGE.config" ]; then
	note "build-guest-kernel: cached Image for $SRCPKG $VER + fragment $FSUM ($(elapsed "$start") s)"
	echo "$IMAGE"
	exit 0
fi

# One build per series at a time; a run that waited finds the Image cached.
exec 9>"$KDIR/.build-$SERIES.lock"
flock 9
if [ "$force" = no ] && [ -s "$IMAGE" ] && [ -s "$IMAGE.config" ]; then
	note "build-guest-kernel: cached Image for $SRCPKG $VER + fragment $FSUM (after waiting for another build)"
	echo "$IMAGE"
	exit 0
fi

# ---- source (unpacked once per version) ------------------------------------------------
SRC=$KDIR/src-$VER
if [ "$(cat "$SRC/.axl-unpacked" 2>/dev/null)" != "$VER" ]; then
	note "build-guest-kernel: unpacking $TARBALL"
	t=$(now)
	rm -rf "$SRC" "$SRC.tmp"
	mkdir -p "$SRC.tmp"
	tar -xJf "$TARBALL" -C "$SRC.tmp" --strip-components=1 ||
		die "build-guest-kernel: cannot unpack $TARBALL"
	[ -f "$SRC.tmp/Makefile" ] || die "build-guest-kernel: $TARBALL has no top-level Makefile"
	echo "$VER" >"$SRC.tmp/.axl-unpacked"
	mv "$SRC.tmp" "$SRC"
	note "build-guest-kernel: unpacked in $(elapsed "$t") s"
fi
# old versions of this series' source go (other series stay: a shared cache may serve both)
for d in "$KDIR/src-$SERIES".*; do [ "$d" = "$SRC" ] || rm -rf "$d"; done

# ---- configure -------------------------------------------------------------------------
OBJ=$KDIR/build-$KEY
# (a failed build's directory stays, with its logs, until the next build)
for d in "$KDIR/build-$SERIES".*; do rm -rf "$d"; done
mkdir -p "$OBJ"
MK=(make -C "$SRC" O="$OBJ" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- -j"$(nproc)")
t=$(now)
"${MK[@]}" allnoconfig >"$OBJ/config.log" 2>&1 ||
	{ tail -n 20 "$OBJ/config.log" >&2; die "build-guest-kernel: make allnoconfig failed"; }
(cd "$OBJ" && ARCH=arm64 "$SRC/scripts/kconfig/merge_config.sh" -m -O "$OBJ" "$OBJ/.config" "$FRAG") \
	>>"$OBJ/config.log" 2>&1 || { tail -n 20 "$OBJ/config.log" >&2; die "build-guest-kernel: merge_config failed"; }
"${MK[@]}" olddefconfig >>"$OBJ/config.log" 2>&1 ||
	{ tail -n 20 "$OBJ/config.log" >&2; die "build-guest-kernel: make olddefconfig failed"; }

# Every option of the fragment must be in the final .config exactly as asked.
bad=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*)
		grep -qxF "$line" "$OBJ/.config" && continue
		got=$(grep -E "^(# )?${line%%=*}[= ]" "$OBJ/.config" || echo "absent (dependencies not met)")
		note "build-guest-kernel: missing option: want $line, got: $got"
		bad=$((bad + 1)) ;;
	"# CONFIG_"*" is not set")
		o=${line#\# }; o=${o%% *}
		grep -qE "^$o=" "$OBJ/.config" || continue
		note "build-guest-kernel: option $o should be unset, got: $(grep -E "^$o=" "$OBJ/.config")"
		bad=$((bad + 1)) ;;
	esac
done <"$FRAG"
[ "$bad" = 0 ] || die "build-guest-kernel: $bad option(s) of $FRAG did not survive olddefconfig"
note "build-guest-kernel: configured in $(elapsed "$t") s; all $(grep -c '^CONFIG_\|^# CONFIG_.* is not set' "$FRAG") fragment options present"

# ---- build -----------------------------------------------------------------------------
t=$(now)
"${MK[@]}" Image >"$OBJ/build.log" 2>&1 ||
	{ grep -m5 -E 'error|Error' "$OBJ/build.log" >&2; die "build-guest-kernel: kernel build failed (log: $OBJ/build.log)"; }
img=$OBJ/arch/arm64/boot/Image
[ "$(od -An -tx1 -j56 -N4 "$img" | tr -d ' ')" = 41524d64 ] || die "build-guest-kernel: $img is not an arm64 Image"
cp "$OBJ/.config" "$IMAGE.config.tmp"
cp "$img" "$IMAGE.tmp"
mv "$IMAGE.config.tmp" "$IMAGE.config"
mv "$IMAGE.tmp" "$IMAGE"
note "build-guest-kernel: built Image ($(stat -c %s "$IMAGE") bytes) in $(elapsed "$t") s"
# older versions of the series go; other fragments of this version stay (the guest's and
# the driver domain's kernels are used in one run)
for f in "$KDIR/Image-$SERIES".*; do
	case $f in "$KDIR/Image-$VER-"*) ;; *) rm -f "$f" ;; esac
done
rm -rf "$OBJ"
note "build-guest-kernel: done in $(elapsed "$start") s"
echo "$IMAGE"
