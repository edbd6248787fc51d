#!/bin/sh
# The axl-domains service against a fake axl (tests/host/fake-axl) on PATH:
# creation order, a broken config not stopping the others, exit statuses,
# shutdown of axl's guests only, the timeout then destroy, the settings.
set -u
top=${AXL_TOP:-.}
svc=$top/tools/hotplug/Linux/axl-domains
initd=$top/tools/hotplug/Linux/init.d/axl-domains
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
check() {   # check NAME CONDITION...
    n=$1
    shift
    if "$@"; then ok "$n"; else bad "$n"; fi
}

for f in "$svc" "$initd"; do
    [ -x "$f" ] || { echo "FAIL $f: not built (make)"; exit 1; }
done
mkdir "$tmp/bin" "$tmp/auto" "$tmp/state"
cp "$top/tests/host/fake-axl" "$tmp/bin/axl"
chmod +x "$tmp/bin/axl"
st=$tmp/state
export FAKE_AXL_STATE=$st AXL_DOMAINS_CONFIG=$tmp/settings
PATH=$tmp/bin:$PATH
settings() {
    printf 'AXL_DOMAINS_AUTO=%s\n' "$tmp/auto" >"$tmp/settings"
    for s in "$@"; do printf '%s\n' "$s" >>"$tmp/settings"; done
}
guest() {   # guest FILE NAME [FAKE-DIRECTIVE]
    { echo "name = \"$2\""; echo 'memory = 256'
      [ -n "${3:-}" ] && echo "# fake: $3"; } >"$tmp/auto/$1"
}
reset() { : >"$st/calls"; : >"$st/domains"; rm -f "$st/list-fails"; }
running() { cut -d' ' -f1 "$st/domains" | sort | tr '\n' ' '; }
calls() { grep "^$1" "$st/calls" | tr '\n' ';'; }
run() {     # run ARGS...: $out, $rc
    out=$("$svc" "$@" 2>&1)
    rc=$?
}
has() { printf '%s\n' "$out" | grep -qF -e "$1"; }

# Start: name order, the broken config fails, the others still start.
settings
reset
guest 10-b.cfg b
guest 02-a.cfg a
guest 30-broken.cfg broken fail
guest 40-c.cfg c
guest 40-c.cfg~ c-old
run start
check start-exit-1-when-one-fails [ "$rc" = 1 ]
check start-name-order [ "$(calls create)" = \
    "create $tmp/auto/02-a.cfg;create $tmp/auto/10-b.cfg;create $tmp/auto/30-broken.cfg;create $tmp/auto/40-c.cfg;" ]
check start-others-running [ "$(running)" = "a b c " ]
check start-log-per-guest has "$tmp/auto/10-b.cfg: Created domain \"b\" (id 2)"
check start-log-failure has \
    "$tmp/auto/30-broken.cfg: FAILED: axl: error: kernel: cannot open /nonexistent"
check start-skips-backups has "$tmp/auto/40-c.cfg~: skipped"
check start-summary has "start: 3 started, 1 failed, 0 already running"

# Start again: the running guests are left alone.
rm "$tmp/auto/30-broken.cfg"
: >"$st/calls"
run start
check restart-exit-0 [ "$rc" = 0 ]
check restart-creates-nothing [ -z "$(calls create)" ]
check restart-log has "a: already running, skipped"

# Status: 0 with every config running, 3 without.
run status
check status-all-running [ "$rc" = 0 ]
guest 50-d.cfg d
run status
check status-one-missing [ "$rc" = 3 ]
check status-log has "$tmp/auto/50-d.cfg: no guest running"

# Stop: axl's guests only, all at once, waiting for the slow one.
reset
guest 10-b.cfg b "slow 2"
guest 02-a.cfg a "slow 2"
"$tmp/bin/axl" create "$tmp/auto/02-a.cfg" >/dev/null
"$tmp/bin/axl" create "$tmp/auto/10-b.cfg" >/dev/null
echo "xlguest 9 xl" >>"$st/domains"
: >"$st/calls"
run stop
check stop-exit-0 [ "$rc" = 0 ]
check stop-only-axl-guests [ "$(running)" = "xlguest " ]
check stop-no-destroy [ -z "$(calls destroy)" ]
check stop-shutdown-calls [ "$(calls shutdown | tr ';' '\n' | sort | tr '\n' ';')" = \
    "shutdown -w a;shutdown -w b;" ]
# At once: both requests made before either guest is gone.
check stop-in-parallel [ "$(grep -n shutdown "$st/calls" | sed -n 3p | \
    cut -d: -f2 | cut -d' ' -f1)" = end ]
check stop-log has "b: shut down"
check stop-summary has "stop: 2 shut down, 0 destroyed, 0 left running"

# Stop with a guest that ignores the request: destroyed after the timeout.
reset
settings AXL_DOMAINS_STOP_TIMEOUT=2
# a shuts down at once (not "slow 2", which would race the 2 s timeout).
guest 02-a.cfg a
guest 60-h.cfg h hang
"$tmp/bin/axl" create "$tmp/auto/02-a.cfg" >/dev/null
"$tmp/bin/axl" create "$tmp/auto/60-h.cfg" >/dev/null
t0=$(date +%s)
run stop
t1=$(date +%s)
check timeout-exit-0 [ "$rc" = 0 ]
check timeout-nothing-left [ -z "$(running)" ]
check timeout-destroy-once [ "$(calls destroy)" = "destroy h;" ]
check timeout-waited [ $((t1 - t0)) -ge 2 ] && [ $((t1 - t0)) -lt 8 ]
check timeout-log has "h: still running after 2s, destroyed"
check timeout-summary has "stop: 1 shut down, 1 destroyed, 0 left running"

# AXL_DOMAINS_STOP=all: xl's guests too; no guest at all: nothing to do.
reset
settings AXL_DOMAINS_STOP=all AXL_DOMAINS_STOP_TIMEOUT=5
echo "xlguest 9 xl" >>"$st/domains"
run stop
check stop-all-exit-0 [ "$rc" = 0 ]
check stop-all-xl-guest [ -z "$(running)" ]
run stop
check stop-none-exit-0 [ "$rc" = 0 ]
check stop-none-log has "stop: no guest to shut down"

# A timeout that is not a number falls back to 300 s, with a warning.
settings AXL_DOMAINS_STOP_TIMEOUT=soon
run stop
check bad-timeout-warns has "AXL_DOMAINS_STOP_TIMEOUT=soon is not a number"

# No Xen (axl list fails): one clear line, exit 1, no create.
reset
settings
touch "$st/list-fails"
run start
check no-xen-start-exit-1 [ "$rc" = 1 ]
check no-xen-log has "cannot list the domains: axl: error: cannot open xenstore"
check no-xen-no-create [ -z "$(calls create)" ]
run stop
check no-xen-stop-exit-1 [ "$rc" = 1 ]

# No directory: nothing to start, success.
reset
settings
sed -i "s|=.*|=$tmp/none|" "$tmp/settings"
run start
check no-dir-exit-0 [ "$rc" = 0 ]
check no-dir-log has "no such directory"

# Options of create from the settings; a wrong verb is a usage error.
reset
settings "AXL_DOMAINS_CREATE_OPTIONS='--ext-regions holes'"
rm -f "$tmp/auto/"*
guest 01-o.cfg o
run start
check create-options [ "$(calls create)" = \
    "create --ext-regions holes $tmp/auto/01-o.cfg;" ]
run bogus
check usage-exit-2 [ "$rc" = 2 ]
out=$(sh "$initd" bogus 2>&1)
check initd-usage-exit-2 [ $? = 2 ]

echo "axl-domains: $pass passed, $fail failed"
[ "$fail" = 0 ]
