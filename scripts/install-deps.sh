#!/bin/sh
# Installs the Debian packages axl needs to build and test (bookworm).
# Uses sudo when not run as root.  Installs only what is missing.
set -eu

PACKAGES="gcc make autoconf pkg-config libc6-dev libfdt-dev libxen-dev
libyajl-dev zlib1g-dev libcmocka-dev device-tree-compiler valgrind gzip
bash-completion"

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0

SUDO=""
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
        echo "install-deps: not root and no sudo; install:$missing" >&2
        exit 1
    }
    SUDO=sudo
fi
echo "install-deps: installing$missing"
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
