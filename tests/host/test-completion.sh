#!/bin/bash
# bash completion of axl (tools/completion/axl) with bash-completion:
# commands, options from the usage, option values, config keys from the key
# table, domain names from axl list (a fake list, tests/host/fake-axl).
set -u
top=${AXL_TOP:-.}
real=${AXL:-$top/tools/xl/axl}
bc=/usr/share/bash-completion/bash_completion
if [ ! -r "$bc" ]; then
    echo "completion: bash-completion not installed (Debian package" \
         "bash-completion)" >&2
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0

# axl on PATH: the real command, but list answers from the fake's state.
mkdir "$tmp/bin" "$tmp/state"
real=$(cd "$(dirname "$real")" && pwd)/$(basename "$real")
cat >"$tmp/bin/axl" <<SH
#!/bin/sh
[ "\$1" = list ] && exec sh "$(cd "$top" && pwd)/tests/host/fake-axl" "\$@"
exec "$real" "\$@"
SH
chmod +x "$tmp/bin/axl"
export FAKE_AXL_STATE=$tmp/state
printf 'web 3 axl\ndb-1 4 xl\n' >"$tmp/state/domains"
PATH=$tmp/bin:$PATH

# shellcheck disable=SC1090
. "$bc"
# shellcheck disable=SC1091
. "$top/tools/completion/axl"

# expect LINE WANTED: the words of LINE (the last one being completed)
# complete to exactly WANTED (sorted, space separated).
expect() {
    local line=$1 want=$2 got
    read -r -a COMP_WORDS <<<"$line"
    [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE=$line
    COMP_POINT=${#line}
    COMPREPLY=()
    _axl axl
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sort -u | tr '\n' ' ')
    got=${got% }
    if [ "$got" = "$want" ]; then
        pass=$((pass + 1)); echo "ok [$line]"
    else
        fail=$((fail + 1)); echo "FAIL [$line]: got \"$got\", want \"$want\""
    fi
}

cd "$top" || exit 1
expect "axl " "block-attach block-detach block-list console create destroy devd dmesg dt dt-check help info list memmap network-attach network-detach network-list pause reboot shutdown unpause"
expect "axl network-" "network-attach network-detach network-list"
expect "axl block-detach -" "--force -f"
expect "axl block-list " "Domain-0 db-1 web"
expect "axl d" "destroy devd dmesg dt dt-check"
expect "axl devd -" "-F -p"
expect "axl -" "--help --version -v"
expect "axl -v cr" "create"
expect "axl help me" "memmap"
expect "axl dt-check --" "--json --page-size --strict"
expect "axl create -" "--ext-regions --ext-regions-align --ext-regions-limit --ext-regions-max --ext-regions-min-size --ext-regions-require --ext-regions-size -c -n -p -q"
expect "axl dt --xen" "--xen-version"
expect "axl dt --xen-version " "4.17 4.20"
expect "axl memmap --ext-regions " "holes none ram"
expect "axl dt-check --page-size 1" "16K"
expect "axl console -t " "pv vuart"
expect "axl destroy " "Domain-0 db-1 web"
expect "axl shutdown -w w" "web"
expect "axl dt --domain d" "db-1"
expect "axl destroy web " ""
expect "axl memmap examples/gu" "examples/guest.cfg"
expect "axl memmap examples/guest.cfg mem" "memory="
expect "axl dt -o x.dtb examples/guest.cfg ext_regions_a" "ext_regions_align="
expect "axl create --ext-regions holes examples/guest.cfg max" \
       "max_grant_frames= max_maptrack_frames= maxmem= maxvcpus="
expect "axl memmap examples/guest.cfg memory=" ""

echo "completion: $pass passed, $fail failed"
[ "$fail" = 0 ]
