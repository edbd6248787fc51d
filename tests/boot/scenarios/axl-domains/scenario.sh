# The axl-domains scenario (dom0 side), sourced by the dom0 init with
# check, note, axl_send, wait_log, wait_gone and only_dom0 from
# /lib/axl/boot.sh (mkdom0.sh).  Each check adds one "ok NAME" /
# "FAIL NAME: why" line to checks.txt, which is sent to the host.
#
# What the runner puts into dom0 besides this directory (etc/xen/auto with
# a good, a broken and a stuck guest; etc/default/axl-domains):
#   - axl and the service as users get them: the arm64 axl package
#     unpacked (dpkg -x) onto the root, so /usr/bin/axl,
#     /usr/libexec/axl/axl-domains and /etc/init.d/axl-domains (or
#     make install DESTDIR=... prefix=/usr sysconfdir=/etc);
#   - the busybox guest initramfs of mkguest.sh at /boot/guest.cpio.gz
#     (the guest kernel is dom0's /boot/Image).
# The dom0 init starts the service as an inittab's sysinit line would
# (/etc/init.d/axl-domains start) and stops it as its shutdown line would.
PATH=/usr/bin:/usr/local/bin:$PATH
CON=/var/log/xen/console
: >/tmp/checks.txt
listed() { axl list | awk 'NR > 1 { print $1 }' | grep -qx "$1"; }
not_listed() { ! listed "$1"; }

# Host start: the good guest starts although the broken one fails before.
/etc/init.d/axl-domains start >/tmp/start.log 2>&1
rc=$?
axl_send axl-domains-start.log /tmp/start.log
check start-exit-1 [ "$rc" = 1 ]
check start-order sh -c "grep -n 'auto/' /tmp/start.log | cut -d: -f1,3 |
    tr '\n' ' ' | grep -q '^1:.*10-web.cfg 2:.*20-broken.cfg 3:.*30-stuck.cfg'"
check start-web-created grep -q '10-web.cfg: Created domain "web"' /tmp/start.log
check start-broken-reported grep -q '20-broken.cfg: FAILED: axl: error: kernel' /tmp/start.log
check start-stuck-created grep -q '30-stuck.cfg: Created domain "stuck"' /tmp/start.log
check start-summary grep -q 'start: 2 started, 1 failed' /tmp/start.log
check web-running listed web
check stuck-running listed stuck
check broken-left-nothing not_listed broken
check web-booted wait_log "$CON/guest-web.log" ===GUEST-END=== 120
check status-3-broken-missing sh -c '/etc/init.d/axl-domains status; [ $? = 3 ]'

# Bash completion, as the axl package installs it, on the running guests:
# domain names from the real axl list, commands from the real axl help.
complete_line() { # complete_line LINE: the words bash completion offers
	bash -c '. /usr/share/bash-completion/bash_completion
		. /usr/share/bash-completion/completions/axl
		read -r -a COMP_WORDS <<<"$1"; [[ $1 == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) COMP_LINE=$1 COMP_POINT=${#1}
		_axl axl; printf "%s\n" "${COMPREPLY[@]}"' complete "$1" | sort | tr '\n' ' '
}
completes() { # completes LINE WANTED
	_got=$(complete_line "$1")
	[ "$_got" = "$2 " ] || { echo "[$1] got '$_got', want '$2'"; return 1; }
}
check completion-domain-names completes "axl destroy " "Domain-0 stuck web"
check completion-domain-prefix completes "axl shutdown -w w" "web"
check completion-commands completes "axl d" "destroy devd dmesg dt dt-check"

# Starting again changes nothing.
/etc/init.d/axl-domains start >/tmp/restart.log 2>&1
check restart-skips-web grep -q 'web: already running, skipped' /tmp/restart.log

# Host shutdown: web powers off, stuck is destroyed after the timeout,
# nothing is left.
t0=$(cut -d' ' -f1 /proc/uptime)
/etc/init.d/axl-domains stop >/tmp/stop.log 2>&1
rc=$?
t1=$(cut -d' ' -f1 /proc/uptime)
axl_send axl-domains-stop.log /tmp/stop.log
note "stop took $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') s"
check stop-exit-0 [ "$rc" = 0 ]
check stop-web-shut-down grep -q '^axl-domains: web: shut down' /tmp/stop.log
check stop-stuck-destroyed grep -q 'stuck: still running after 20s, destroyed' /tmp/stop.log
check stop-summary grep -q 'stop: 1 shut down, 1 destroyed, 0 left running' /tmp/stop.log
check web-powered-off grep -q 'Power down' "$CON/guest-web.log"
check nothing-left only_dom0
axl_send checks.txt /tmp/checks.txt
