#!/bin/bash
# run-ext-regions.sh: boot tests of extended regions inside real guests (issue 6).
# Builds a guest kernel that uses extended regions (build-guest-kernel.sh: the host
# release's linux-source-X.Y, allnoconfig + kernel/guest.config, cached), the grant helpers
# (build-gnt.sh), the arm64 axl and libaxl1 packages (build-debs.sh) and a busybox guest initramfs
# (mkguest-ext.sh); boots Xen ($AXL_BOOT_XEN: 4.17, the default, or 4.20) with the Debian
# dom0 of that release under QEMU and runs scenarios/ext-regions there: for each guest, dom0
# shares pages with it (axl-gntshr) and the guest maps them (axl-gntmap) and reports where
# Linux put them, its /proc/iomem and its memory counters on its console. The guests:
#   def          axl, default policy ("ram"), 256 MiB, 64 pages in one mapping
#   none         ext_regions="none": the mapping balloons out RAM (1024 pages)
#   small        1000 MiB + ext_regions_size="128M": one 128 MiB region not aligned to
#                128 MiB, so no memory section fits; axl warns, the mapping fails
#   small-align  the same + ext_regions_align="128M": works
#   many         default policy, 1200 pages, one mapping per page, all held at once
#   holes        ext_regions="holes"
#   holes-low    ext_regions="holes" + ext_regions_limit="1G": regions only below RAM
#   xl           the same guest kernel under real xl create (libxl of that Xen)
# plus ext_regions_require="2T": axl create refuses and leaves no domain.
# Prints one "ok"/"FAIL" line per check, "note" lines with the figures, the timings and
# "N passed, N failed"; exits non-zero if a check failed.
. "$(dirname "$0")/lib.sh"

t_all=$(now)
need_cmd fdtget dtc

# ---- build -------------------------------------------------------------------------------
t=$(now)
mkdir -p "$WORK"
kimg=$("$BOOT_DIR/build-guest-kernel.sh" 2>"$WORK/guest-kernel.log") ||
	{ cat "$WORK/guest-kernel.log" >&2; die "run-ext-regions: the guest kernel did not build"; }
cat "$WORK/guest-kernel.log" >&2
t_kernel=$(elapsed "$t")
kcached=built
grep -q 'cached Image' "$WORK/guest-kernel.log" && kcached=cached
t=$(now)
gnt=$("$BOOT_DIR/build-gnt.sh")
t_tools=$(elapsed "$t")

sc=$WORK/scenario-ext-regions
out=$WORK/out-ext-regions
rm -rf "$sc"
mkdir -p "$sc/usr/local/bin" "$sc/etc/xen/ext" "$sc/boot"
cp "$BOOT_DIR/scenarios/ext-regions/scenario.sh" "$sc/scenario.sh"
install_axl "$sc"
cp "$gnt/axl-gntshr" "$sc/usr/local/bin/axl-gntshr"
cp "$kimg" "$sc/boot/guest-Image"
"$BOOT_DIR/mkguest-ext.sh" "$sc/boot/gnt-guest.cpio.gz" "$gnt/axl-gntmap"

write_cfg() { # write_cfg NAME MEMORY [EXTRA-LINES]
	cat >"$sc/etc/xen/ext/$1.cfg" <<CFG
name = "$1"
kernel = "/boot/guest-Image"
ramdisk = "/boot/gnt-guest.cpio.gz"
memory = $2
vcpus = 1
extra = "console=hvc0 rdinit=/init quiet"
${3:-}
CFG
}
write_cfg def 256
write_cfg none 256 'ext_regions = "none"'
write_cfg small 1000 'ext_regions_size = "128M"'
write_cfg small-align 1000 'ext_regions_size = "128M"
ext_regions_align = "128M"'
write_cfg many 256
write_cfg holes 256 'ext_regions = "holes"'
write_cfg holes-low 256 'ext_regions = "holes"
ext_regions_limit = "1G"'
write_cfg xl 256
# NAME:TOOL:COUNT:MODE, in order
echo "def:axl:64:one none:axl:1024:one small:axl:64:one small-align:axl:64:one
 many:axl:1200:each holes:axl:64:one holes-low:axl:64:one xl:xl:64:one" >"$sc/etc/xen/ext/order"

t=$(now)
"$BOOT_DIR/mkdom0.sh" -o "$WORK/dom0-ext-regions.cpio.gz" "$sc"
"$BOOT_DIR/run-xen.sh" -i "$WORK/dom0-ext-regions.cpio.gz" -o "$out" -t 560
t_boot=$(elapsed "$t")

# ---- checks --------------------------------------------------------------------------------
pass=0 fail=0
dom0_checks run-ext-regions "$out/checks.txt"

con() { tr -d '\r' <"$out/$1.console.log" 2>/dev/null; }
# g NAME KEY: the rest of the guest's first "gnt: KEY ..." line
g() { con "$1" | sed -n "s/^gnt: $2 //p" | sed -n 1p; }
# field NAME KEY FIELD: FIELD=value from the guest's "gnt: KEY ..." line
field() { g "$1" "$2" | tr ' ' '\n' | sed -n "s/^$3=//p"; }
dmesg_of() { con "$1" | sed -n '/===GNT-DMESG-BEGIN===/,/===GNT-DMESG-END===/p'; }
# regions NAME: "BASE LAST" (decimal) of /hypervisor reg 1..N of the tree dom0 sent
regions() {
	fdtget -t x "$out/$1.given.dtb" /hypervisor reg 2>/dev/null | tr ' ' '\n' |
		awk 'NF { c[n++] = $1 } END { for (i = 4; i + 3 < n; i += 4) print c[i] " " c[i+1] " " c[i+2] " " c[i+3] }' |
		while read -r a b s z; do
			base=$((0x$a << 32 | 0x$b)); size=$((0x$s << 32 | 0x$z))
			echo "$base $((base + size - 1))"
		done
}
inside() { # inside NAME START LAST: the range lies in one region of NAME's tree
	local b l
	while read -r b l; do
		[ "$2" -ge "$b" ] && [ "$3" -le "$l" ] && return 0
	done < <(regions "$1")
	return 1
}
scratch() { # scratch NAME: "START LAST" (hex) of each "Xen scratch" range the guest listed
	con "$1" | sed -n 's/^gnt: iomem *\([0-9a-f]*\)-\([0-9a-f]*\) : Xen scratch$/\1 \2/p'
}
hexreg() { # the reg of NAME's tree as the guest prints it (hex bytes)
	for c in $(fdtget -t x "$out/$1.given.dtb" /hypervisor reg 2>/dev/null); do printf '%08x' "0x$c"; done
}

chk_reg() { # the reg the guest read equals the tree axl (or libxl) gave it
	local want got
	want=$(hexreg "$1"); got=$(g "$1" reg)
	if [ -n "$want" ] && [ "$got" = "$want" ]; then report "ok $1-guest-reg-equals-given-tree"
	else report "FAIL $1-guest-reg-equals-given-tree: guest '$got', tree '$want'"; fi
	echo "note $1 regions: $(regions "$1" | while read -r b l; do printf '0x%x-0x%x ' "$b" "$l"; done)"
}
chk_map_ok() {
	local r; r=$(g "$1" result)
	[ "$r" = ok ] && report "ok $1-map-and-read-marker" || report "FAIL $1-map-and-read-marker: result '$r' $(g "$1" 'map')"
	echo "note $1 marker: $(g "$1" marker)"
}
chk_in_regions() { # chk_in_regions NAME COUNT: every page and every scratch range in a region
	local n=$1 c=$2 m k nin out_ mn mx s e ok=1 ns=0
	m=$(field "$n" pages mapped); k=$(field "$n" pages pfn_known)
	nin=$(field "$n" pages in_regions); out_=$(field "$n" pages outside)
	mn=$(field "$n" pages min); mx=$(field "$n" pages max)
	echo "note $n pages: $(g "$n" pages)"
	if [ "$m" = "$c" ] && [ "$k" = "$c" ] && [ "$nin" = "$c" ] && [ "$out_" = 0 ] &&
		inside "$n" $((mn)) $((mx + 4095)); then
		report "ok $n-all-$c-pages-in-extended-regions"
	else
		report "FAIL $n-all-$c-pages-in-extended-regions: $(g "$n" pages)"
	fi
	while read -r s e; do
		[ -n "$s" ] || continue
		ns=$((ns + 1))
		echo "note $n Xen scratch 0x$s-0x$e ($(( (0x$e - 0x$s + 1) >> 20 )) MiB)"
		inside "$n" $((0x$s)) $((0x$e)) || ok=0
	done < <(scratch "$n")
	[ "$ns" -gt 0 ] && [ $ok = 1 ] && report "ok $n-xen-scratch-inside-a-region" ||
		report "FAIL $n-xen-scratch-inside-a-region: $ns range(s): $(scratch "$n" | tr '\n' ' ')"
}
mem_line() { echo "$(field "$1" "mem $2" memtotal_kb) $(field "$1" "mem $2" current_kb)"; }
chk_ram_same() {
	local b d a
	b=$(mem_line "$1" before); d=$(mem_line "$1" during); a=$(mem_line "$1" after)
	echo "note $1 MemTotal/balloon current_kb before: $b, mapped: $d, unmapped: $a"
	[ -n "${b// /}" ] && [ "$b" = "$d" ] && [ "$b" = "$a" ] && report "ok $1-no-ram-taken" ||
		report "FAIL $1-no-ram-taken: before '$b' mapped '$d' after '$a'"
}
dmesg_note() { # dmesg_note NAME PATTERN
	dmesg_of "$1" | grep -E "$2" | sed "s/^/note $1 dmesg: /" | head -n 5 || true
}

# def, many, holes, small-align, xl: mapped inside the advertised regions, no RAM taken
for n in def many holes small-align xl; do
	[ -s "$out/$n.console.log" ] || { report "FAIL $n-console: no console log"; continue; }
	c=$(g "$n" mode | awk '{ print $3 }')
	chk_reg "$n"
	chk_map_ok "$n"
	chk_in_regions "$n" "${c:-0}"
	chk_ram_same "$n"
	dmesg_note "$n" 'unpopulated|IOMEM|extended region'
done
if grep -q 'holds no 128 MiB' "$out/small-align.create.log" 2>/dev/null; then
	report "FAIL small-align-no-warning: $(grep -m1 'holds no' "$out/small-align.create.log")"
else report "ok small-align-no-warning"; fi

# none: no regions; the pages come from the guest's RAM, which shrinks
n=none
if [ -s "$out/$n.console.log" ]; then
	chk_reg $n
	chk_map_ok $n
	c=$(g $n mode | awk '{ print $3 }')
	echo "note $n pages: $(g $n pages)"
	mn=$(field $n pages min); mx=$(field $n pages max)
	[ "$(field $n pages pfn_known)" = "$c" ] && [ "$(field $n pages in_regions)" = 0 ] &&
		[ $((mn)) -ge $((0x40000000)) ] && [ $((mx)) -lt $((0x40000000 + (256 << 20))) ] &&
		report "ok $n-pages-are-guest-ram" || report "FAIL $n-pages-are-guest-ram: $(g $n pages)"
	[ -z "$(scratch $n)" ] && report "ok $n-no-xen-scratch" || report "FAIL $n-no-xen-scratch: $(scratch $n)"
	b=$(field $n "mem before" memtotal_kb); d=$(field $n "mem during" memtotal_kb); a=$(field $n "mem after" memtotal_kb)
	cb=$(field $n "mem before" current_kb); cd=$(field $n "mem during" current_kb); ca=$(field $n "mem after" current_kb)
	echo "note $n MemTotal kB before $b, mapped $d ($((d - b))), unmapped $a ($((a - b)))"
	echo "note $n balloon current_kb before $cb, mapped $cd ($((cd - cb))), unmapped $ca ($((ca - cb)))"
	[ $((b - d)) = $((c * 4)) ] && report "ok $n-ram-taken-memtotal-minus-$((c * 4))kB" ||
		report "FAIL $n-ram-taken-memtotal-minus-$((c * 4))kB: MemTotal $b -> $d"
	[ $((cb - cd)) = $((c * 4)) ] && report "ok $n-ram-taken-balloon-current-minus-$((c * 4))kB" ||
		report "FAIL $n-ram-taken-balloon-current-minus-$((c * 4))kB: current_kb $cb -> $cd"
	dmesg_note $n 'unpopulated|extended regions|IOMEM'
else
	report "FAIL $n-console: no console log"
fi

# small: axl warns at create time; Linux finds no 128 MiB section and the mapping fails
n=small
if [ -s "$out/$n.console.log" ]; then
	w=$(grep -m1 'holds no 128 MiB' "$out/$n.create.log" || true)
	[ -n "$w" ] && report "ok $n-axl-warns-at-create" || report "FAIL $n-axl-warns-at-create: $(head -c 300 "$out/$n.create.log")"
	echo "note $n create: $w"
	chk_reg $n
	r=$(g $n result)
	case $r in FAIL*) report "ok $n-mapping-fails" ;; *) report "FAIL $n-mapping-fails: result '$r'" ;; esac
	echo "note $n guest: $(g $n 'map')"
	l=$(dmesg_of $n | grep -m1 'Cannot allocate new IOMEM resource' || true)
	[ -n "$l" ] && report "ok $n-linux-cannot-allocate-iomem" || report "FAIL $n-linux-cannot-allocate-iomem: not in dmesg"
	echo "note $n dmesg: $l"
	[ -z "$(scratch $n)" ] && report "ok $n-no-xen-scratch" || report "FAIL $n-no-xen-scratch: $(scratch $n)"
	chk_ram_same $n
else
	report "FAIL $n-console: no console log"
fi

# holes-low: extended regions only below the guest's RAM. They hold whole 128 MiB
# sections, but arm64 Linux hot-plugs only above the start of its linear map (the RAM base
# rounded down to 1 GiB without KASLR): the mapping fails as for "small".
n=holes-low
if [ -s "$out/$n.console.log" ]; then
	chk_reg $n
	r=$(g $n result)
	case $r in FAIL*) report "ok $n-mapping-fails-below-ram" ;; *) report "FAIL $n-mapping-fails-below-ram: result '$r'" ;; esac
	echo "note $n guest: $(g $n 'map')"
	l=$(dmesg_of $n | grep -m1 'Cannot allocate new IOMEM resource' || true)
	[ -n "$l" ] && report "ok $n-linux-cannot-allocate-iomem" || report "FAIL $n-linux-cannot-allocate-iomem: not in dmesg"
	[ -z "$(scratch $n)" ] && report "ok $n-no-xen-scratch" || report "FAIL $n-no-xen-scratch: $(scratch $n)"
	chk_ram_same $n
	echo "note $n axl warned: $(grep -c 'warning' "$out/$n.create.log") line(s): $(grep -m1 warning "$out/$n.create.log" || true)"
else
	report "FAIL $n-console: no console log"
fi

# the xl guest: real libxl advertises the same regions as axl's default for this
# config, and the same kernel uses them the same way (checked above)
echo "note xl (libxl $XENVER) regions: $(regions xl | while read -r b l; do printf '0x%x-0x%x ' "$b" "$l"; done)"
if [ -n "$(hexreg xl)" ] && [ "$(hexreg xl)" = "$(hexreg def)" ]; then report "ok xl-regions-equal-axl-default"
else report "FAIL xl-regions-equal-axl-default: xl $(hexreg xl), axl $(hexreg def)"; fi
echo "note require: $(head -n 1 "$out/require.log" 2>/dev/null)"

# ---- timings -------------------------------------------------------------------------------
echo "time guest kernel ($kcached): ${t_kernel}s; axl + grant helpers: ${t_tools}s; dom0 image + boot: ${t_boot}s"
sed 's/^/time /' "$out/times.txt" 2>/dev/null || true
sed 's/^/time /' "$out/timings.txt" 2>/dev/null || true
echo "time run-ext-regions total: $(elapsed "$t_all")s"
echo "ext-regions: $pass passed, $fail failed"
[ "$fail" = 0 ]
