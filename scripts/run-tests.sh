#!/bin/sh
# Runs every test: installs what is missing, configures, builds, make check.
set -eu
cd "$(dirname "$0")/.."

scripts/install-deps.sh
[ -f config.mk ] || ./configure -q
make -s -j"$(nproc)"
make -s check
