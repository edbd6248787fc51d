#!/bin/bash
# run-all.sh: every boot test, as the README's test command runs them, once per Xen version
# in AXL_BOOT_XEN (default "4.17 4.20": bookworm's Xen 4.17 and trixie's Xen 4.20, each with
# its release's dom0 kernel, utilities and libraries, and axl's arm64 packages built for that
# release). Per version: fetch the Debian packages (cached per release) and build the arm64
# sysroot; the arm64 axl packages (dpkg-buildpackage in a chroot of the release, checked with
# lintian; the suites after install them into dom0); then real libxl against that version's
# references (GICv3 host, and the GICv2 one for vuart-gicv2), axl dt-check on trees Xen
# and libxl wrote, axl create (with axl info and dmesg), guests with a disk and a network
# interface (real xl, then axl), a driver domain serving a guest (xl and xl devd, then axl
# and axl devd), the axl-domains service, and the extended regions inside
# real guests. Prints each suite's lines under
# "== boot: VERSION SUITE" and a closing "boot: N passed, N failed" over all of them.
versions=${AXL_BOOT_XEN:-4.17 4.20}
unset AXL_BOOT_XEN
. "$(dirname "$0")/lib.sh"
for v in $versions; do (xen_select "$v") || exit 2; done

pass=0 fail=0
suite() { # suite NAME COMMAND...
	local log t0
	log=$WORK/$1.log
	mkdir -p "$(dirname "$log")"
	t0=$(date +%s)
	echo "== boot: $XENVER $1"
	"${@:2}" >"$log" 2>&1
	rc=$?
	grep -E '^(ok|FAIL) ' "$log" || true
	p=$(grep -c '^ok ' "$log" || true)
	f=$(grep -c '^FAIL ' "$log" || true)
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "FAIL $1: exited $rc (log: $log)"; tail -5 "$log" | sed 's/^/    /'
		f=1
	fi
	pass=$((pass + p)) fail=$((fail + f))
	echo "   $XENVER $1: $p passed, $f failed in $(( $(date +%s) - t0 )) s"
}
set +o errexit
t0=$(date +%s)
for v in $versions; do
	xen_select "$v"
	tv=$(date +%s)
	suite fetch bash -c "'$BOOT_DIR/fetch.sh' && '$BOOT_DIR/mk-sysroot.sh' >/dev/null && echo 'ok $RELEASE-fetch-and-sysroot'"
	# the arm64 packages every axl suite below installs into dom0 (lintian included)
	suite packages "$BOOT_DIR/build-debs.sh"
	# every reference config of this version on the GICv3 host but the GICv2 one
	names=()
	for c in "$REF_DIR"/*.cfg; do
		n=$(basename "$c" .cfg)
		[ "$n" = vuart-gicv2 ] || names+=("$n")
	done
	suite libxl-reference "$BOOT_DIR/run-libxl-reference.sh" "${names[@]}"
	suite libxl-reference-gicv2 "$BOOT_DIR/run-libxl-reference.sh" -g 2 vuart-gicv2
	suite dtcheck "$BOOT_DIR/run-dtcheck.sh"
	suite axl-create "$BOOT_DIR/run-axl-create.sh"
	suite axl-devices "$BOOT_DIR/run-axl-devices.sh"
	suite driver-domain "$BOOT_DIR/run-driver-domain.sh"
	suite axl-domains "$BOOT_DIR/run-axl-domains.sh"
	suite ext-regions "$BOOT_DIR/run-ext-regions.sh"
	echo "boot tests on Xen $XENVER: $(( $(date +%s) - tv )) s"
done
echo "boot tests: $(( $(date +%s) - t0 )) s"
echo "boot: $pass passed, $fail failed"
[ "$fail" = 0 ]
