#!/bin/bash
# run-driver-domain.sh: boot tests of a driver domain on real Xen (QEMU): 4.17, or 4.20 with
# AXL_BOOT_XEN=4.20. In one boot, dom0 (scenarios/driver-domain/scenario.sh) runs, first with
# real xl (the reference) and then with axl:
#   dd   a driver domain (driver_domain = 1, 512 MiB): Debian's arm64 kernel (dom0's
#        /boot/Image) and as its initramfs a copy of the dom0 tree (mkdom0.sh's, without
#        /boot) whose /init is scenarios/driver-domain/dd-init: it loads the Xen, loop,
#        blkback, netback and bridge modules, brings up bridge xenbr0 10.0.3.1/24, makes a
#        64 MiB raw /root/served.img with a marker on its first line, and runs the device
#        daemon in the foreground: "xl devd -F" in the xl part, "axl devd -F" in the axl part;
#   fe   a frontend (the guest kernel of build-guest-kernel.sh, 128 MiB, a busybox initramfs
#        running scenarios/driver-domain/fe-rc) with
#          disk = [ 'backend=dd,/root/served.img,raw,xvda,rw' ]
#          vif = [ 'backend=dd,bridge=xenbr0,mac=00:16:3e:00:03:02' ]
#        which reads dd's marker, writes 1 MiB at offset 1 MiB and reads it back (sha256),
#        pings 10.0.3.1 and waits; dom0 dumps fe's device nodes (TOOL-dd-xenstore.txt),
#        shuts fe down (TOOL shutdown -w) and checks that nothing of fe is left, neither in
#        dom0's xenstore nor in dd (which reports its loop devices, vifs and the payload's
#        sha256 on its console when dom0 writes /local/domain/DD/data/axl-check);
#   fe-bad  backend=nosuchdd: refused, nothing left;
#   orders  with a new dd: its daemon replaced, and dd destroyed, under a running fe;
#   reboots with a new dd: fe rebooted (TOOL reboot: a new domid, its devices working, dd
#        serving only the new ones), then dd rebooted under the running fe (a new domid
#        and daemon; fe's destroy leaves nothing in dom0 nor in the new dd, which then
#        serves a new fe); checks for axl, notes for xl;
#   dd2  a driver domain without a daemon, and fe2 served by it: with xl, what xl create and
#        destroy do (notes); with axl, create must fail within its hotplug wait with one
#        error and leave nothing (axl-fail-no-devd); then dd and dd2 destroyed: only dom0
#        is left.
# Xen boots with xsm=dummy (AXL_DD_XEN_ARGS, see below: Debian's default XSM SILO forbids
# driver domains).
# AXL_DD_TOOLS: the parts to run, "xl axl" (default), "xl" (no axl packages needed) or "axl".
# Compares axl's device xenstore dump with xl's (equal, domids written DOMID and DDID).
# Prints one "ok"/"FAIL" line per check, notes, timings and "N passed, N failed".
. "$(dirname "$0")/lib.sh"

t_all=$(now)
TOOLS=${AXL_DD_TOOLS:-xl axl}
for t in $TOOLS; do
	case $t in xl | axl) ;; *) die "run-driver-domain: AXL_DD_TOOLS: unknown tool '$t' (xl, axl)" ;; esac
done
case " $TOOLS " in *" axl "*) want_axl=yes ;; *) want_axl=no ;; esac
need_cmd cpio gzip
mkdir -p "$WORK"
kimg=$("$BOOT_DIR/build-guest-kernel.sh" 2>"$WORK/guest-kernel.log") ||
	{ cat "$WORK/guest-kernel.log" >&2; die "run-driver-domain: the guest kernel did not build"; }
SD=$BOOT_DIR/scenarios/driver-domain
sc=$WORK/scenario-driver-domain
out=$WORK/out-driver-domain
tmp=$(mktemp -d "${TMPDIR:-/tmp}/axl-dd.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
rm -rf "$sc"
mkdir -p "$sc/etc/xen/dd" "$sc/boot"
cp "$SD/scenario.sh" "$sc/scenario.sh"
echo "$TOOLS" >"$sc/etc/xen/dd/tools"
[ $want_axl = yes ] && install_axl "$sc"
cp "$kimg" "$sc/boot/guest-Image"

# ---- dd's root: the dom0 tree (mkdom0.sh's, no scenario) without /boot, another /init ---------
t=$(now)
dd_root "$tmp/dd" $want_axl "$sc/boot/dd-initrd.gz"

# ---- fe's root -------------------------------------------------------------------------------
guest_skeleton "$tmp/fe"
cp "$SD/fe-rc" "$tmp/fe/etc/rc"
mkcpio "$tmp/fe" "$sc/boot/fe-initrd.gz"
t_trees=$(elapsed "$t")

# ---- the configs -----------------------------------------------------------------------------
dd_cfg() { # dd_cfg FILE NAME DAEMON
	cat >"$sc/etc/xen/dd/$1.cfg" <<CFG
name = "$2"
kernel = "/boot/Image"
ramdisk = "/boot/dd-initrd.gz"
memory = 512
vcpus = 1
driver_domain = 1
extra = "console=hvc0 rdinit=/init axl_dd=1 axl_devd=$3"
CFG
}
dd_cfg dd-xl dd xl
dd_cfg dd-axl dd axl
dd_cfg dd2 dd2 none
fe_cfg() { # fe_cfg FILE NAME BACKEND
	cat >"$sc/etc/xen/dd/$1.cfg" <<CFG
name = "$2"
kernel = "/boot/guest-Image"
ramdisk = "/boot/fe-initrd.gz"
memory = 128
extra = "console=hvc0 axl_stay"
disk = [ 'backend=$3,/root/served.img,raw,xvda,rw' ]
vif = [ 'backend=$3,bridge=xenbr0,mac=00:16:3e:00:03:02' ]
CFG
}
fe_cfg fe fe dd
fe_cfg fe-bad fe-bad nosuchdd
fe_cfg fe2 fe2 dd2

t=$(now)
"$BOOT_DIR/mkdom0.sh" -o "$WORK/dom0-driver-domain.cpio.gz" "$sc"
# Debian's arm64 Xen (4.17 and 4.20) is built with XSM SILO as its default, which allows
# event channels and grant mappings only with dom0: fe's blkfront and netfront then fail
# with EPERM ("allocating event channel") against dd. xsm=dummy (Xen's own default) lets a
# driver domain work; AXL_DD_XEN_ARGS="" boots with SILO to see that failure.
AXL_BOOT_XEN_ARGS=${AXL_DD_XEN_ARGS-xsm=dummy} "$BOOT_DIR/run-xen.sh" -i "$WORK/dom0-driver-domain.cpio.gz" -o "$out" -t 900
t_boot=$(elapsed "$t")

pass=0 fail=0
dom0_checks run-driver-domain "$out/checks.txt"

# ---- the device nodes: xl's are the reference, axl's must equal them ---------------------------
xs_x=$out/xl-dd-xenstore.txt xs_a=$out/axl-dd-xenstore.txt
if [ -f "$sc/etc/xen/dd/tools" ] && grep -qw xl "$sc/etc/xen/dd/tools"; then
	want_nodes=(
		'/local/domain/DOMID/device/vbd/51712/state = "4"'
		'/local/domain/DOMID/device/vif/0/state = "4"'
		'/local/domain/DDID/backend/vbd/DOMID/51712/state = "4"'
		'/local/domain/DDID/backend/vif/DOMID/0/state = "4"'
		'/local/domain/DDID/backend/vbd/DOMID/51712/hotplug-status = "connected"'
		'/local/domain/DDID/backend/vif/DOMID/0/hotplug-status = "connected"'
	)
	if [ -s "$xs_x" ]; then
		miss=""
		for w in "${want_nodes[@]}"; do grep -qF "$w  " "$xs_x" || miss="$miss [$w]"; done
		[ -z "$miss" ] && report "ok xl-dd-xenstore-devices-connected ($(wc -l <"$xs_x") nodes)" ||
			report "FAIL xl-dd-xenstore-devices-connected: missing$miss"
	else
		report "FAIL xl-dd-xenstore-devices-connected: dom0 sent no xl-dd-xenstore.txt"
	fi
fi
if [ $want_axl = yes ]; then
	if [ ! -s "$xs_a" ]; then
		report "FAIL dd-xenstore-axl-equals-xl: dom0 sent no axl-dd-xenstore.txt (no axl frontend to read)"
	elif [ ! -s "$xs_x" ]; then
		report "FAIL dd-xenstore-axl-equals-xl: no xl dump to compare with (run with AXL_DD_TOOLS=\"xl axl\")"
	elif diff "$xs_x" "$xs_a" >"$out/dd-xenstore.diff"; then
		report "ok dd-xenstore-axl-equals-xl ($(wc -l <"$xs_x") nodes)"
	else
		report "FAIL dd-xenstore-axl-equals-xl: $(grep -c '^<' "$out/dd-xenstore.diff" || true) of xl's nodes missing or different in axl's, $(grep -c '^>' "$out/dd-xenstore.diff" || true) extra (see $out/dd-xenstore.diff)"
	fi
fi

# ---- timings ---------------------------------------------------------------------------------
sed 's/^/time /' "$out/times.txt" 2>/dev/null || true
sed 's/^/time /' "$out/timings.txt" 2>/dev/null || true
echo "time dd and fe roots: ${t_trees}s; dom0 image + boot: ${t_boot}s; run-driver-domain total: $(elapsed "$t_all")s"
echo "driver-domain: $pass passed, $fail failed"
[ "$fail" = 0 ]
