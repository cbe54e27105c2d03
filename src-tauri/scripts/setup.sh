#!/usr/bin/env bash
# Installs what building (and, with --test, testing) Rapport needs on Debian/Ubuntu, telling
# the user what it installs. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

BUILD_PKGS=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config fonts-noto-cjk)
# postgresql: rapport-sync's tests run a throwaway cluster (initdb + pg_ctl as the postgres user).
TEST_PKGS=(xvfb xauth webkit2gtk-driver dbus dbus-x11 dunst libnotify-bin imagemagick xdotool python3
  postgresql gnome-keyring)
TAURI_DRIVER_VERSION=2.1.0

want=("${BUILD_PKGS[@]}")
[[ "${1:-}" == "--test" ]] && want+=("${TEST_PKGS[@]}")

if command -v dpkg-query >/dev/null; then
  missing=()
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "rapport: installing system packages: ${missing[*]}"
    sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
  fi
else
  echo "rapport: not a Debian/Ubuntu system; see README.md for the packages your system needs" >&2
fi

if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "rapport: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi

if [[ "${1:-}" == "--test" ]] && ! command -v tauri-driver >/dev/null; then
  echo "rapport: installing tauri-driver $TAURI_DRIVER_VERSION (cargo install)"
  cargo install tauri-driver --locked --version "$TAURI_DRIVER_VERSION"
fi
