#!/usr/bin/env bash
# End-to-end journeys in the real app window: a virtual X display and a private session bus
# around node's test runner; each journey starts tauri-driver with its own data folder.
# Journeys run one at a time because tauri-driver's ports are fixed.
set -euo pipefail
cd "$(dirname "$0")/../.."
export RAPPORT_BIN=${RAPPORT_BIN:-$PWD/target/debug/rapport}
exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  node --test --test-concurrency=1 --test-reporter=tap tests/e2e/
