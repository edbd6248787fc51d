#!/bin/bash
# mk-sysroot.sh [RELEASE]: build an arm64 sysroot of one Debian release (bookworm = Xen 4.17,
# trixie = Xen 4.20; 4.17 and 4.20 are accepted too; default: $AXL_BOOT_XEN, else 4.17) in
# $AXL_BOOT_CACHE/RELEASE/sysroot from that release's arm64 -dev packages and the
# libraries they depend on (unpacked by fetch.sh), so that
#   aarch64-linux-gnu-gcc --sysroot=DIR ... -lxenctrl -lxenguest -lxenstore -lxentoollog \
#       -lxlutil -lfdt -lyajl [-lcmocka]
# compiles and links. Absolute symlinks are rewritten to relative ones. The result is
# verified by compiling and linking a small program; the sysroot path is printed on stdout.
# The check program's Xen version must be the release's: the xen version it prints when run
# in dom0 (run-libxl-reference.sh) says which Xen it met.
. "$(dirname "$0")/lib.sh"

[ $# -le 1 ] || die "usage: mk-sysroot.sh [bookworm|trixie|4.17|4.20]"
[ $# = 0 ] || xen_select "$1"
start=$(now)
need_cmd aarch64-linux-gnu-gcc aarch64-linux-gnu-readelf

SR=$RCACHE/sysroot
exec 9>"$RCACHE/.sysroot.lock"
flock 9

# The sysroot is rebuilt when the set of .deb files behind it changes.
stamp=""
for p in $(sysroot_pkgs); do
	d=$(pkgdir "$p")
	stamp="$stamp $(cat "$d/.unpacked")"
done

if [ "$(cat "$SR/.stamp" 2>/dev/null)" != "$stamp" ]; then
	rm -rf "$SR.tmp"
	mkdir -p "$SR.tmp"
	for p in $(sysroot_pkgs); do
		d=$(pkgdir "$p")
		for top in lib usr/lib usr/include; do
			[ -d "$d/$top" ] || continue
			mkdir -p "$SR.tmp/$top"
			cp -a "$d/$top/." "$SR.tmp/$top/"
		done
	done
	# Merged /usr (trixie): libc.so and others name /lib/..., which is usr/lib there.
	[ -e "$SR.tmp/lib" ] || ln -s usr/lib "$SR.tmp/lib"
	# Rewrite absolute symlinks (e.g. libm.so -> /lib/aarch64-linux-gnu/libm.so.6) so they
	# point inside the sysroot instead of at the host's files.
	while IFS= read -r -d '' l; do
		t=$(readlink "$l")
		case $t in /*) ;; *) continue ;; esac
		rel=$(realpath -m -s --relative-to="$(dirname "$l")" "$SR.tmp$t")
		ln -sfn "$rel" "$l"
	done < <(find "$SR.tmp" -type l -print0)
	# Every symlink must now resolve inside the sysroot.
	while IFS= read -r -d '' l; do
		case $(readlink "$l") in /*) die "absolute symlink left in sysroot: ${l#"$SR.tmp"}" ;; esac
	done < <(find "$SR.tmp" -type l -print0)
	printf '%s' "$stamp" >"$SR.tmp/.stamp"
	rm -rf "$SR"
	mv "$SR.tmp" "$SR"
fi

# ---- verify: compile and link against every library named in the brief -------------------
t=$RCACHE/sysroot-test
rm -rf "$t"
mkdir -p "$t"
cat >"$t/t.c" <<'CEOF'
#include <stdio.h>
#include <xenctrl.h>
#include <xenguest.h>
#include <xenstore.h>
#include <xentoollog.h>
#include <libxl.h>
#include <libxlutil.h>
#include <libfdt.h>
#include <yajl/yajl_gen.h>

int main(void)
{
	xentoollog_logger_stdiostream *lg = xtl_createlogger_stdiostream(stderr, XTL_ERROR, 0);
	xc_interface *xch = xc_interface_open((xentoollog_logger *)lg, NULL, 0);
	struct xs_handle *xs = xs_open(XS_OPEN_READONLY);
	XLU_Config *cfg = xlu_cfg_init(stderr, "t");
	char buf[256];
	yajl_gen g = yajl_gen_alloc(NULL);
	int rc = fdt_create(buf, sizeof(buf));
	struct xc_dom_image *dom = xc_dom_allocate(xch, NULL, NULL);

	printf("xc=%p xs=%p cfg=%p fdt=%d yajl=%p dom=%p\n", (void *)xch, (void *)xs,
	       (void *)cfg, rc, (void *)g, (void *)dom);
	if (xch) {
		int v = xc_version(xch, XENVER_version, NULL);
		printf("xen version %d.%d\n", v >> 16, v & 0xffff);
	}
	return 0;
}
CEOF
cat >"$t/cm.c" <<'CEOF'
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

static void t_one(void **state) { (void)state; assert_int_equal(1, 1); }

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(t_one) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
CEOF
aarch64-linux-gnu-gcc --sysroot="$SR" -Wall -Werror -O2 -o "$t/t" "$t/t.c" \
	-lxenctrl -lxenguest -lxenstore -lxentoollog -lxlutil -lxenlight -lfdt -lyajl \
	>"$t/build.log" 2>&1 || die "test link against the sysroot failed: $(grep -m1 -E 'error|undefined' "$t/build.log" || tail -n 1 "$t/build.log")"
aarch64-linux-gnu-gcc --sysroot="$SR" -Wall -Werror -O2 -o "$t/cm" "$t/cm.c" -lcmocka \
	>>"$t/build.log" 2>&1 || die "cmocka test link against the sysroot failed: $(grep -m1 -E 'error|undefined' "$t/build.log" || tail -n 1 "$t/build.log")"
# The headers and libraries must come from the sysroot, not from the host.
aarch64-linux-gnu-gcc --sysroot="$SR" -H -fsyntax-only "$t/t.c" 2>"$t/headers.log" ||
	die "header check failed"
grep -q "^\. $SR/usr/include/xenctrl.h" "$t/headers.log" || die "xenctrl.h not taken from the sysroot"
# ... and from this release's Xen: the domctl interface version of its headers.
want_if=$(awk -v v="$XENVER" 'BEGIN { print (v == "4.17") ? "0x00000015" : "0x00000017" }')
got_if=$(sed -n 's/^#define XEN_DOMCTL_INTERFACE_VERSION *\(0x[0-9a-fA-F]*\).*/\1/p' "$SR/usr/include/xen/domctl.h")
[ "$got_if" = "$want_if" ] ||
	die "sysroot $SR: XEN_DOMCTL_INTERFACE_VERSION is $got_if, Xen $XENVER has $want_if"
for lib in xenctrl xenguest xenlight; do
	f=$(ls "$SR/usr/lib/aarch64-linux-gnu/lib$lib.so."* 2>/dev/null | sed -n 1p)
	[ -n "$f" ] || die "sysroot $SR has no lib$lib.so.*"
	aarch64-linux-gnu-readelf -d "$f" | grep -q "SONAME.*lib$lib\.so\.$XENVER\b" ||
		die "sysroot $SR: lib$lib is not Xen $XENVER's ($(aarch64-linux-gnu-readelf -d "$f" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p'))"
done
for lib in xenctrl xenguest xenstore xentoollog xlutil fdt yajl; do
	aarch64-linux-gnu-readelf -d "$t/t" | grep -q "NEEDED.*lib$lib\.so" || die "test binary does not need lib$lib"
done
note "$RELEASE sysroot (Xen $XENVER, domctl interface $got_if) verified (test program $t/t links against libxenctrl, libxenguest, libxenstore, libxentoollog, libxlutil, libfdt, libyajl; $t/cm against libcmocka) in $(elapsed "$start") s"
echo "$SR"
