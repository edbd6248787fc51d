#!/bin/bash
# run-xen.sh: boot Debian's Xen ($AXL_BOOT_XEN: 4.17 from bookworm, the default, or 4.20
# from trixie) with that release's arm64 kernel as dom0 and a dom0
# initramfs (from mkdom0.sh) under qemu-system-aarch64 (TCG), capture the serial console,
# and decode the results the dom0 scenarios sent between markers into an output directory.
#
# usage: run-xen.sh [-i INITRD] [-o OUTDIR] [-t TIMEOUT_SECONDS] [-m MEM_MIB] [-g GIC]
#   INITRD   dom0 initramfs            (default: $AXL_BOOT_WORK/dom0.cpio.gz)
#   OUTDIR   where results go          (default: $AXL_BOOT_WORK/out; emptied first)
#   TIMEOUT  limit for the whole boot  (default: 240)
#   MEM      QEMU RAM in MiB           (default: 6144; dom0 has 512 of it)
#   GIC      QEMU virt gic-version, 3 or 2 (default: 3)
# AXL_BOOT_DOM0_VCPUS: dom0's vCPUs (default 1; QEMU has 2 CPUs)
# AXL_BOOT_XEN_ARGS: more Xen command line options, appended (default none; the
#   driver-domain suite gives xsm=dummy: Debian's arm64 Xen defaults to XSM SILO, which
#   forbids event channels and grant mappings between two guests)
#
# OUTDIR gets serial.log (the raw console), markers.txt (marker lines with the host time
# since QEMU started), timings.txt, scenario-rc.txt, host.dtb and one file per result.
. "$(dirname "$0")/lib.sh"

initrd=$WORK/dom0.cpio.gz
outdir=$WORK/out
limit=240
mem=6144
gic=3
while [ $# -gt 0 ]; do
	[ $# -ge 2 ] || die "run-xen: option $1 needs a value"
	case $1 in
	-i) initrd=$2 ;;
	-o) outdir=$2 ;;
	-t) limit=$2 ;;
	-m) mem=$2 ;;
	-g) gic=$2 ;;
	*) die "run-xen: unknown argument $1" ;;
	esac
	shift 2
done
case $limit in '' | *[!0-9]*) die "run-xen: timeout must be a number of seconds" ;; esac
case $mem in '' | *[!0-9]*) die "run-xen: memory must be a number of MiB" ;; esac
case $gic in 2 | 3) ;; *) die "run-xen: GIC version must be 2 or 3" ;; esac
[ -s "$initrd" ] || die "run-xen: dom0 initramfs $initrd not found (run mkdom0.sh)"
need_cmd qemu-system-aarch64 fdtput fdtget timeout base64 sha256sum

XEN=$(pkgdir "xen-hypervisor-$XENVER-arm64")/boot/xen-$XENVER-arm64
[ -f "$XEN" ] || die "run-xen: $XEN missing (run fetch.sh)"
KERNEL=$(kernel_image)
ksize=$(stat -c %s "$KERNEL")
isize=$(stat -c %s "$initrd")
# The kernel goes at 0x42000000 and the initramfs at the next 2 MiB boundary after it
# (0x44000000 for bookworm's 31 MiB kernel, 0x44600000 for trixie's 36 MiB one). QEMU puts
# its DTB at 0x48000000 (128 MiB above the RAM base, as no -initrd is given): both must end
# below it.
kaddr=$((0x42000000))
iaddr=$(( (kaddr + ksize + 0x1fffff) & ~0x1fffff ))
[ $((iaddr + isize)) -le $((0x48000000)) ] ||
	die "run-xen: kernel ($ksize bytes) and initramfs ($isize bytes) do not fit below QEMU's DTB at 0x48000000"
KADDR=$(printf 0x%x "$kaddr")
IADDR=$(printf 0x%x "$iaddr")

mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
# Only a directory made by this script (or an empty one) is emptied.
if [ -n "$(ls -A "$outdir")" ] && [ ! -f "$outdir/.axl-boot-out" ]; then
	die "run-xen: output directory $outdir is not empty and was not made by run-xen.sh"
fi
find "$outdir" -mindepth 1 -delete
: >"$outdir/.axl-boot-out"

dom0_vcpus=${AXL_BOOT_DOM0_VCPUS:-1}
case $dom0_vcpus in 1 | 2) ;; *) die "run-xen: AXL_BOOT_DOM0_VCPUS must be 1 or 2" ;; esac
MACHINE=(-M virt,virtualization=on,gic-version=$gic -cpu cortex-a57 -m "$mem" -smp 2 -nographic -nic none)

# ---- host device tree ----------------------------------------------------------------------
dtb=$outdir/host.dtb
timeout 60 qemu-system-aarch64 "${MACHINE[@]}" -machine dumpdtb="$dtb" </dev/null >"$outdir/dumpdtb.log" 2>&1 ||
	die "run-xen: qemu dumpdtb failed: $(tail -n 1 "$outdir/dumpdtb.log")"
{
	fdtput -t i "$dtb" /chosen '#address-cells' 2 &&
	fdtput -t i "$dtb" /chosen '#size-cells' 2 &&
	fdtput -t s "$dtb" /chosen xen,xen-bootargs \
		"console=dtuart dtuart=/pl011@9000000 dom0_mem=512M dom0_max_vcpus=$dom0_vcpus bootscrub=0${AXL_BOOT_XEN_ARGS:+ $AXL_BOOT_XEN_ARGS}" &&
	fdtput -t s "$dtb" /chosen xen,dom0-bootargs "console=hvc0 earlycon=xenboot rdinit=/init" &&
	fdtput -c "$dtb" "/chosen/module@${KADDR#0x}" &&
	fdtput -t s "$dtb" "/chosen/module@${KADDR#0x}" compatible "multiboot,kernel" "multiboot,module" &&
	fdtput -t x "$dtb" "/chosen/module@${KADDR#0x}" reg 0 "$KADDR" 0 "$(printf %x "$ksize")" &&
	fdtput -c "$dtb" "/chosen/module@${IADDR#0x}" &&
	fdtput -t s "$dtb" "/chosen/module@${IADDR#0x}" compatible "multiboot,ramdisk" "multiboot,module" &&
	fdtput -t x "$dtb" "/chosen/module@${IADDR#0x}" reg 0 "$IADDR" 0 "$(printf %x "$isize")"
} || die "run-xen: fdtput on the host device tree failed"

# ---- boot ----------------------------------------------------------------------------------
log=$outdir/serial.log
: >"$outdir/markers.txt"
t0=$EPOCHREALTIME
set +o errexit
timeout -k 10 "$limit" qemu-system-aarch64 "${MACHINE[@]}" -no-reboot \
	-kernel "$XEN" -dtb "$dtb" \
	-device loader,file="$KERNEL",addr="$KADDR",force-raw=on \
	-device loader,file="$initrd",addr="$IADDR",force-raw=on </dev/null 2>&1 |
	while IFS= read -r line || [ -n "$line" ]; do
		printf '%s\n' "$line" >&3
		case $line in
		*===AXL-*) awk -v a="$t0" -v b="$EPOCHREALTIME" -v l="${line%$'\r'}" \
			'BEGIN { printf "%.2f %s\n", b - a, l }' >>"$outdir/markers.txt" ;;
		esac
	done 3>"$log"
qrc=${PIPESTATUS[0]}
set -o errexit
wall=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')

# ---- results -------------------------------------------------------------------------------
tr -d '\r' <"$log" | awk -v dir="$outdir" '
	/^===AXL-FILE-BEGIN [^ ]+ [0-9]+ [0-9a-f]+===$/ {
		name = $2; sub(/===$/, "", $4)
		f = dir "/.b64-" name; printf "" > f
		print name, $3, $4 > (dir "/.files"); inblk = 1; next }
	/^===AXL-FILE-END / { if (inblk) close(f); inblk = 0; next }
	inblk && /^[A-Za-z0-9+\/=]+$/ { print >> f; next }
	# The hypervisor writes to the same serial line: a message of its own (or a guest
	# debug line) can land inside a base64 line. Keep the base64 part (base64 -d ignores
	# the line break) and log the message as noise.
	inblk && match($0, /\((XEN|d[0-9]+)\) /) && substr($0, 1, RSTART - 1) ~ /^[A-Za-z0-9+\/=]*$/ {
		if (RSTART > 1) print substr($0, 1, RSTART - 1) >> f
		print name ": " substr($0, RSTART) >> (dir "/.noise"); next }
	inblk && $0 == "" { next }
	inblk { print name ": " $0 >> (dir "/.noise") }
'
bad=0
if [ -f "$outdir/.files" ]; then
	while read -r name size sum; do
		if ! base64 -d <"$outdir/.b64-$name" >"$outdir/$name" 2>/dev/null ||
			[ "$(stat -c %s "$outdir/$name")" != "$size" ] ||
			[ "$(sha256sum <"$outdir/$name" | cut -d' ' -f1)" != "$sum" ]; then
			note "run-xen: result $name arrived damaged (size or sha256 mismatch; see .noise)"
			mv "$outdir/$name" "$outdir/$name.damaged" 2>/dev/null || true
			bad=$((bad + 1))
		fi
		rm -f "$outdir/.b64-$name"
	done <"$outdir/.files"
fi
tr -d '\r' <"$log" | sed -n 's/^===AXL-SCENARIO-END \([^ ]*\) rc=\([0-9]*\) .*/\1 \2/p' >"$outdir/scenario-rc.txt"

mark() { awk -v m="$1" '$2 ~ "^===AXL-" m { print $1; exit }' "$outdir/markers.txt"; }
{
	echo "xen=$XENVER gic_version=$gic qemu_exit=$qrc wall=${wall}s kernel_at=$KADDR initrd_at=$IADDR"
	echo "host_seconds_to_dom0_init=$(mark INIT)"
	echo "host_seconds_to_dom0_ready=$(mark READY)"
	echo "host_seconds_to_done=$(mark DONE)"
	sed -n 's/^===AXL-READY uptime=\([0-9.]*\)===/dom0_uptime_at_ready=\1/p' <(tr -d '\r' <"$log")
} >"$outdir/timings.txt"

# ---- verdict -------------------------------------------------------------------------------
err=$(tr -d '\r' <"$log" | sed -n 's/^===AXL-ERROR \(.*\)===$/\1/p' | sed -n 1p)
[ -z "$err" ] || die "run-xen: dom0 init failed: $err (log: $log)"
if ! grep -q '^===AXL-DONE' <(tr -d '\r' <"$log"); then
	[ "$qrc" = 124 ] || [ "$qrc" = 137 ] && die "run-xen: timed out after ${limit}s without the end marker (log: $log)"
	grep -q '^===AXL-READY' <(tr -d '\r' <"$log") ||
		die "run-xen: dom0 never became ready (qemu exit $qrc; log: $log)"
	die "run-xen: no end marker in the serial output (qemu exit $qrc; log: $log)"
fi
[ "$bad" = 0 ] || die "run-xen: $bad result file(s) damaged in transit (log: $log)"
while read -r s rc; do
	[ "$rc" = 0 ] || die "run-xen: scenario $s exited with rc=$rc (log: $log)"
done <"$outdir/scenario-rc.txt"
n=0; [ -f "$outdir/.files" ] && n=$(wc -l <"$outdir/.files")
note "run-xen: done in ${wall}s; $n result file(s) in $outdir"
rm -f "$outdir/.files"
