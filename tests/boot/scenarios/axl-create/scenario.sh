# The axl create scenario (dom0 side), sourced by the dom0 init with
# axl_send, axl_uptime, check, note, wait_log, wait_gone and only_dom0
# from /lib/axl/boot.sh (mkdom0.sh).  Each check adds
# one "ok NAME" / "FAIL NAME: why" line to checks.txt; files the host
# compares are sent too (see run-axl-create.sh for what is compared).
AXL=/usr/bin/axl     # the arm64 axl package (install_axl)
CON=/var/log/xen/console
CFG=/etc/xen/axl
: >/tmp/checks.txt
domid_of() { xl domid "$1" 2>/dev/null; }
expect_fail() { # expect_fail NAME MESSAGE-PART axl-args...: one error, nothing left
	n=$1 msg=$2; shift 2
	$AXL "$@" >/tmp/ef.out 2>&1; rc=$?
	if [ $rc != 0 ] && grep -q "$msg" /tmp/ef.out &&
		[ "$(grep -c '^axl: error:' /tmp/ef.out)" = 1 ] && only_dom0 >/tmp/ef.left 2>&1; then
		echo "ok fail-$n" >>/tmp/checks.txt
	else
		echo "FAIL fail-$n: rc=$rc $(tr '\n' ' ' </tmp/ef.out | head -c 300) left: $(tr '\n' ' ' </tmp/ef.left | head -c 200)" >>/tmp/checks.txt
	fi
}
# 0. The host: axl info says what xl info says; axl dmesg reads Xen's
# console as xl dmesg does, and -c empties it.
info_field() { sed -n "s/^$1 *: //p" "$2" | tr -d '\r'; }
same_field() { # same_field KEY: axl info and xl info agree on KEY
	_a=$(info_field "$1" /tmp/axl.info) _x=$(info_field "$1" /tmp/xl.info)
	[ -n "$_x" ] && [ "$_a" = "$_x" ] || { echo "axl '$_a', xl '$_x'"; return 1; }
}
json_kb() { sed -n 's/.*"total_memory_kb": *\([0-9]*\).*/\1/p' /tmp/axl.info.json; }
dmesg_as_xl() {
	[ "$(head -n 20 /tmp/axl.dmesg)" = "$(head -n 20 /tmp/xl.dmesg)" ] &&
		grep -q 'Xen version' /tmp/axl.dmesg
}
$AXL info >/tmp/axl.info 2>&1
check axl-info-runs [ $? = 0 ]
xl info >/tmp/xl.info 2>&1
for k in xen_version xen_caps nr_cpus total_memory free_memory xen_commandline; do
	check info-$k-equals-xl same_field $k
done
check info-gic-known grep -E -q '^gic_version *: v[23]$' /tmp/axl.info
note "axl info: gic $(info_field gic_version /tmp/axl.info), $(info_field gpaddr_bits /tmp/axl.info) address bits, $(info_field sve_max_bits /tmp/axl.info) SVE bits"
$AXL info --json >/tmp/axl.info.json 2>&1
check info-json-total-memory [ "$(( $(json_kb) / 1024 ))" = "$(info_field total_memory /tmp/xl.info)" ]
$AXL dmesg >/tmp/axl.dmesg 2>&1; arc=$?
xl dmesg >/tmp/xl.dmesg 2>&1
check axl-dmesg-runs [ $arc = 0 ]
check dmesg-starts-as-xl dmesg_as_xl
before=$(wc -l </tmp/xl.dmesg)
$AXL dmesg -c >/dev/null 2>&1
check axl-dmesg-c-runs [ $? = 0 ]
after=$(xl dmesg | wc -l)
ring_emptied() { [ "$before" -gt 20 ] && [ "$after" -lt 5 ]; }
check dmesg-c-empties-the-ring ring_emptied
note "dmesg: $before lines before axl dmesg -c, $after after"

# 1. A busybox guest: create paused, look at it, run it, it powers off.
$AXL create -p $CFG/g1.cfg >/tmp/create.log 2>&1
check create-g1 [ $? = 0 ]
d=$(domid_of g1)
check xl-list-sees-g1 xl list g1
check xenstore-name-g1 [ "$(xenstore-read /local/domain/$d/name)" = g1 ]
check axl-list-paused sh -c "$AXL list | grep -q '^g1 .* --p---'"
$AXL dt --domain g1 -o /tmp/g1.given.dtb
check dt-domain-g1 [ -s /tmp/g1.given.dtb ]
axl_send g1.given.dtb /tmp/g1.given.dtb
note "gpaddr_bits $($AXL list | awk '$1 == "g1" { print $NF }')"
expect_dup() { $AXL create -p -q $CFG/g1.cfg 2>&1 | grep -q "already exists"; }
check duplicate-name-refused expect_dup
$AXL -v -v create -p -q $CFG/g1.cfg 'name="steps"' 2>/tmp/steps.txt
$AXL destroy steps 2>/dev/null
axl_send create-steps.txt /tmp/steps.txt
$AXL unpause g1
check guest-g1-booted wait_log "$CON/guest-g1.log" ===GUEST-END=== 120
check poweroff-destroys-g1 wait_gone g1 60
check nothing-left-after-poweroff only_dom0
axl_send g1.console.log "$CON/guest-g1.log"

# 1b. Xen 4.20: a guest with virtio devices boots and powers off.
if [ -f $CFG/gv.cfg ]; then
	$AXL create -p $CFG/gv.cfg >/tmp/gv.log 2>&1
	check create-gv [ $? = 0 ]
	$AXL dt --domain gv -o /tmp/gv.given.dtb && axl_send gv.given.dtb /tmp/gv.given.dtb
	$AXL unpause gv
	check guest-gv-booted wait_log "$CON/guest-gv.log" ===GUEST-END=== 120
	check poweroff-destroys-gv wait_gone gv 60
	check nothing-left-after-gv only_dom0
	check no-virtio-backend-left-after-gv \
		[ -z "$(xenstore-list /local/domain/0/backend/virtio 2>/dev/null)" ]
	axl_send gv.console.log "$CON/guest-gv.log"
fi

# 2. Policies inside real guests: each guest prints its hypervisor reg.
for g in holes none align128; do
	$AXL create -q $CFG/p-$g.cfg >/tmp/p.log 2>&1
	check create-p-$g [ $? = 0 ]
	$AXL dt --domain p-$g -o /tmp/p-$g.given.dtb 2>/dev/null && axl_send p-$g.given.dtb /tmp/p-$g.given.dtb
	check guest-p-$g-booted wait_log "$CON/guest-p-$g.log" ===GUEST-END=== 120
	wait_gone p-$g 60
	axl_send p-$g.console.log "$CON/guest-p-$g.log"
done

# 3. shutdown -w, reboot (the monitor restarts it), pause/unpause, destroy.
$AXL create -q $CFG/stay.cfg
d=$(domid_of stay)
check stay-booted wait_log "$CON/guest-stay.log" ===GUEST-END=== 120
$AXL pause stay
check pause sh -c "$AXL list | grep -q '^stay .* --p---'"
$AXL unpause stay
check unpause sh -c "$AXL list | grep -q '^stay .* r-----\|^stay .* ------'"
: >"$CON/guest-stay.log"
$AXL reboot stay
i=0
while [ "$(domid_of stay)" = "$d" ] || [ -z "$(domid_of stay)" ]; do
	i=$((i + 1)); [ $i -le 600 ] || break; usleep 100000
done
d2=$(domid_of stay)
check reboot-restarts [ -n "$d2" ] && [ "$d2" != "$d" ]
check old-domain-nodes-gone sh -c "! xenstore-exists /local/domain/$d"
check rebooted-guest-runs wait_log "$CON/guest-stay.log" ===GUEST-END=== 120
check shutdown-w sh -c "timeout 90 $AXL shutdown -w stay"
check nothing-left-after-shutdown only_dom0
$AXL create -q $CFG/stay.cfg
check destroy $AXL destroy stay
check nothing-left-after-destroy only_dom0

# 4. Failure injection: one error line, no domain, no xenstore node.
# More than the host has free: found only when libxenguest populates RAM.
big=$(( $(xl info | sed -n 's/^free_memory *: //p') + 256 ))
expect_fail memory "memory" create -p $CFG/g1.cfg memory=$big
expect_fail kernel "kernel: cannot open" create -p $CFG/g1.cfg 'kernel="/boot/missing"'
expect_fail ramdisk "ramdisk" create -p $CFG/g1.cfg 'ramdisk="/nonexistent"'
expect_fail bad-kernel "not an arm64 Image" create -p $CFG/g1.cfg 'kernel="/etc/xen/axl/g1.cfg"'
expect_fail require "ext_regions_require" create -p $CFG/g1.cfg 'ext_regions_require="2T"'
expect_fail irq "irqs" create -p $CFG/g1.cfg 'irqs=["200"]'
expect_fail vgicv2 "xen: domain creation failed" create -p $CFG/g1.cfg 'gic_version="v2"'

# 5. 20 create/destroy cycles leave the free memory where it was.
free0=$(xl info | sed -n 's/^free_memory *: //p')
i=0
while [ $i -lt 20 ]; do
	$AXL create -q -p $CFG/g1.cfg && $AXL destroy g1 || break
	i=$((i + 1))
done
free1=$(xl info | sed -n 's/^free_memory *: //p')
check twenty-cycles [ $i = 20 ]
check free-memory-unchanged [ "$free0" = "$free1" ]
note "free_memory before $free0 MiB after $free1 MiB over $i cycles"
check nothing-left-after-cycles only_dom0

# 6. Real libxl against axl for the reference configs and ours. disk-virtio
# needs its target, and a virtio-disk backend: Debian has none for arm64,
# so a stand-in does the xenbus handshake a real one does (InitWait when
# a device appears, Closed when the toolstack closes it) and nothing else
# (the guests stay paused). The other virtio devices stay unconnected.
# The device nodes (frontends, and dom0's backends) of each domain are
# compared too, with its domid written as D.
head -c 1048576 /dev/zero >/tmp/vdisk.img
virtio_disk_handshake() {
	xenstore-watch /local/domain/0/backend/virtio_disk 2>/dev/null | while read -r p; do
		case $p in */state) ;; *) continue ;; esac
		case $(xenstore-read "$p" 2>/dev/null) in
		1) xenstore-write "$p" 2 ;;
		5) xenstore-write "$p" 6 ;;
		esac
	done
}
virtio_disk_handshake &
vdb=$!
xs_devices() { # xs_devices DOMID OUT
	{
		xenstore-ls -f "/local/domain/$1/device" 2>/dev/null
		for t in $(xenstore-list /local/domain/0/backend 2>/dev/null); do
			xenstore-ls -f "/local/domain/0/backend/$t/$1" 2>/dev/null
		done
	} | sed -E -e "s#^/local/domain/$1/#/local/domain/D/#" \
		-e "s#^(/local/domain/0/backend/[^/]+)/$1/#\1/D/#" \
		-e "s#\"/local/domain/$1/#\"/local/domain/D/#" \
		-e "s#(\"/local/domain/0/backend/[^/]+)/$1/#\1/D/#" \
		-e "s#/(frontend-id|backend-id) = \"$1\"\$#/\1 = \"D\"#" | LC_ALL=C sort >"$2"
}
for cfg in /etc/xen/ref/*.cfg; do
	n=${cfg##*/}; n=${n%.cfg}
	rm -f /tmp/$n.xl.dtb /tmp/$n.axl.dtb /tmp/$n.*.xs
	LIBXL_DEBUG_DUMP_DTB=/tmp/$n.xl.dtb timeout 60 xl create -p "$cfg" >/tmp/$n.xl.log 2>&1
	echo "rc=$?" >>/tmp/$n.xl.log
	d=$(domid_of "$n")
	[ -n "$d" ] && xs_devices "$d" /tmp/$n.xl.xs
	timeout 60 xl destroy "$n" >/dev/null 2>&1
	timeout 60 $AXL create -q -p "$cfg" >/tmp/$n.axl.log 2>&1
	echo "rc=$?" >>/tmp/$n.axl.log
	d=$(domid_of "$n")
	if [ -n "$d" ]; then
		$AXL dt --domain "$n" -o /tmp/$n.axl.dtb >>/tmp/$n.axl.log 2>&1
		xs_devices "$d" /tmp/$n.axl.xs
	fi
	timeout 60 $AXL destroy "$n" >/dev/null 2>&1 || timeout 60 xl destroy "$n" >/dev/null 2>&1
	axl_send ref-$n.xl.log /tmp/$n.xl.log
	axl_send ref-$n.axl.log /tmp/$n.axl.log
	for f in xl.dtb axl.dtb xl.xs axl.xs; do
		[ -f /tmp/$n.$f ] && axl_send ref-$n.$f /tmp/$n.$f
	done
done
check nothing-left-after-references only_dom0
kill $vdb 2>/dev/null; killall xenstore-watch 2>/dev/null
# Without a backend both give up after the 10 s wait; axl says why.
if [ -f /etc/xen/ref/disk-virtio.cfg ]; then
	expect_fail virtio-disk-without-backend "disk xvda: no virtio-disk backend answered within 10 s" \
		create -p /etc/xen/ref/disk-virtio.cfg
	timeout 60 xl create -p /etc/xen/ref/disk-virtio.cfg >/tmp/vd-xl.log 2>&1
	note "xl create without a virtio-disk backend: rc=$? $(grep -m1 -i error /tmp/vd-xl.log | head -c 160)"
	timeout 60 xl destroy disk-virtio >/dev/null 2>&1
	check nothing-left-after-virtio-disk-failures only_dom0
fi

# 7. Last, as it cannot be undone cleanly: xenstored hung, then dead.
# axl must refuse before creating anything; the domain list (from Xen,
# through a new xenstored) shows dom0 alone.
xs_fail() { # xs_fail NAME
	timeout 30 $AXL create -p $CFG/g1.cfg >/tmp/xsdown.out 2>&1
	xrc=$?
	if [ $xrc != 0 ] && [ $xrc != 124 ] && grep -q "xenstore" /tmp/xsdown.out &&
		[ "$(grep -c '^axl: error:' /tmp/xsdown.out)" = 1 ]; then
		echo "ok fail-$1" >>/tmp/checks.txt
	else
		echo "FAIL fail-$1: rc=$xrc $(tr '\n' ' ' </tmp/xsdown.out | head -c 200)" >>/tmp/checks.txt
	fi
}
xsd=$(cat /run/xenstored.pid)
kill -STOP "$xsd"
xs_fail xenstore-hung
kill -9 "$xsd"
kill -CONT "$xsd" 2>/dev/null
i=0
while kill -0 "$xsd" 2>/dev/null; do
	i=$((i + 1)); [ $i -le 50 ] || break; usleep 100000
done
xs_fail xenstore-dead
rm -f /run/xenstored/socket /run/xenstored/socket_ro
xenstored --pid-file=/run/xenstored.pid >/dev/null 2>&1
sleep 1
check nothing-left-after-xenstore-down \
	[ "$(timeout 30 xl list 2>/dev/null | tail -n +2 | wc -l)" = 1 ]

axl_send checks.txt /tmp/checks.txt
