#!/usr/bin/env bash
# Runs every fuzz target (or those named) for MINUTES minutes each, one after the other,
# seeded from tests/fixtures/ (and fuzz/seeds/), with the limits of the closing report:
#   RUSTC_BOOTSTRAP=1 MINUTES=10 bash fuzz/run.sh [target …]
# Needs `cargo install cargo-fuzz`. Findings land in fuzz/artifacts/<target>/ (a crash, an
# out-of-memory or a timeout each stop that target's run); the last lines of each run's log
# (fuzz/logs/<target>.log) give executions, coverage and the corpus size. Every finding
# becomes a file in tests/fixtures/hostile/, which `npm test` runs without the fuzzer.
set -euo pipefail
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
MINUTES="${MINUTES:-10}"
# Safe Rust needs no AddressSanitizer to find panics, hangs and memory blow-ups, and builds
# and runs several times faster without it; SANITIZER=address brings it back.
SAN="${SANITIZER:-none}"
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(workbook import_file text vcard plan backup json_book)
FIX=../tests/fixtures

seed() { # target, files…
  local dir="corpus/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/seed-$(basename "$f" | md5sum | cut -c1-12)"; done
  return 0
}
seed workbook $FIX/*.xlsx $FIX/*.xls $FIX/*.ods $FIX/hostile/*.xls
seed text $FIX/*.csv
seed vcard $FIX/*.vcf
seed backup seeds/backup/*
seed json_book $FIX/*.json
seed plan
# import_file: the first byte picks a prefix; 3 is none, so a fixture is read as it is.
mkdir -p corpus/import_file
for f in $FIX/*.*; do
  case "$f" in *.py|*.json|*.md) continue;; esac
  { printf '\003'; cat "$f"; } > "corpus/import_file/seed-$(basename "$f" | md5sum | cut -c1-12)"
done

nice -n 19 cargo fuzz build -O -s "$SAN" >/dev/null
mkdir -p logs
for t in "${TARGETS[@]}"; do
  echo "== $t: $MINUTES min"
  cargo fuzz run -O -s "$SAN" "$t" "corpus/$t" -- \
    -max_total_time=$((MINUTES * 60)) -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    >"logs/$t.log" 2>&1 || echo "   $t stopped on a finding: see fuzz/artifacts/$t/"
  grep -E "^#[0-9]+.*(DONE|pulse|NEW)" "logs/$t.log" | tail -1
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "logs/$t.log" || true
  ls "artifacts/$t" 2>/dev/null | sed 's/^/   finding: /' || true
done
