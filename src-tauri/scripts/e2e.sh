#!/usr/bin/env bash
# End-to-end journeys in the real app window: a virtual X display and a private session bus
# around node's test runner; each journey starts tauri-driver with its own data folder.
# Journeys run one at a time because tauri-driver's ports are fixed. They drive the release
# build, the binary the packages ship (`npm test` builds it first); RAPPORT_BIN=…/target/debug/
# rapport drives a debug build instead.
set -euo pipefail
cd "$(dirname "$0")/../.."
export RAPPORT_BIN=${RAPPORT_BIN:-$PWD/target/release/rapport}
[[ -x $RAPPORT_BIN ]] || { echo "e2e: no app at $RAPPORT_BIN (cargo build --release -p rapport --features custom-protocol)" >&2; exit 1; }
# The team journeys' headless colleagues (rapport-sync's example; `cargo test` builds it too).
[[ -x target/debug/examples/team_colleague ]] || cargo build -p rapport-sync --example team_colleague --locked
exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  node --test --test-concurrency=1 --test-reporter=tap tests/e2e/
