#!/usr/bin/env bash
# Builds the UI and the app (UI embedded) and starts Rapport on the default customer book
# (the OS app-data folder, or $RAPPORT_DATA_DIR). The app is built with the `fast` profile
# (Cargo.toml): the release build's optimisation without its one-unit link-time optimisation,
# so the first build is shorter and a Rust change relinks in seconds (README, "The two commands").
set -euo pipefail
cd "$(dirname "$0")/../.."
bash src-tauri/scripts/setup.sh
npm run --silent ui:build
cargo build --profile fast -p rapport --features custom-protocol
exec target/fast/rapport "$@"
