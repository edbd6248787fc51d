#!/bin/sh
# make install into a temporary DESTDIR, then build and run a C program
# against the installed header, pkg-config file and shared library, and
# check that the command and the man pages are where they belong.
set -u
top=${AXL_TOP:-.}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT INT TERM
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

# Every directory given, so the result does not depend on configure's.
if make -s -C "$top" install DESTDIR="$dest" prefix=/usr exec_prefix=/usr \
        bindir=/usr/bin libdir=/usr/lib includedir=/usr/include \
        datarootdir=/usr/share mandir=/usr/share/man sysconfdir=/etc \
        libexecdir=/usr/libexec systemdunitdir=/usr/lib/systemd/system \
        >"$dest/log" 2>&1; then
    ok make-install
else
    bad "make-install: $(tail -3 "$dest/log")"
fi
for f in usr/bin/axl usr/include/libaxl.h usr/lib/libaxl.a usr/lib/libaxl.so \
         usr/lib/libaxl.so.1 usr/lib/pkgconfig/axl.pc \
         usr/share/man/man1/axl.1 usr/share/man/man5/axl.cfg.5 \
         usr/libexec/axl/axl-domains etc/init.d/axl-domains \
         etc/default/axl-domains usr/lib/systemd/system/axl-domains.service \
         usr/share/bash-completion/completions/axl; do
    [ -e "$dest/$f" ] && ok "installed-$f" || bad "installed-$f: missing"
done
cat >"$dest/prog.c" <<'C'
#include <stdio.h>
#include <libaxl.h>

int main(int argc, char **argv)
{
    axl_domain_config cfg;
    axl_guest *g;
    axl_ctx *ctx;

    (void)argv;
    if (axl_ctx_alloc(&ctx, NULL))
        return 1;
    /* Never run, but linked: it needs libfdt and zlib. */
    if (argc > 99 && !axl_guest_build(ctx, &cfg, NULL, &g))
        axl_guest_free(g);
    axl_domain_config_init(&cfg);
    axl_domain_config_setdefault(&cfg);
    printf("%llu %s\n", (unsigned long long)cfg.memory_kb,
           axl_strerror(AXL_ERROR_LAYOUT));
    axl_ctx_free(ctx);
    return 0;
}
C
flags=$(PKG_CONFIG_SYSROOT_DIR="$dest" PKG_CONFIG_PATH="$dest/usr/lib/pkgconfig" \
        pkg-config --cflags --libs axl 2>&1) || bad "pkg-config: $flags"
# shellcheck disable=SC2086
if cc -std=c11 -Wall -Werror -o "$dest/prog" "$dest/prog.c" $flags 2>"$dest/cc.log" &&
   out=$(LD_LIBRARY_PATH="$dest/usr/lib" "$dest/prog") &&
   [ "$out" = "32768 impossible guest memory layout" ]; then
    ok program-links-and-runs
else
    bad "program-links-and-runs: $(cat "$dest/cc.log") ${out:-}"
fi
# Statically: without the shared library the linker takes libaxl.a, which
# needs the private libraries that `pkg-config --static` adds.
rm -f "$dest"/usr/lib/libaxl.so*
sflags=$(PKG_CONFIG_SYSROOT_DIR="$dest" PKG_CONFIG_PATH="$dest/usr/lib/pkgconfig" \
         pkg-config --static --cflags --libs axl 2>&1) || bad "pkg-config --static: $sflags"
# shellcheck disable=SC2086
if cc -std=c11 -Wall -Werror -o "$dest/prog-static" "$dest/prog.c" $sflags \
       2>"$dest/cc-static.log" &&
   out=$("$dest/prog-static") && [ "$out" = "32768 impossible guest memory layout" ]; then
    ok static-program-links-and-runs
else
    bad "static-program-links-and-runs: $(cat "$dest/cc-static.log") ${out:-}"
fi
"$dest/usr/bin/axl" --version >/dev/null && ok installed-axl-runs || bad installed-axl-runs
# The service files name the installed paths.
grep -qx 'ExecStart=/usr/libexec/axl/axl-domains start' \
    "$dest/usr/lib/systemd/system/axl-domains.service" &&
    grep -q '^run=/usr/libexec/axl/axl-domains$' "$dest/etc/init.d/axl-domains" &&
    grep -q '/etc/default/axl-domains' "$dest/usr/libexec/axl/axl-domains" &&
    ok service-paths || bad service-paths
echo "install: $pass passed, $fail failed"
[ "$fail" = 0 ]
