#!/usr/bin/env bash
# Installs what Safekeep needs to build, run and test, skipping whatever is
# already there, so running it again costs a second. Debian/Ubuntu only.
set -euo pipefail

# Build: the app's WebKitGTK stack. Run: a Secret Service (gnome-keyring).
# Tests: a private session bus, oathtool as the codes' oracle, Xvfb and
# WebKitWebDriver for the real-window tests, qrencode to draw test QR codes,
# rsvg-convert and zbarimg to read back the QR codes the app draws, strace to
# prove the app opens no network socket, debootstrap to install the .deb into
# a clean Debian root, python3-dbus-next for a tray host (StatusNotifierWatcher)
# of the tests' own, xterm for a window the quick pick types into, syncthing
# for two computers sharing a folder through a real sync engine
# (crates/testkit/src/syncthing.rs starts its own instances; none runs as a
# service).
PACKAGES=(
  build-essential pkg-config
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libssl-dev
  dbus dbus-x11 gnome-keyring libsecret-tools
  oathtool xvfb xdotool xterm xclip webkit2gtk-driver imagemagick qrencode librsvg2-bin zbar-tools zip
  strace debootstrap python3-dbus-next syncthing faketime
)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -q \
    --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  # Debian 13 and Ubuntu 24.04 package rustup; older releases need it from rustup.rs.
  if apt-cache show rustup >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y -q rustup
    rustup default stable
  else
    echo "setup: Rust is missing; install it from https://rustup.rs and run this again" >&2
    exit 1
  fi
fi

# The end-to-end tests reach the app window through tauri-driver.
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver" >&2
  cargo install tauri-driver --locked --version "^2"
fi

# The accessibility tests inject axe-core (a test tool, MPL-2.0, never
# shipped) into the real window; npm installs the version tests/axe pins.
axe_dir="$(cd "$(dirname "$0")/../tests/axe" && pwd)"
if [ ! -f "$axe_dir/node_modules/axe-core/axe.min.js" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup: installing npm" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -q \
      --no-install-recommends nodejs npm
  fi
  echo "setup: installing axe-core for the accessibility tests" >&2
  (cd "$axe_dir" && npm ci --no-audit --no-fund)
fi
