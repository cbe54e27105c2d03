#!/usr/bin/env bash
# Runs every check and test of Rapport and ends with one line "N passed, N failed".
# Steps: formatting, clippy (warnings denied), generated TypeScript types up to date, domain and
# shell tests, UI type check and UI tests (fake backend), then end-to-end journeys in the real
# app under Xvfb + dbus-run-session through tauri-driver. The journeys drive the release build
# (UI embedded, the binary the packages ship; `npm run package` then reuses it).
set -uo pipefail
cd "$(dirname "$0")/../.."
bash src-tauri/scripts/setup.sh --test || { echo "0 passed, 1 failed"; exit 1; }

logs=$(mktemp -d)
passed=0 failed=0
failures=()

# step NAME CMD...: runs a check; counts it as one test unless a counter below reads its log.
step() {
  local name=$1; shift
  echo "== $name"
  if "$@" >"$logs/$name.log" 2>&1; then
    echo "   ok"
    return 0
  else
    echo "   FAILED (last lines below)"; tail -40 "$logs/$name.log"
    failures+=("$name")
    return 1
  fi
}
count_check() { if step "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi; }

# Sums "test result: ok. N passed; M failed" lines of cargo test.
count_cargo() {
  local p f
  p=$(grep -Eo '[0-9]+ passed' "$1" | awk '{s+=$1} END {print s+0}')
  f=$(grep -Eo '[0-9]+ failed' "$1" | awk '{s+=$1} END {print s+0}')
  passed=$((passed + p)); failed=$((failed + f))
}

count_check fmt cargo fmt --all --check
step ui-build npm run --silent ui:build || failed=$((failed + 1))
count_check clippy cargo clippy --workspace --all-targets --locked -- -D warnings

# Regenerate the TS types and fail if the committed ones differ.
bindings() {
  cargo test -p rapport-core --locked export_bindings >/dev/null &&
    git diff --exit-code -- ui/src/lib/bindings &&
    test -z "$(git status --porcelain -- ui/src/lib/bindings)"
}
count_check bindings bindings

step cargo-test cargo test --workspace --locked
count_cargo "$logs/cargo-test.log"
grep -q 'test result' "$logs/cargo-test.log" || failed=$((failed + 1))

count_check ui-check npm run --silent ui:check

step ui-test npx vitest run --config ui/vite.config.ts --reporter=default --reporter=json --outputFile="$logs/vitest.json"
if [[ -f "$logs/vitest.json" ]]; then
  read -r p f < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests, r.numFailedTests)' "$logs/vitest.json")
  passed=$((passed + p)); failed=$((failed + f))
else
  failed=$((failed + 1))
fi

if step app-build cargo build --release -p rapport --features custom-protocol --locked; then
  step e2e bash src-tauri/scripts/e2e.sh
  p=$(grep -Eo '^(# |ℹ )pass [0-9]+' "$logs/e2e.log" | grep -Eo '[0-9]+' | tail -1)
  f=$(grep -Eo '^(# |ℹ )fail [0-9]+' "$logs/e2e.log" | grep -Eo '[0-9]+' | tail -1)
  cat "$logs/e2e.log" | grep -E '^(ok|not ok|# (pass|fail))' || true
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-1}))
else
  failed=$((failed + 1))
fi

echo
[[ ${#failures[@]} -gt 0 ]] && echo "failed steps: ${failures[*]} (logs in $logs)"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && ${#failures[@]} -eq 0 ]]
