#!/bin/bash
# run-axl-devices.sh: boot tests of guests with a disk and a network interface on real Xen
# (QEMU): 4.17, or 4.20 with AXL_BOOT_XEN=4.20. The guest (dev1: the guest kernel of
# build-guest-kernel.sh, 256 MiB, no ramdisk) boots from an ext4 image file
# (mkguest-disk.sh) attached as xvda (vbd: xen-blkback on a loop device, set up by Debian's
# /etc/xen/scripts/block) and has one vif (xen-netback, on dom0's bridge xenbr0
# 10.0.0.1/24 by /etc/xen/scripts/vif-bridge). scenarios/axl-devices runs in dom0:
#   (a) real xl create: the guest prints the marker dom0 wrote into its disk, pings dom0,
#       receives 4 MiB over TCP (busybox nc; sha256 compared), writes /reply on its disk
#       and powers off; dom0 reads /reply (debugfs), checks the file system (e2fsck -fn)
#       and that nothing is left (no loop device, no vif interface, no xenstore node of
#       the guest); the guest's device nodes are dumped (xl-devices-xenstore.txt);
#   (b) the same with axl create (axl-devices-xenstore.txt), compared here with xl's dump
#       (equal but for the nodes listed in axl-devices-xenstore.allow);
#   (c) failure injection (missing image, bad vdev, a failing hotplug script, a bridge
#       that does not exist): one "axl: error:" line naming the cause, nothing left (real
#       xl: that it fails and leaves nothing, and its messages as notes);
#   (d) 20 create/destroy cycles with axl (3 with xl): nothing accumulates, the free
#       memory comes back; and reboot (the devices come back) and shutdown -w (gone);
#   (e) before that reboot, block-attach of a second disk and network-attach of a second
#       vif to the running guest (the guest connects both; block-list and network-list
#       show them), then block-detach and network-detach (nodes, loop device and
#       interface gone; the configured devices still connected), with xl then axl.
#   (f) a routed vif (Debian's vif-route, ip=10.0.1.2, gatewaydev=xenbr0): dom0's route to
#       the guest through vifD.0 while it runs, the guest pings dom0, and after its poweroff
#       the route and everything else are gone, with xl then axl; and the same with a NATed
#       vif (Debian's vif-nat, ip=10.0.2.2, no DHCP: dom0's vif takes the router address);
# Prints one "ok"/"FAIL" line per check, notes, timings and "N passed, N failed".
. "$(dirname "$0")/lib.sh"

t_all=$(now)
mkdir -p "$WORK"
kimg=$("$BOOT_DIR/build-guest-kernel.sh" 2>"$WORK/guest-kernel.log") ||
	{ cat "$WORK/guest-kernel.log" >&2; die "run-axl-devices: the guest kernel did not build"; }
sc=$WORK/scenario-axl-devices
out=$WORK/out-axl-devices
rm -rf "$sc"
mkdir -p "$sc/etc/xen/dev" "$sc/etc/xen/scripts" "$sc/boot" "$sc/root"
cp "$BOOT_DIR/scenarios/axl-devices/scenario.sh" "$sc/scenario.sh"
install_axl "$sc"
cp "$kimg" "$sc/boot/guest-Image"
"$BOOT_DIR/mkguest-disk.sh" "$sc/root/guest.img"

write_cfg() { # write_cfg NAME DISK VIF [EXTRA]
	cat >"$sc/etc/xen/dev/$1.cfg" <<CFG
name = "dev1"
kernel = "/boot/guest-Image"
memory = 256
extra = "console=hvc0 root=/dev/xvda rw${4:-}"
disk = [ '$2' ]
vif = [ '$3' ]
CFG
}
DISK=/root/guest.img,raw,xvda,rw
VIF=bridge=xenbr0,mac=00:16:3e:00:00:01
write_cfg dev1 "$DISK" "$VIF"
write_cfg dev1-stay "$DISK" "$VIF" " axl_stay axl_noxfer"
write_cfg dev1-cycle /root/cycle.img,raw,xvda,rw "$VIF" " axl_stay axl_noxfer"
# routed instead of bridged: Debian's vif-route gives the vif dom0's xenbr0 address and a
# route to the guest's (its gatewaydev is the interface whose address dom0 lends)
write_cfg dev1-route "$DISK" script=vif-route,ip=10.0.1.2,gatewaydev=xenbr0,mac=00:16:3e:00:00:01 " axl_noxfer axl_ip=10.0.1.2"
# NATed: Debian's vif-nat gives the vif the router address (the guest's + 127: 10.0.2.129) and a
# route to the guest's (no DHCP server: the guest sets its address from axl_ip=)
write_cfg dev1-nat "$DISK" script=vif-nat,ip=10.0.2.2,mac=00:16:3e:00:00:01 " axl_noxfer axl_ip=10.0.2.2"
write_cfg fail-missing-image /root/missing.img,raw,xvda,rw "$VIF"
write_cfg fail-bad-vdev '/root/guest.img,raw,xvd!,rw' "$VIF"
write_cfg fail-hotplug-script format=raw,vdev=xvda,access=rw,script=/etc/xen/scripts/axl-fail-test,target=/root/guest.img "$VIF"
write_cfg fail-no-bridge "$DISK" bridge=nosuchbr,mac=00:16:3e:00:00:01
cat >"$sc/etc/xen/scripts/axl-fail-test" <<'SH'
#!/bin/sh
# A disk hotplug script that fails (the axl-devices boot test), as Debian's scripts fail
# (xen-hotplug-common.sh's fatal): hotplug-error and hotplug-status, then exit 1.
case ${1:-} in
add)
	xenstore-write "$XENBUS_PATH/hotplug-error" "axl-fail-test: injected failure" \
		"$XENBUS_PATH/hotplug-status" error
	exit 1 ;;
esac
exit 0
SH
chmod 755 "$sc/etc/xen/scripts/axl-fail-test"

t=$(now)
"$BOOT_DIR/mkdom0.sh" -o "$WORK/dom0-axl-devices.cpio.gz" "$sc"
"$BOOT_DIR/run-xen.sh" -i "$WORK/dom0-axl-devices.cpio.gz" -o "$out" -t 900
t_boot=$(elapsed "$t")

pass=0 fail=0
dom0_checks run-axl-devices "$out/checks.txt"

# ---- the device nodes of xl's guest and of axl's --------------------------------------------
# The xl dump must show both devices connected (it is the reference), and axl's must equal
# it but for the nodes named in the allowlist (glob patterns of node paths, one a line).
xs_x=$out/xl-devices-xenstore.txt xs_a=$out/axl-devices-xenstore.txt
allow=$BOOT_DIR/axl-devices-xenstore.allow
want_nodes=(
	'/local/domain/DOMID/device/vbd/51712/state = "4"'
	'/local/domain/DOMID/device/vif/0/state = "4"'
	'/local/domain/0/backend/vbd/DOMID/51712/state = "4"'
	'/local/domain/0/backend/vif/DOMID/0/state = "4"'
	'/local/domain/0/backend/vbd/DOMID/51712/hotplug-status = "connected"'
	'/local/domain/0/backend/vif/DOMID/0/hotplug-status = "connected"'
)
if [ -s "$xs_x" ]; then
	miss=""
	for w in "${want_nodes[@]}"; do grep -qF "$w  " "$xs_x" || miss="$miss [$w]"; done
	[ -z "$miss" ] && report "ok xl-xenstore-devices-connected ($(wc -l <"$xs_x") nodes)" ||
		report "FAIL xl-xenstore-devices-connected: missing$miss"
else
	report "FAIL xl-xenstore-devices-connected: dom0 sent no xl-devices-xenstore.txt"
fi
pats=()
while read -r p _; do
	case $p in '' | '#'*) continue ;; esac
	pats+=("$p")
done <"$allow"
allowed() { # allowed LINE: its node path matches an allowlist pattern
	local path=${1%% = *} p
	path=${path%: missing}
	for p in "${pats[@]}"; do
		# shellcheck disable=SC2053
		[[ $path == $p ]] && return 0
	done
	return 1
}
keep() { # the dump without the allowed nodes
	local l
	while IFS= read -r l; do allowed "$l" || printf '%s\n' "$l"; done <"$1"
}
if [ ! -s "$xs_a" ]; then
	report "FAIL xenstore-axl-equals-xl: dom0 sent no axl-devices-xenstore.txt (no axl domain to read)"
elif [ ! -s "$xs_x" ]; then
	report "FAIL xenstore-axl-equals-xl: no xl dump to compare with"
else
	diff "$xs_x" "$xs_a" >"$out/xenstore.diff" || true
	if diff <(keep "$xs_x") <(keep "$xs_a") >"$out/xenstore-not-allowed.diff"; then
		report "ok xenstore-axl-equals-xl ($(wc -l <"$xs_x") nodes, $(grep -c '^[<>]' "$out/xenstore.diff" || true) allowed differences)"
	else
		report "FAIL xenstore-axl-equals-xl: $(grep -c '^<' "$out/xenstore-not-allowed.diff" || true) of xl's nodes missing or different in axl's domain, $(grep -c '^>' "$out/xenstore-not-allowed.diff" || true) extra (see $out/xenstore-not-allowed.diff)"
	fi
fi
for p in "${pats[@]}"; do
	hit=no
	for f in "$xs_x" "$xs_a"; do
		[ -s "$f" ] || continue
		while IFS= read -r l; do
			path=${l%% = *}
			# shellcheck disable=SC2053
			[[ $path == $p ]] && { hit=yes; break; }
		done <"$f"
	done
	[ $hit = yes ] || echo "note allowlist entry $p matches no node"
done

# ---- timings -------------------------------------------------------------------------------
sed 's/^/time /' "$out/times.txt" 2>/dev/null || true
sed 's/^/time /' "$out/timings.txt" 2>/dev/null || true
echo "time dom0 image + boot: ${t_boot}s; run-axl-devices total: $(elapsed "$t_all")s"
echo "axl-devices: $pass passed, $fail failed"
[ "$fail" = 0 ]
