#!/bin/sh
# Prints the xl.cfg keys axl reads, space separated, from its key table:
# the READ() entries of tools/xl/axl_keys.c, or where that table does not
# exist the known_keys[] array of tools/xl/axl_parse.c.
set -eu
top=${1:-.}
if [ -f "$top/tools/xl/axl_keys.c" ]; then
    grep -o 'READ("[a-z0-9_]*")' "$top/tools/xl/axl_keys.c" |
        sed 's/READ("\(.*\)")/\1/'
else
    sed -n '/known_keys\[\] = {/,/};/p' "$top/tools/xl/axl_parse.c" |
        grep -o '"[a-z0-9_]*"' | tr -d '"'
fi | sort -u | tr '\n' ' ' | sed 's/ $//'
