#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages SimGate needs to build, test and bundle.
# Idempotent: only installs what is missing. Usage: scripts/install-deps.sh [--with-tauri]
set -euo pipefail

pkgs=(build-essential pkg-config curl file libssl-dev libudev-dev socat
      chromium fonts-dejavu-core
      libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
      xvfb xauth xdotool imagemagick dbus dbus-x11 webkit2gtk-driver rpm)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "installing system packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
