#!/usr/bin/env bash
# Debian packages for development and tests: QGIS 3.22 LTR with its Python bindings, Xvfb for the
# desktop tests, Qt's lrelease and pylupdate5 for translations, and debootstrap for the root filesystem
# of another QGIS (scripts/qgis_root.sh). Installs only what is missing.
set -euo pipefail

packages=(qgis python3-qgis qgis-providers python3-venv xvfb xauth x11-utils
          qttools5-dev-tools pyqt5-dev-tools debootstrap)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "Installing ${missing[*]} needs root (or sudo)." >&2; exit 1; }
    sudo=sudo
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
