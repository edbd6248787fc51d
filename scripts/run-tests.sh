#!/bin/sh
# Runs every test: installs what is missing, configures, builds, runs
# make check (unit, golden, command-line, ABI, valgrind), then the boot
# tests under QEMU on real Xen 4.17 (bookworm's packages) and Xen 4.20
# (trixie's), each with axl's arm64 packages built for its release in a
# chroot of it and installed into dom0 (tests/boot/run-all.sh; Debian's
# arm64 packages and the chroots are kept in the boot cache). AXL_BOOT_XEN="4.17" or "4.20" runs one
# version only; AXL_SKIP_BOOT=1 leaves the boot tests out.
set -eu
cd "$(dirname "$0")/.."

scripts/install-deps.sh
[ -f config.mk ] || ./configure -q
make -s -j"$(nproc)"
make -s check
if [ "${AXL_SKIP_BOOT:-0}" = 1 ]; then
    echo "boot tests skipped (AXL_SKIP_BOOT=1)"
    exit 0
fi
# One cache for every clone on this machine: downloads and the guest
# kernel are kept between runs.
: "${AXL_BOOT_CACHE:=${XDG_CACHE_HOME:-$HOME/.cache}/axl-boot}"
export AXL_BOOT_CACHE
bash tests/boot/run-all.sh
