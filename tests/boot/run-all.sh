#!/bin/bash
# run-all.sh: every boot test, as the README's test command runs them:
# fetch the Debian packages (cached), build the arm64 sysroot and axl, then
# real libxl against the references (GICv3 host, and the GICv2 one for
# vuart-gicv2), axl dt-check on trees Xen and libxl wrote, axl create, and
# the extended regions inside real guests. Prints each suite's lines and a
# closing "N passed, N failed" over all of them.
. "$(dirname "$0")/lib.sh"

pass=0 fail=0
suite() { # suite NAME COMMAND...
	local log t0
	log=${AXL_BOOT_WORK:-$BOOT_DIR/work}/$1.log
	mkdir -p "$(dirname "$log")"
	t0=$(date +%s)
	echo "== boot: $1"
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
	echo "   $1: $p passed, $f failed in $(( $(date +%s) - t0 )) s"
}
set +o errexit
t0=$(date +%s)
suite fetch bash -c "'$BOOT_DIR/fetch.sh' && '$BOOT_DIR/mk-sysroot.sh' >/dev/null && echo 'ok fetch-and-sysroot'"
suite libxl-reference "$BOOT_DIR/run-libxl-reference.sh" base cmdline gntf mem129 mem257 \
	mem3000 mem3030 mem3072 mem4096 pdt ramdisk vcpus4 vuart
suite libxl-reference-gicv2 "$BOOT_DIR/run-libxl-reference.sh" -g 2 vuart-gicv2
suite dtcheck "$BOOT_DIR/run-dtcheck.sh"
suite axl-create "$BOOT_DIR/run-axl-create.sh"
[ -x "$BOOT_DIR/run-ext-regions.sh" ] && suite ext-regions "$BOOT_DIR/run-ext-regions.sh"
echo "boot tests: $(( $(date +%s) - t0 )) s"
echo "boot: $pass passed, $fail failed"
[ "$fail" = 0 ]
