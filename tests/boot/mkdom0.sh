#!/bin/bash
# mkdom0.sh: build the dom0 initramfs (a gzip-compressed newc cpio) from the arm64 packages
# unpacked by fetch.sh for the release of $AXL_BOOT_XEN (4.17 = bookworm, default; 4.20 =
# trixie): busybox-static, the arm64 runtime libraries xen-utils needs (from the packages'
# dependencies), usr/lib/xen-VER (xl, xenstored, xenconsoled, xen-init-dom0, ...), Debian's
# hotplug scripts (xen-utils-common's /etc/xen/scripts) with the programs they run
# ($DOM0_TOOLS in lib.sh: bash, flock, util-linux's losetup, iproute2, brctl, ...), the Xen
# kernel modules of the Debian kernel (the five of the Xen device files, and the backends
# xen-blkback and xen-netback with loop and bridge and what they depend on; .ko.xz ones
# decompressed), and that kernel's Image as /boot/Image (for guests). The root has merged
# /usr (/lib -> usr/lib).
#
# usage: mkdom0.sh [-o OUTPUT.cpio.gz] [SCENARIO_DIR...]
#
# Each SCENARIO_DIR is copied onto the initramfs root (so DIR/etc/xen/partial.dtb becomes
# /etc/xen/partial.dtb), except its top-level scenario.sh, which becomes
# /scenarios/NN-DIRNAME.sh. dom0's /init starts the Xen daemons and then runs every
# /scenarios/*.sh in order, with the helpers of /lib/axl/boot.sh (axl_send, axl_send_text,
# axl_log, axl_uptime) already loaded, then powers off. See README.md for the markers.
#
# The package part is cached as one archive per release
# ($AXL_BOOT_CACHE/RELEASE/dom0-base.cpio.gz); the scenario files are a second archive
# appended to it (Linux unpacks concatenated initramfs archives).
. "$(dirname "$0")/lib.sh"

start=$(now)
out=$WORK/dom0.cpio.gz
while [ $# -gt 0 ]; do
	case $1 in
	-o) [ $# -ge 2 ] || die "mkdom0: -o needs a file name"; out=$2; shift 2 ;;
	--) shift; break ;;
	-*) die "mkdom0: unknown option $1" ;;
	*) break ;;
	esac
done
for d in "$@"; do
	[ -d "$d" ] || die "mkdom0: scenario directory $d does not exist"
done
need_cmd cpio gzip aarch64-linux-gnu-readelf aarch64-linux-gnu-objcopy

KPKG=$(kernel_pkg)
KREL=$(kernel_release)
IMAGE=$(kernel_image)
RUNTIME_LIBS=$(dom0_libs)   # xen-utils' and xenstore-utils' libraries (fetch.sh)
XEN_MODULES="xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs"  # insmod order
# The device backends (vbd, vif) and what their hotplug scripts need: loop devices for
# file-backed disks, a bridge for vif-bridge. Their dependencies (bridge needs stp and llc)
# are read from the modules' own .modinfo (the package has no modules.dep) and loaded first.
DEV_MODULES="loop xen-blkback xen-netback bridge"


# ---- the package part (cached) -----------------------------------------------------------
stamp="$(sha256sum <"$0" | cut -c1-16)"
for p in busybox-static "xen-utils-$XENVER" xenstore-utils xen-utils-common "$KPKG" $DOM0_TOOL_PKGS $RUNTIME_LIBS; do
	d=$(pkgdir "$p")
	stamp="$stamp $(cat "$d/.unpacked")"
done
BASE=$RCACHE/dom0-base
exec 9>"$RCACHE/.dom0-base.lock"
flock 9
if [ "$(cat "$BASE.stamp" 2>/dev/null)" != "$stamp" ] || [ ! -s "$BASE.cpio.gz" ]; then
	note "building the $RELEASE dom0 base archive"
	rm -rf "$BASE"
	# Merged /usr, as trixie has it (and bookworm's packages work with it): /lib is usr/lib.
	mkdir -p "$BASE"/{bin,sbin,usr/bin,usr/sbin,usr/lib,etc/xen,proc,sys,dev,run,tmp,boot,root,scenarios,var/lib/xen,var/log/xen/console,var/lock}
	ln -s usr/lib "$BASE/lib"
	mkdir -p "$BASE/usr/lib/axl"
	ln -s ../run "$BASE/var/run"
	cp "$(busybox_bin)" "$BASE/bin/busybox"
	for p in $RUNTIME_LIBS; do
		d=$(pkgdir "$p")
		for top in lib usr/lib; do
			[ -d "$d/$top" ] || continue
			(cd "$d/$top" && tar cf - --exclude=./aarch64-linux-gnu/gconv --exclude='*.a' .) |
				(cd "$BASE/usr/lib" && tar xf -) || die "mkdom0: copying $p's $top failed"
		done
	done
	cp -a "$(pkgdir "xen-utils-$XENVER")/usr/lib/xen-$XENVER" "$BASE/usr/lib/"
	# xenstore-read, -ls, -exists... for the scenarios' checks.
	cp -a "$(pkgdir xenstore-utils)/usr/bin/." "$BASE/usr/bin/"
	# Debian's hotplug scripts, and the programs they run (lib.sh's DOM0_TOOLS) into
	# /usr/bin and /usr/sbin, where the scripts' PATH looks first. The scripts start with
	# #!/bin/bash (this root's /bin is busybox's directory: a link to /usr/bin/bash).
	cp -a "$(pkgdir xen-utils-common)/etc/xen/scripts" "$BASE/etc/xen/"
	[ -x "$BASE/etc/xen/scripts/block" ] && [ -x "$BASE/etc/xen/scripts/vif-bridge" ] ||
		die "mkdom0: xen-utils-common has no /etc/xen/scripts/block or vif-bridge"
	tools=()
	for t in $DOM0_TOOLS; do
		p=${t%%:*} prog=${t#*:}
		d=$(pkgdir "$p")
		found=""
		for sub in usr/bin bin usr/sbin sbin; do
			[ -f "$d/$sub/$prog" ] || continue
			case $sub in *sbin) dest=usr/sbin ;; *) dest=usr/bin ;; esac
			cp "$d/$sub/$prog" "$BASE/$dest/$prog"
			found=$dest/$prog
			break
		done
		[ -n "$found" ] || die "mkdom0: $p ($RELEASE) has no program $prog"
		tools+=("$found")
	done
	ln -s ../usr/bin/bash "$BASE/bin/bash"
	# every shared library the Xen tools and the hotplug programs need must be in the archive
	todo=(usr/lib/xen-$XENVER/bin/{xl,xenstored,xenconsoled,xen-init-dom0} usr/bin/xenstore-read "${tools[@]}")
	seen=" "
	while [ ${#todo[@]} -gt 0 ]; do
		f=${todo[0]}
		todo=("${todo[@]:1}")
		for n in $(aarch64-linux-gnu-readelf -d "$BASE/$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			case $seen in *" $n "*) continue ;; esac
			seen="$seen$n "
			if [ -e "$BASE/usr/lib/aarch64-linux-gnu/$n" ]; then todo+=("usr/lib/aarch64-linux-gnu/$n")
			else die "mkdom0: library $n (needed by ${f##*/}) is in none of the dom0 packages ($RELEASE)"
			fi
		done
	done
	interp=$(aarch64-linux-gnu-readelf -l "$BASE/usr/lib/xen-$XENVER/bin/xl" | sed -n 's/.*interpreter: \(.*\)\]/\1/p')
	[ -e "$BASE$interp" ] || die "mkdom0: the program interpreter $interp is in none of the dom0 packages"
	mdir=$(kernel_moddir)/$KREL/kernel
	mkdir -p "$BASE/usr/lib/modules/$KREL"
	# add_module NAME: copy module NAME (and first, recursively, the modules it depends
	# on) into the archive, and append it to the insmod order (/etc/axl-modules).
	# busybox insmod takes plain .ko files: .ko.xz ones are decompressed here.
	: >"$BASE/etc/axl-modules"
	add_module() {
		local name=$1 f dep
		grep -qx "$name" "$BASE/etc/axl-modules" && return 0
		f=$(find "$mdir" \( -name "$name.ko" -o -name "$name.ko.xz" -o -name "${name//_/-}.ko" \
			-o -name "${name//_/-}.ko.xz" -o -name "${name//-/_}.ko" -o -name "${name//-/_}.ko.xz" \) | sed -n 1p)
		[ -n "$f" ] || die "mkdom0: kernel module $name not found in $KPKG"
		case $f in
		*.xz) xz -dc "$f" >"$BASE/usr/lib/modules/$KREL/$name.ko" ;;
		*) cp "$f" "$BASE/usr/lib/modules/$KREL/$name.ko" ;;
		esac
		for dep in $(aarch64-linux-gnu-objcopy -O binary -j .modinfo "$BASE/usr/lib/modules/$KREL/$name.ko" /dev/stdout |
			tr '\0' '\n' | sed -n 's/^depends=//p' | tr ',' ' '); do
			add_module "$dep"
		done
		echo "$name" >>"$BASE/etc/axl-modules"
	}
	for mod in $XEN_MODULES $DEV_MODULES; do add_module "$mod"; done
	cp "$IMAGE" "$BASE/boot/Image"
	echo "$KREL" >"$BASE/etc/axl-kernel-release"
	echo "# xl defaults (empty: the boot tests use xl's built-in defaults)" >"$BASE/etc/xen/xl.conf"

	cat >"$BASE/usr/lib/axl/boot.sh" <<'SHEOF'
# Helpers for dom0 scenario scripts (busybox sh). Results go to the serial console between
# markers; run-xen.sh on the host decodes them into its output directory.

# axl_uptime: seconds since the dom0 kernel started (10 ms resolution)
axl_uptime() { read -r u _ </proc/uptime; echo "$u"; }

axl_log() { echo "axl: $*"; }

# axl_send NAME FILE: send FILE to the host as result NAME (base64, with size and sha256)
axl_send() {
	case $1 in *[!A-Za-z0-9._-]* | "" | .*) axl_log "bad result name '$1'"; return 1 ;; esac
	[ -f "$2" ] || { axl_log "axl_send $1: no file $2"; return 1; }
	set -- "$1" "$2" "$(wc -c <"$2")" "$(sha256sum "$2")"
	echo "===AXL-FILE-BEGIN $1 $3 ${4%% *}==="
	base64 "$2"
	echo "===AXL-FILE-END $1==="
}

# axl_send_text NAME: send standard input as result NAME
axl_send_text() {
	cat >/tmp/.axl-text.$$
	axl_send "$1" /tmp/.axl-text.$$
	rm -f /tmp/.axl-text.$$
}

# For the scenarios: each check adds "ok NAME" or "FAIL NAME: why" to
# /tmp/checks.txt, which a scenario sends out at its end.
check() {   # check NAME COMMAND...: ok if COMMAND succeeds
	_c=$1; shift
	if "$@" >/tmp/check.out 2>&1; then echo "ok $_c" >>/tmp/checks.txt
	else echo "FAIL $_c: $(head -c 300 /tmp/check.out | tr '\n' ' ')" >>/tmp/checks.txt; fi
}
note() { echo "note $*" >>/tmp/checks.txt; }
wait_log() { # wait_log FILE PATTERN SECONDS
	_i=0
	until grep -q "$2" "$1" 2>/dev/null; do
		_i=$((_i + 1)); [ $_i -le $(($3 * 10)) ] || return 1; usleep 100000
	done
}
wait_gone() { # wait_gone NAME SECONDS
	_i=0
	while xl list "$1" >/dev/null 2>&1; do
		_i=$((_i + 1)); [ $_i -le $(($2 * 10)) ] || return 1; usleep 100000
	done
}
# No domain but dom0, and no guest node anywhere in xenstore.
only_dom0() {
	[ "$(xl list | tail -n +2 | wc -l)" = 1 ] || { xl list; return 1; }
	[ "$(xenstore-list /local/domain | tr -d ' \n')" = 0 ] || { xenstore-list /local/domain; return 1; }
	[ -z "$(xenstore-list /libxl 2>/dev/null | grep -v '^0$')" ] || { xenstore-ls /libxl; return 1; }
	[ -z "$(xenstore-list /vm 2>/dev/null)" ] || { xenstore-ls /vm; return 1; }
}
SHEOF

	cat >"$BASE/init" <<'SHEOF'
#!/bin/busybox sh
# dom0 init for the axl boot tests (made by tests/boot/mkdom0.sh)
/bin/busybox --install -s
export PATH=/usr/lib/xen-@XENVER@/bin:/sbin:/usr/sbin:/bin:/usr/bin
export HOME=/root

fail() {
	echo "===AXL-ERROR $*==="
	poweroff -f
	sleep 60
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
# What udev makes on a Debian system and devtmpfs does not: locking.sh of the hotplug
# scripts stats /dev/stdin (without it, claim_lock loops forever).
ln -s /proc/self/fd /dev/fd
ln -s /proc/self/fd/0 /dev/stdin
ln -s /proc/self/fd/1 /dev/stdout
ln -s /proc/self/fd/2 /dev/stderr
mount -t tmpfs tmpfs /run
mkdir -p /run/xen /run/xenstored /var/lib/xenstored
dmesg -n 1

echo "===AXL-INIT uptime=$(cut -d' ' -f1 /proc/uptime)==="
rel=$(cat /etc/axl-kernel-release)
[ "$(uname -r)" = "$rel" ] || echo "axl: warning: running kernel $(uname -r), modules are for $rel"
for m in $(cat /etc/axl-modules); do
	insmod "/lib/modules/$rel/$m.ko" || fail "insmod $m failed"
done
mount -t xenfs xenfs /proc/xen || fail "mount xenfs failed"
grep -q control_d /proc/xen/capabilities 2>/dev/null || fail "not running as Xen dom0"
xenstored --pid-file=/run/xenstored.pid || fail "xenstored failed"
i=0
until [ -S /run/xenstored/socket ]; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "xenstored did not come up"; usleep 100000
done
xen-init-dom0 >/tmp/xen-init-dom0.log 2>&1 || { cat /tmp/xen-init-dom0.log; fail "xen-init-dom0 failed"; }
xenconsoled --log=guest --log-dir=/var/log/xen/console --pid-file=/run/xenconsoled.pid ||
	fail "xenconsoled failed"
echo "===AXL-READY uptime=$(cut -d' ' -f1 /proc/uptime)==="

. /lib/axl/boot.sh
for s in /scenarios/*.sh; do
	[ -f "$s" ] || continue
	n=${s##*/}; n=${n%.sh}
	echo "===AXL-SCENARIO-BEGIN $n==="
	( . "$s" )
	echo "===AXL-SCENARIO-END $n rc=$? uptime=$(cut -d' ' -f1 /proc/uptime)==="
done
echo "===AXL-DONE uptime=$(cut -d' ' -f1 /proc/uptime)==="
sync
poweroff -f
sleep 60
SHEOF
	sed -i "s/@XENVER@/$XENVER/g" "$BASE/init"
	echo "$XENVER" >"$BASE/etc/axl-xen-version"
	chmod +x "$BASE/init"
	mkcpio "$BASE" "$BASE.cpio.gz"
	echo "$stamp" >"$BASE.stamp"
	rm -rf "$BASE"
fi

# ---- the scenario part -------------------------------------------------------------------
mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/axl-dom0.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
ov=$tmp/root
mkdir -p "$ov/scenarios"
i=10
for d in "$@"; do
	(cd "$d" && tar cf - --exclude=./scenario.sh .) | (cd "$ov" && tar xf - --no-same-owner) ||
		die "mkdom0: copying $d failed"
	if [ -f "$d/scenario.sh" ]; then
		cp "$d/scenario.sh" "$ov/scenarios/$i-$(basename "$(cd "$d" && pwd)").sh"
		i=$((i + 1))
	fi
done
mkcpio "$ov" "$tmp/overlay.cpio.gz"
cat "$BASE.cpio.gz" "$tmp/overlay.cpio.gz" >"$out.tmp"
exec 9>&-
mv "$out.tmp" "$out"
note "dom0 initramfs $out ($(stat -c %s "$out") bytes, Xen $XENVER, kernel $KREL) built in $(elapsed "$start") s"
