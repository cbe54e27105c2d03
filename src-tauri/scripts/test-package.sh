#!/usr/bin/env bash
# The .deb on a clean system: makes a minimal Debian 12 root with debootstrap (Debian's
# packages only), installs the package there with apt (which pulls in exactly its declared
# dependencies and recommendations), checks the binary finds every library, the desktop entry,
# the icons and a Chinese font, then
# starts the installed `rapport` inside that root under Xvfb and drives it (tests/package/):
# the window appears, a customer is created, "start at login" writes its autostart entry.
# Needs root (debootstrap, chroot, mounts) and the network to Debian's mirror; about 6 minutes
# plus the release build (RAPPORT_DEB=path tests another .deb). Screenshots go to
# $RAPPORT_PACKAGE_SHOTS (default: target/package-test).
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ $(id -u) -eq 0 ]] || { echo "test-package: run as root (debootstrap, chroot and mounts need it)" >&2; exit 1; }
bash src-tauri/scripts/setup.sh --test
command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap
shopt -s nullglob
# RAPPORT_DEB: another package to test (e.g. one bundled from a debug build); else the release
# package, built first when missing.
if [[ -n "${RAPPORT_DEB:-}" ]]; then
  deb=$(realpath "$RAPPORT_DEB")
else
  debs=(target/release/bundle/deb/*.deb)
  ((${#debs[@]})) || { bash src-tauri/scripts/package.sh; debs=(target/release/bundle/deb/*.deb); }
  deb=$(realpath "${debs[-1]}")
fi
export RAPPORT_PACKAGE_SHOTS=${RAPPORT_PACKAGE_SHOTS:-$PWD/target/package-test}
mkdir -p "$RAPPORT_PACKAGE_SHOTS"

# Outside /tmp: the root gets the host's /tmp bind-mounted (the X and D-Bus sockets, and the
# test's profile folders, then have the same paths inside and out).
work=$(mktemp -d /var/tmp/rapport-clean.XXXXXX)
root=$work/root
mounts=()
cleanup() {
  # Processes started inside the root (the app, WebKitWebDriver) first, then the mounts.
  for p in /proc/[0-9]*; do
    [[ "$(readlink "$p/root" 2>/dev/null)" == "$root" ]] && kill -9 "${p#/proc/}" 2>/dev/null
  done
  sleep 0.5
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -R "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}"; done
  rm -rf "$work"
}
trap cleanup EXIT
mount_in() { mkdir -p "$root$2"; mount "${@:3}" "$1" "$root$2"; mounts+=("$root$2"); }

mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
mirror=${mirror:-$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)}
echo "test-package: debootstrap bookworm from ${mirror:-the default mirror}"
start=$SECONDS
debootstrap --variant=minbase bookworm "$root" ${mirror:+"$mirror"} >"$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log"; exit 1; }
echo "test-package: clean root in $((SECONDS - start)) s ($(du -sh "$root" | cut -f1))"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount_in proc /proc -t proc
mount_in /dev /dev --rbind
mount_in /sys /sys --rbind
mount_in /tmp /tmp --bind
cp "$deb" "$root/root/"

start=$SECONDS
chroot "$root" apt-get update -qq
DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -qq "/root/$(basename "$deb")" >"$work/install.log" 2>&1 ||
  { tail -30 "$work/install.log"; exit 1; }
echo "test-package: installed $(basename "$deb") with its dependencies in $((SECONDS - start)) s ($(du -sh "$root/usr" | cut -f1) in /usr)"

fail() { echo "test-package: FAILED: $*" >&2; exit 1; }
[[ -x "$root/usr/bin/rapport" ]] || fail "no /usr/bin/rapport"
missing=$(chroot "$root" ldd /usr/bin/rapport | grep 'not found' || true)
[[ -z "$missing" ]] || fail "libraries the package does not pull in: $missing"
desktop=$(ls "$root"/usr/share/applications/*.desktop 2>/dev/null | head -1)
[[ -n "$desktop" ]] || fail "no desktop entry in /usr/share/applications"
grep -q '^Exec=rapport' "$desktop" || fail "the desktop entry does not start rapport: $(cat "$desktop")"
grep -q '^Icon=rapport' "$desktop" || fail "the desktop entry names no icon"
icons=("$root"/usr/share/icons/hicolor/*/apps/rapport.png)
((${#icons[@]})) || fail "no icon under /usr/share/icons/hicolor"
# The recommended Chinese font (apt installs recommends): without it a bare system draws Chinese
# with whatever it has, or not at all.
cjk=$(chroot "$root" fc-match -f '%{family}' 'sans-serif:lang=zh-cn')
[[ $cjk == *CJK* || $cjk == *WenQuanYi* ]] || fail "no Chinese font came with the package (sans-serif for zh-cn: $cjk)"
echo "test-package: $(basename "$desktop"), ${#icons[@]} icon sizes, every library found, Chinese in ${cjk%%,*}"

# Test tooling only, after the dependency check: WebKit's WebDriver inside the root, so the
# journey drives the installed binary as it runs there.
DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -qq webkit2gtk-driver >>"$work/install.log" 2>&1 ||
  { tail -30 "$work/install.log"; exit 1; }
cat >"$work/native-driver" <<WRAP
#!/bin/sh
exec chroot "$root" /usr/bin/WebKitWebDriver "\$@"
WRAP
chmod +x "$work/native-driver"

RAPPORT_NATIVE_DRIVER=$work/native-driver RAPPORT_BIN=/usr/bin/rapport RAPPORT_E2E_PORT=${RAPPORT_E2E_PORT:-4444} \
  xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  node --test --test-reporter=tap tests/package/installed-app.mjs
echo "test-package: screenshots in $RAPPORT_PACKAGE_SHOTS"
