#!/usr/bin/env bash
# Installs what the tool and its tests need on a fresh Debian machine with Swift:
# the C libraries (through apt-get) and, with --test, the Python readers the tests use
# to check what the tool writes independently.
set -euo pipefail

packages=(libsqlite3-dev zlib1g-dev libssl-dev libxlsxwriter-dev pkg-config)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "setup: apt-get install ${missing[*]}" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "${1:-}" = "--test" ]; then
    python3 - <<'PY' 2>/dev/null || { echo "setup: pip install test readers" >&2; python3 -m pip install -q --disable-pip-version-check openpyxl xlrd xlwt; }
import openpyxl, xlrd, xlwt
PY
fi
