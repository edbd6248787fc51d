#!/bin/bash
# run-xsa300.sh: XSA-300 under attack, on real Xen (QEMU): 4.17, or 4.20 with AXL_BOOT_XEN=4.20.
# A driver domain dd (the guest kernel with the block and network backends built in, and
# ZONE_DEVICE + XEN_UNPOPULATED_ALLOC, so that blkback maps grants into the extended regions
# it is given; 512 MiB, 2 vCPUs; a copy of the dom0 tree with axl devd and xl devd, as in
# run-driver-domain.sh) serves a victim frontend (one disk: write, read back, compare, in a
# loop; one vif: it pings dd first) and an attacking one (AXL_XSA_DISKS disks, default 16,
# joining one every AXL_XSA_STEP seconds, default 5, with AXL_XSA_READERS O_DIRECT 1 MiB
# readers each, default 8: two rings per disk, indirect descriptors, persistent grants).
# Policies, from AXL_XSA_POLICIES (default "ram none size xl"): ram, holes and none are
# axl's ext_regions;
# "size" is ram with ext_regions_size="128M" (one 128 MiB memory section: 32768 pages);
# "xl" is real xl and xl devd with libxl's own regions. Each samples dd before, during (every
# 10 s for AXL_XSA_SECONDS, default 150) and after the attack: MemTotal, MemFree, balloon,
# "Xen scratch" in use, and the grants of each frontend that dd holds mapped, as Xen counts
# them (scenarios/xsa300/scenario.sh). Then it checks, per policy:
#   attack-maps    the attacker got at least 500 grants per disk mapped (the attack ran)
#   ram, holes, xl, size:
#     ram-kept     MemTotal never more than 1 MiB below the start, balloon unchanged
#     in-regions   every scratch range lies inside an advertised extended region, and the
#                  scratch space holds every mapped grant
#   ram, holes, xl: victim-ok  the victim's I/O went on during the attack, none failed
#   none:
#     balloons     MemTotal fell by at least 90 % of the mapped grants' 4 KiB, no scratch
#   size:
#     bounded      scratch never above 128 MiB, mapped grants never above 32768
#     exhausted    Linux logged that the regions had no room left, and attacker reads failed
# prints the samples as a table, writes the plot $out/xsa300.svg (gnuplot: dd's MemTotal and
# MemFree against the grants it has mapped, per policy; copied to AXL_XSA_SVG when set) and
# "N passed, N failed". Not in run-all.sh: 35-45 minutes per Xen version.
. "$(dirname "$0")/lib.sh"

t_all=$(now)
disks=${AXL_XSA_DISKS:-16}
readers=${AXL_XSA_READERS:-8}
step=${AXL_XSA_STEP:-5}
policies=${AXL_XSA_POLICIES:-ram none size xl}
secs=${AXL_XSA_SECONDS:-150}
case "$disks$readers$secs$step" in *[!0-9]*) die "run-xsa300: AXL_XSA_DISKS, _READERS, _SECONDS and _STEP are numbers" ;; esac
[ "$disks" -ge 1 ] && [ "$disks" -le 16 ] || die "run-xsa300: AXL_XSA_DISKS must be 1 to 16"
[ "$readers" -ge 1 ] && [ "$readers" -le 64 ] || die "run-xsa300: AXL_XSA_READERS must be 1 to 64"
need_cmd cpio gzip gnuplot
mkdir -p "$WORK"
kimg=$("$BOOT_DIR/build-guest-kernel.sh" 2>"$WORK/guest-kernel.log") ||
	{ cat "$WORK/guest-kernel.log" >&2; die "run-xsa300: the guest kernel did not build"; }
ddimg=$(AXL_GUEST_KCONFIG="$BOOT_DIR/kernel/guest.config $BOOT_DIR/kernel/driver-domain.config" \
	"$BOOT_DIR/build-guest-kernel.sh" 2>"$WORK/dd-kernel.log") ||
	{ cat "$WORK/dd-kernel.log" >&2; die "run-xsa300: the driver domain's kernel did not build"; }
SD=$BOOT_DIR/scenarios/xsa300
sc=$WORK/scenario-xsa300
out=$WORK/out-xsa300
tmp=$(mktemp -d "${TMPDIR:-/tmp}/axl-xsa.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
rm -rf "$sc"
mkdir -p "$sc/etc/xen/xsa" "$sc/boot"
cp "$SD/scenario.sh" "$sc/scenario.sh"
echo "$policies" >"$sc/etc/xen/xsa/policies"
echo "$secs" >"$sc/etc/xen/xsa/seconds"
install_axl "$sc"
cp "$kimg" "$sc/boot/guest-Image"
cp "$ddimg" "$sc/boot/dd-Image"
dd_root "$tmp/dd" yes "$sc/boot/dd-initrd.gz"
for r in attacker victim; do
	guest_skeleton "$tmp/$r"
	cp "$SD/$r-rc" "$tmp/$r/etc/rc"
	mkcpio "$tmp/$r" "$sc/boot/$r-initrd.gz"
done

for p in $policies; do
	case $p in
	ram | holes | none) ext="ext_regions = \"$p\"" devd=axl ;;
	size) ext='ext_regions = "ram"
ext_regions_size = "128M"' devd=axl ;;
	xl) ext="" devd=xl ;;
	*) die "run-xsa300: unknown policy $p (ram, holes, none, size, xl)" ;;
	esac
	cat >"$sc/etc/xen/xsa/dd-$p.cfg" <<CFG
name = "dd"
kernel = "/boot/dd-Image"
ramdisk = "/boot/dd-initrd.gz"
memory = 512
vcpus = 2
driver_domain = 1
extra = "console=hvc0 rdinit=/init axl_dd=1 axl_devd=$devd axl_images=$disks"
$ext
CFG
done
cat >"$sc/etc/xen/xsa/victim.cfg" <<'CFG'
name = "victim"
kernel = "/boot/guest-Image"
ramdisk = "/boot/victim-initrd.gz"
memory = 128
extra = "console=hvc0"
disk = [ 'backend=dd,/root/served.img,raw,xvda,rw' ]
vif = [ 'backend=dd,bridge=xenbr0' ]
CFG
list="" k=1
for v in a b c d e f g h i j k l m n o p; do
	[ $k -le "$disks" ] || break
	list="$list'backend=dd,/root/d$k.img,raw,xvd$v,rw', "
	k=$((k + 1))
done
cat >"$sc/etc/xen/xsa/attacker.cfg" <<CFG
name = "attacker"
kernel = "/boot/guest-Image"
ramdisk = "/boot/attacker-initrd.gz"
memory = 512
vcpus = 2
extra = "console=hvc0 axl_disks=$disks axl_readers=$readers axl_step=$step"
disk = [ ${list%, } ]
CFG

"$BOOT_DIR/mkdom0.sh" -o "$WORK/dom0-xsa300.cpio.gz" "$sc"
# xsm=dummy: Debian's default XSM SILO forbids grants between guests (run-driver-domain.sh);
# conring_size: the console ring holds a whole grant-table dump (debug key 'g')
AXL_BOOT_XEN_ARGS="xsm=dummy conring_size=8M" "$BOOT_DIR/run-xen.sh" -i "$WORK/dom0-xsa300.cpio.gz" -o "$out" \
	-t $((300 + (secs + 900) * $(echo $policies | wc -w)))
# the serial log holds every grant-table dump: keep it compressed
[ -f "$out/serial.log" ] && gzip -f "$out/serial.log"

pass=0 fail=0
dom0_checks run-xsa300 "$out/checks.txt"
S=$out/samples.txt
[ -s "$S" ] || die "run-xsa300: dom0 sent no samples.txt"
echo "samples (policy label seconds, KiB; gatt/gvic: grants of attacker/victim mapped by dd):"
sed 's/^/    /' "$S"

# field POLICY LABEL KEY: KEY's values in POLICY's LABEL samples, one per line
field() { awk -v p="$1" -v l="$2" -v k="$3" '$1 == p && $2 == l {
	for (i = 4; i <= NF; i++) if (index($i, k "=") == 1) print substr($i, length(k) + 2) }' "$S"; }
# verdict NAME CONDITION DETAIL: one check from shell arithmetic
verdict() { if (($2)); then report "ok $1: $3"; else report "FAIL $1: $3"; fi; }
max() { sort -n | tail -n 1; }
min() { sort -n | head -n 1; }
for p in $policies; do
	grep -q "^$p attack " "$S" || { report "FAIL xsa-$p-samples: no sample during the attack"; continue; }
	base=$(field "$p" before memtotal)
	bal0=$(field "$p" before balloon)
	mtmin=$(field "$p" attack memtotal | min)
	drop=$((base - mtmin))
	peak=$(awk -v p="$p" '$1 == p && $2 == "attack" { a = 0; v = 0
		for (i = 4; i <= NF; i++) { if ($i ~ /^gatt=/) a = substr($i, 6); if ($i ~ /^gvic=/) v = substr($i, 6) }
		if (a + v > m) m = a + v } END { print m + 0 }' "$S")
	patt=$(field "$p" attack gatt | max)
	scrmax=$(field "$p" attack scratch | max)
	verdict "xsa-$p-attack-maps" "patt >= 500 * disks" "the attacker had up to $patt grants mapped by dd ($disks disks), $peak with the victim's"
	case $p in
	ram | holes | xl | size)
		balmoved=$(field "$p" attack balloon | grep -vcx "$bal0" || true)
		verdict "xsa-$p-ram-kept" "drop <= 1024 && balmoved == 0" "MemTotal at most $drop KiB below its $base, balloon off $bal0 in $balmoved samples"
		notin=$(field "$p" attack inside | grep -vcx yes || true)
		verdict "xsa-$p-in-regions" "notin == 0 && scrmax >= 4 * peak" "scratch outside the regions in $notin samples; up to $scrmax KiB for $peak grants"
		;;
	none)
		verdict "xsa-$p-balloons" "drop * 10 >= 9 * 4 * peak && scrmax == 0" "MemTotal fell by $drop KiB while $peak grants were mapped ($((4 * peak)) KiB); scratch $scrmax KiB"
		;;
	esac
	vbad=$(field "$p" attack vicbad | max)
	vok0=$(field "$p" victim vicok)
	vok1=$(field "$p" attack vicok | max)
	case $p in
	ram | holes | xl) verdict "xsa-$p-victim-ok" "vbad == 0 && vok1 > vok0" "victim rounds $vok0 -> $vok1 during the attack, $vbad failed" ;;
	*) echo "note xsa-$p victim: rounds $vok0 -> $vok1 during the attack, $vbad failed" ;;
	esac
	if [ "$p" = size ]; then
		nofit=$(field "$p" attack iomemfail | max)
		aerr=$(field "$p" attack atterr | max)
		verdict "xsa-$p-bounded" "scrmax <= 131072 && peak <= 32768" "scratch up to $scrmax KiB, up to $peak grants mapped"
		verdict "xsa-$p-exhausted" "nofit > 0 && aerr > 0" "Linux found no room $nofit times; $aerr attacker reads failed"
	fi
done

# the plot: dd's MemTotal and MemFree against the grants it has mapped, per policy
plot=$out/xsa300.svg
if "$BOOT_DIR/xsa300-plot.sh" "$S" "$plot" \
	"Driver domain (512 MiB) under a grant-mapping attack, Xen $XENVER: $disks disks x $readers readers" 2>"$tmp/plot.log"; then
	echo "plot: $plot"
	[ -z "${AXL_XSA_SVG:-}" ] || cp "$plot" "$AXL_XSA_SVG"
else
	report "FAIL xsa-plot: $(head -n 1 "$tmp/plot.log")"
fi
echo "time run-xsa300 total: $(elapsed "$t_all")s"
echo "xsa300: $pass passed, $fail failed"
[ "$fail" = 0 ]
