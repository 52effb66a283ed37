#!/usr/bin/env bash
# Sets up what is missing and runs every check and test, the way CI does:
# formatting, lints, then all tests inside a private D-Bus session with its
# own unlocked gnome-keyring, so the real Secret Service is exercised without
# touching the keyring of the person running it.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo build --workspace --all-targets --locked
# Licenses, duplicate bans and sources of every dependency (advisories only
# where a RustSec database is already on disk; see the script).
scripts/deny.sh

keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home"
# Tests that need the real keychain use their own service names as well.
export SAFEKEEP_KEYRING_SERVICE="safekeep-test-$$"
dbus-run-session -- bash -c '
  set -euo pipefail
  # --unlock reads the login keyring password from stdin and creates the
  # keyring on first use; --components=secrets is just the Secret Service.
  echo -n "safekeep-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  cargo test --workspace --locked "$@"
' test-session "$@"

# A short bounded run of every fuzz target from its seeds (fuzz/README.md
# says how to run longer ones).
scripts/fuzz.sh 5

# The release packages: build the .deb (and the AppImage where GitHub is
# reachable), check what the .deb holds, then install it with apt into a clean
# Debian root and start the app from there (as root: debootstrap, chroot).
deb=$(scripts/package.sh | grep '\.deb$')
scripts/check-package.sh "$deb"
if [ "$(id -u)" -eq 0 ]; then
  scripts/check-install.sh "$deb"
else
  sudo scripts/check-install.sh "$deb"
fi
