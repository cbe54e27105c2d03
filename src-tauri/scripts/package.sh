#!/usr/bin/env bash
# Builds the Linux packages: a release build of the app (UI embedded, symbols stripped), then
# `tauri bundle` (which packages without compiling again) into target/release/bundle/deb and
# rpm, with SHA256SUMS beside each package. Prints the packages, their sizes and the binary's.
# The .deb is then repacked with xz, as Debian's own packages are (repack-deb.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash src-tauri/scripts/setup.sh
npm run --silent ui:build
cargo build --release -p rapport --features custom-protocol --locked
npx tauri bundle --bundles deb,rpm
out=target/release/bundle
bash src-tauri/scripts/repack-deb.sh "$out"/deb/*.deb
for kind in deb rpm; do
  (cd "$out/$kind" && rm -f SHA256SUMS && sha256sum -- *."$kind" > SHA256SUMS)
done
ls -l target/release/rapport "$out"/deb/*.deb "$out"/rpm/*.rpm | awk '{printf "%6.1f MiB  %s\n", $5/1048576, $9}'
