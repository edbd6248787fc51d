#!/bin/bash
# run-axl-domains.sh: the axl-domains service on real Xen (QEMU): 4.17, or 4.20 with
# AXL_BOOT_XEN=4.20. Unpacks the arm64 axl and libaxl1 packages (build-debs.sh) into dom0
# with three guests in /etc/xen/auto (one that boots and waits, one whose kernel does not
# exist, one that crashes and is kept, so it never answers a shutdown request) and
# scenarios/axl-domains, which starts the service as an inittab sysinit line would, starts
# it again, asks its status, and stops it as a shutdown line would: the broken guest fails
# without stopping the others, the good one powers off, the stuck one is destroyed after
# the timeout, nothing is left. While the guests run, bash completion (the package's
# script, with Debian's bash-completion) offers their names and the commands of axl help.
# Prints one "ok"/"FAIL" line per check and "N passed, N failed".
. "$(dirname "$0")/lib.sh"

sc=$WORK/scenario-axl-domains
out=$WORK/out-axl-domains
rm -rf "$sc"
mkdir -p "$sc/boot"
cp -a "$BOOT_DIR/scenarios/axl-domains/." "$sc/"
install_axl "$sc"
# The test's settings replace the package's /etc/default/axl-domains.
cp "$BOOT_DIR/scenarios/axl-domains/etc/default/axl-domains" "$sc/etc/default/axl-domains"
[ -x "$sc/etc/init.d/axl-domains" ] || die "run-axl-domains: the axl package has no /etc/init.d/axl-domains"
"$BOOT_DIR/mkguest.sh" "$sc/boot/guest.cpio.gz"
# bash and bash-completion, for the completion of running domain names (their libraries,
# libc6 and libtinfo6, are in every dom0); bash is /bin/bash on bookworm, /usr/bin/bash on
# trixie: it goes to /usr/bin either way.
mkdir -p "$sc/usr/bin" "$sc/usr/share"
b=$(pkgdir bash)
for f in "$b/usr/bin/bash" "$b/bin/bash"; do [ -f "$f" ] && cp "$f" "$sc/usr/bin/bash" && break; done
[ -x "$sc/usr/bin/bash" ] || die "run-axl-domains: no bash binary in the bash package"
bc=$(pkgdir bash-completion)
cp -a "$bc/usr/share/bash-completion" "$sc/usr/share/"
[ ! -d "$bc/etc/bash_completion.d" ] || { mkdir -p "$sc/etc" && cp -a "$bc/etc/bash_completion.d" "$sc/etc/"; }
"$BOOT_DIR/mkdom0.sh" -o "$WORK/dom0-axl-domains.cpio.gz" "$sc"
"$BOOT_DIR/run-xen.sh" -i "$WORK/dom0-axl-domains.cpio.gz" -o "$out" -t 300

pass=0 fail=0
dom0_checks run-axl-domains "$out/checks.txt"
echo "axl-domains: $pass passed, $fail failed"
[ "$fail" = 0 ]
