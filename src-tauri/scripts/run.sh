#!/usr/bin/env bash
# Builds the UI and the app (UI embedded) and starts Rapport on the default customer book
# (the OS app-data folder, or $RAPPORT_DATA_DIR).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash src-tauri/scripts/setup.sh
npm run --silent ui:build
cargo build -p rapport --features custom-protocol
exec target/debug/rapport "$@"
