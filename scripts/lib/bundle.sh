# Sourced by the packaging scripts: where cargo builds, and the .deb that
# scripts/package.sh left there. Call from the repository root.

# The target folder cargo uses here (CARGO_TARGET_DIR or ./target).
cargo_target_dir() {
  cargo metadata --format-version 1 --no-deps --locked |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p'
}

# Prints the one .deb in the release bundle folder; when there is none or
# more than one, prints why instead and returns 1.
built_deb() {
  local folder
  folder="$(cargo_target_dir)/release/bundle/deb"
  local debs=("$folder"/*.deb)
  if [ ! -f "${debs[0]}" ]; then
    echo "no .deb in $folder: run scripts/package.sh first"
    return 1
  fi
  if [ "${#debs[@]}" -ne 1 ]; then
    echo "more than one .deb in $folder: ${debs[*]}"
    return 1
  fi
  echo "${debs[0]}"
}
