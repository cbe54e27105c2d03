#!/usr/bin/env bash
# Screenshots of the real app (demo book; list, form, settings, tags; import, a legacy sheet's
# rows and its money columns too; export and backups; agenda and its complaints; products; pipeline and dashboard; stage
# settings and the list's selection; the stage playbook's tasks; pinyin search, last contact and the untouched mark; who
# did it; needs changes on the timeline; a team book's conflicts, its conflict banner, a customer's audit and every
# sync status; Chinese and English)
# into tests/screenshots/. Builds the app first.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash src-tauri/scripts/setup.sh --test
npm run --silent ui:build
cargo build -p rapport --features custom-protocol
cargo build -p rapport-core --example team_conflicts_book
cargo build -p rapport-sync --example team_colleague
export RAPPORT_BIN=$PWD/target/debug/rapport
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-import.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-json.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-agenda.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-complaints.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-products.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-money.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-import-rows.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-pipeline.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-stages.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-tasks.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-who.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-performance.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-needs.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-contact.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-privacy.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-conflicts.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-team.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-team-audit.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-team-first-sync.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-team-pool.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-team-join.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-team-refused.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-assign.mjs
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/screenshots-team-settings.mjs
