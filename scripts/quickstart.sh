#!/bin/sh
# Quick start: install what is needed, build axl, then run it on the
# bundled example: print the guest memory map and write the guest DTB.
set -eu
cd "$(dirname "$0")/.."

scripts/install-deps.sh
[ -f config.mk ] || ./configure -q
make -s -j"$(nproc)"
make -s examples/Image

echo "== tools/xl/axl memmap examples/guest.cfg"
tools/xl/axl memmap examples/guest.cfg
tools/xl/axl dt -o guest.dtb examples/guest.cfg
echo "== wrote guest.dtb ($(wc -c < guest.dtb) bytes); its /hypervisor node:"
tools/xl/axl dt --dts examples/guest.cfg | sed -n '/hypervisor {/,/};/p'
