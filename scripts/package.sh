#!/usr/bin/env bash
# Builds Safekeep's release packages for Linux: a .deb, and an AppImage where
# the machine can reach GitHub. Both hold the app (safekeep-app), its icon and
# desktop entry, and the `safekeep` command line at /usr/bin/safekeep.
#
# Tauri's bundler makes an AppImage with linuxdeploy, which it downloads from
# GitHub on first use (into ~/.cache/tauri). Where GitHub is out of reach, as
# on our machines and CI, that download fails: the .deb is still built, the
# script says the AppImage needs GitHub, and it exits 0. Any other failure of
# the AppImage fails the script.
#
# Prints the path of each package it built on stdout, one a line.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bundle.sh

scripts/setup.sh

# The CLI that builds the bundles: Tauri's prebuilt tauri-cli from npm, pinned
# with its checksum in scripts/tauri-cli/package-lock.json. It is the same
# release as the tauri-cli crate; `cargo install tauri-cli` would compile it,
# which takes some 20 minutes on two cores, and CI packages on every run.
# tauri-cli 2.11.x uses tauri-utils 2.9.x, as the tauri 2.11.x in Cargo.lock
# does, so both read tauri.conf.json the same way.
TAURI_UTILS_SERIES="2.9"
if ! command -v npm >/dev/null 2>&1; then
  echo "package: installing npm (Debian's), to fetch tauri-cli" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends npm
fi
tauri_cli_dir=scripts/tauri-cli
tauri_cli="$PWD/$tauri_cli_dir/node_modules/.bin/tauri"
pinned=$(sed -n 's/.*"@tauri-apps\/cli": "\([^"]*\)".*/\1/p' "$tauri_cli_dir/package.json")
if [ "$("$tauri_cli" --version 2>/dev/null || true)" != "tauri-cli $pinned" ]; then
  echo "package: installing tauri-cli $pinned from npm (scripts/tauri-cli)" >&2
  npm ci --prefix "$tauri_cli_dir" --no-audit --no-fund >&2
fi
echo "package: using $("$tauri_cli" --version)" >&2
locked_utils=$(sed -n '/^name = "tauri-utils"$/{n;s/^version = "\(.*\)"$/\1/p;q}' Cargo.lock)
case "$locked_utils" in
  "$TAURI_UTILS_SERIES".*) ;;
  *) echo "package: warning: Cargo.lock has tauri-utils $locked_utils but tauri-cli $pinned was made for $TAURI_UTILS_SERIES.x; update scripts/tauri-cli/package.json" >&2 ;;
esac

target_dir=$(cargo_target_dir)
bundle_dir="$target_dir/release/bundle"

# tauri.conf.json copies the CLI from ../target/release into both packages;
# a target folder elsewhere (CARGO_TARGET_DIR) needs that path overridden.
echo "package: building the safekeep CLI (release)" >&2
cargo build --release --locked -p safekeep-cli
cli="$target_dir/release/safekeep"
override=()
if [ "$(realpath "$target_dir")" != "$(realpath target 2>/dev/null || true)" ]; then
  files="{\"files\":{\"/usr/bin/safekeep\":\"$cli\"}}"
  override=(--config "{\"bundle\":{\"linux\":{\"deb\":$files,\"appimage\":$files}}}")
fi

# Old packages would be mistaken for new ones by whoever looks in there.
rm -rf "$bundle_dir/deb" "$bundle_dir/appimage"

echo "package: building the app (release) and its .deb" >&2
(cd src-tauri && "$tauri_cli" build --bundles deb "${override[@]}" -- --locked)

debs=("$bundle_dir"/deb/*.deb)
if [ ! -f "${debs[0]}" ]; then
  echo "package: tauri build made no .deb in $bundle_dir/deb" >&2
  exit 1
fi

echo "package: bundling the AppImage" >&2
appimage_log=$(mktemp)
trap 'rm -f "$appimage_log"' EXIT
if (cd src-tauri && "$tauri_cli" bundle --bundles appimage "${override[@]}") 2>&1 | tee "$appimage_log" >&2; then
  appimage_note=""
elif grep -iE "error" "$appimage_log" |
  grep -qiE "lookup address|name or service not known|network is unreachable|connection (refused|reset|timed out)|error sending request"; then
  # Only the bundler's error line counts: "Downloading https://github.com/..."
  # is printed on machines that reach GitHub too, whatever fails after it.
  appimage_note="package: NO AppImage: Tauri's bundler must download linuxdeploy and its plugins from GitHub (into ~/.cache/tauri), and GitHub is not reachable from this machine. Run scripts/package.sh where GitHub is reachable to get the AppImage; the .deb above is complete."
else
  echo "package: the AppImage failed for a reason other than GitHub being out of reach (see above)" >&2
  exit 1
fi

printf '%s\n' "${debs[@]}"
if [ -z "$appimage_note" ]; then
  appimages=("$bundle_dir"/appimage/*.AppImage)
  if [ ! -f "${appimages[0]}" ]; then
    echo "package: tauri bundle made no AppImage in $bundle_dir/appimage" >&2
    exit 1
  fi
  printf '%s\n' "${appimages[@]}"
else
  echo "$appimage_note" >&2
fi
