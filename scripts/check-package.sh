#!/usr/bin/env bash
# Checks the .deb that scripts/package.sh built, the way a user would meet it:
# its control fields, its file list, its desktop entry and icons, and that the
# `safekeep` command line it ships runs (no display needed). Also checks that
# every shared library the two programs load comes from a package the .deb
# depends on, directly or through those packages' own dependencies.
#
# Usage: scripts/check-package.sh [path/to/package.deb]
# Exits non-zero on the first check that fails, saying which.
set -euo pipefail
. "$(dirname "$0")/lib/check.sh" check-package "$@"

deb=$(package_to_check)
say "checking $deb"

# What the package must say it is: tauri.conf.json's name and version.
want_version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' src-tauri/tauri.conf.json)
app_bin=$(sed -n 's/^  "mainBinaryName": "\(.*\)",$/\1/p' src-tauri/tauri.conf.json)
[ -n "$want_version" ] && [ -n "$app_bin" ] || fail "cannot read version and mainBinaryName from src-tauri/tauri.conf.json"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = "safekeep" ] || fail "Package is '$(field Package)', not 'safekeep'"
[ "$(field Version)" = "$want_version" ] || fail "Version is '$(field Version)', not '$want_version'"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] ||
  fail "Architecture is '$(field Architecture)', not '$(dpkg --print-architecture)'"
depends=$(field Depends)
for dep in libwebkit2gtk-4.1-0 libgtk-3-0; do
  # A name in Depends is followed by nothing, a version, a comma or a '|'.
  grep -qE "(^|[ ,|])$dep( |,|\(|$)" <<<"$depends" || fail "Depends lacks $dep: $depends"
done
pass "Package safekeep, Version $want_version, Depends: $depends"

# Tauri's archive names members "usr/...", dpkg-deb's own "./usr/...".
listing=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./||')
has() { grep -qxF "$1" <<<"$listing" || fail "the package has no /$1"; }
has "usr/bin/$app_bin"
has "usr/bin/safekeep"
has "usr/share/applications/Safekeep.desktop"
grep -qE "^usr/share/icons/hicolor/[0-9]+x[0-9]+(@2)?/apps/$app_bin\.png$" <<<"$listing" ||
  fail "the package has no icon at /usr/share/icons/hicolor/*/apps/$app_bin.png"
pass "files: /usr/bin/$app_bin, /usr/bin/safekeep, Safekeep.desktop, $(grep -c '^usr/share/icons/hicolor/.*\.png$' <<<"$listing") icons"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"

for bin in "$app_bin" safekeep; do
  [ -x "$root/usr/bin/$bin" ] || fail "/usr/bin/$bin is not executable"
  head -c 4 "$root/usr/bin/$bin" | grep -q "ELF" || fail "/usr/bin/$bin is not an ELF program"
done

# Tests keep a cheap KDF under a label that only test builds know (core's
# `test-kdf` feature). A shipped program that knew it would open a file whose
# password hashing costs next to nothing, so neither program may hold it.
test_kdf=$(sed -n 's/^const TEST_ALGORITHM: &str = "\(.*\)";$/\1/p' crates/core/src/vault/slots.rs)
[ -n "$test_kdf" ] || fail "cannot read the test-only KDF label (TEST_ALGORITHM) from crates/core/src/vault/slots.rs"
for bin in "$app_bin" safekeep; do
  if grep -qaF "$test_kdf" "$root/usr/bin/$bin"; then
    fail "/usr/bin/$bin knows the test-only KDF label '$test_kdf': it was built with the test-kdf feature"
  fi
done
pass "neither program knows the test-only KDF label '$test_kdf'"

desktop="$root/usr/share/applications/Safekeep.desktop"
entry() { sed -n "s/^$1=//p" "$desktop"; }
[ "$(entry Type)" = "Application" ] || fail "desktop entry Type is '$(entry Type)'"
[ "$(entry Name)" = "Safekeep" ] || fail "desktop entry Name is '$(entry Name)'"
# Exec must start the binary the package installs on PATH.
exec_cmd=$(entry Exec)
[ "${exec_cmd%% *}" = "$app_bin" ] || fail "desktop entry Exec is '$exec_cmd', not $app_bin"
icon=$(entry Icon)
[ -n "$icon" ] || fail "desktop entry has no Icon"
compgen -G "$root/usr/share/icons/hicolor/*/apps/$icon.png" >/dev/null ||
  fail "desktop entry Icon=$icon names no icon under /usr/share/icons/hicolor"
entry Categories | grep -qE '(^|;)Utility(;|$)' || fail "desktop entry Categories '$(entry Categories)' lacks Utility"
pass "desktop entry: Exec=$exec_cmd Icon=$icon Categories=$(entry Categories)"

# The CLI runs from where the package put it, without a display or a vault.
version_out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$root/usr/bin/safekeep" --version) ||
  fail "safekeep --version exited non-zero"
[ "$version_out" = "safekeep $want_version" ] || fail "safekeep --version printed '$version_out', not 'safekeep $want_version'"
help_out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$root/usr/bin/safekeep" --help) || fail "safekeep --help exited non-zero"
for word in Usage: init add list code; do
  grep -qw -- "$word" <<<"$help_out" || fail "safekeep --help does not mention '$word'"
done
pass "safekeep --version: $version_out; safekeep --help lists its commands"

# Every shared library both programs load must be installed by a package in
# Depends or by one of their dependencies, else the .deb installs on a clean
# system and then fails to start.
closure=" "
queue=()
add_dep_field() {
  local alt
  # "a (>= 1) | b, c:any" -> take every alternative; any satisfies the check.
  for alt in $(sed -e 's/([^)]*)//g' -e 's/[,|]/ /g' <<<"$1"); do
    alt=${alt%%:*}
    case "$closure" in *" $alt "*) continue ;; esac
    closure+="$alt "
    queue+=("$alt")
  done
}
add_dep_field "$depends"
while ((${#queue[@]})); do
  pkg=${queue[0]}
  queue=("${queue[@]:1}")
  add_dep_field "$(dpkg-query -W -f='${Depends}, ${Pre-Depends}' "$pkg" 2>/dev/null | sed 's/^, //;s/, $//' || true)"
done
# dpkg records a library under one of its names: /lib or /usr/lib (merged
# /usr), the soname symlink or the file it points to.
owner_of() {
  local candidate
  for candidate in "$1" "$(realpath "$1")" "${1#/usr}" "/usr$1" "$(realpath "$1" | sed 's|^/usr||')"; do
    if dpkg -S "$candidate" >/dev/null 2>&1; then
      dpkg -S "$candidate" | sed -n '1s/:.*//p'
      return
    fi
  done
}
missing=()
for bin in "$app_bin" safekeep; do
  while read -r lib path; do
    [ -n "$path" ] || fail "/usr/bin/$bin needs $lib, which is not installed here"
    owner=$(owner_of "$path")
    [ -n "$owner" ] || fail "/usr/bin/$bin needs $path, which no Debian package owns"
    case "$closure" in
      *" $owner "*) ;;
      *) missing+=("$bin: $lib from $owner") ;;
    esac
  done < <(ldd "$root/usr/bin/$bin" | sed -n 's/^\s*\(\S*\) => \(\S*\) .*/\1 \2/p; s/^\s*\(\S*\) => not found.*/\1/p')
done
((${#missing[@]} == 0)) || fail "libraries from packages outside Depends and their dependencies: ${missing[*]}"
pass "every shared library both programs load comes from Depends or its dependencies"

say "all checks passed for $(basename "$deb")"
