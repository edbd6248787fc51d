#!/bin/bash
# xsa300-plot.sh SAMPLES OUT.svg TITLE: the plot of run-xsa300.sh, from its samples.txt (or
# several runs' samples concatenated): the driver domain's MemTotal (solid) and MemFree
# (dashed), in MiB, against the grants of its frontends it has mapped (gatt + gvic), one
# colour per policy in the order the policies first appear; from the samples before, while
# the victim runs and during the attack (not those after it: nothing is mapped then).
# gnuplot's svg terminal; exits non-zero with gnuplot's first lines when it fails.
. "$(dirname "$0")/lib.sh"
[ $# = 3 ] || die "usage: xsa300-plot.sh SAMPLES OUT.svg TITLE"
S=$1 plot=$2 title=$3
[ -s "$S" ] || die "xsa300-plot: no samples in $S"
need_cmd gnuplot
tmp=$(mktemp -d "${TMPDIR:-/tmp}/axl-plot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
partial=$plot.partial
{
	echo "set terminal svg size 860,520 dynamic font 'sans,12' background '#ffffff'"
	echo "set output '$partial'"
	echo "set title '${title//\'/}'"
	echo "set xlabel 'grants of its frontends mapped by the driver domain (4 KiB pages)'"
	echo "set ylabel 'driver domain memory (MiB)'"
	echo "set key outside right top"
	echo "set grid"
	printf "plot "
	sep="" k=0
	for p in $(awk '!seen[$1]++ { print $1 }' "$S"); do
		awk -v p="$p" '$1 == p && ($2 == "before" || $2 == "victim" || $2 == "attack") {
			a = 0; v = 0; t = ""; f = ""
			for (i = 4; i <= NF; i++) {
				if ($i ~ /^gatt=/) a = substr($i, 6); if ($i ~ /^gvic=/) v = substr($i, 6)
				if ($i ~ /^memtotal=/) t = substr($i, 10); if ($i ~ /^memfree=/) f = substr($i, 9)
			}
			if (t != "") printf "%d %.1f %.1f\n", a + v, t / 1024, f / 1024 }' "$S" | sort -n >"$tmp/$p.dat"
		[ -s "$tmp/$p.dat" ] || continue
		k=$((k + 1))
		printf "%s'%s' using 1:2 with linespoints linecolor %d pointtype %d title '%s: MemTotal', '%s' using 1:3 with linespoints linecolor %d pointtype %d dashtype 2 title '%s: MemFree'" \
			"$sep" "$tmp/$p.dat" $k $((2 * k)) "$p" "$tmp/$p.dat" $k $((2 * k)) "$p"
		sep=", "
	done
	echo
} >"$tmp/plot.gp"
[ -n "$sep" ] || die "xsa300-plot: no sample to plot in $S"
if ! gnuplot "$tmp/plot.gp" 2>"$tmp/gnuplot.log" || [ ! -s "$partial" ]; then
	rm -f "$partial"
	die "xsa300-plot: gnuplot failed: $(head -n 3 "$tmp/gnuplot.log" | tr '\n' ' ')"
fi
mv "$partial" "$plot"
