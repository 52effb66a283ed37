#!/usr/bin/env bash
# Installs the .deb that scripts/package.sh built into a fresh, minimal Debian
# root, the way a user's apt would on a machine that has never built Safekeep:
# debootstrap makes the root from the Debian archive, apt inside it resolves
# the package's Depends (and nothing it merely recommends), no container.
# Then, inside that root: both programs find every shared library, `safekeep
# --version` runs, the app starts and maps its window on an X display of ours,
# and purging the package removes what it installed.
#
# Usage: scripts/check-install.sh [path/to/package.deb]
# Needs root (debootstrap, chroot, mounts) and the Debian archive. The root
# lives under a temporary folder and is removed on exit; a screenshot of the
# installed app's window is kept in artifacts/check-install/.
set -euo pipefail
. "$(dirname "$0")/lib/check.sh" check-install "$@"

[ "$(id -u)" -eq 0 ] || fail "needs root (debootstrap, chroot and mounts); run it with sudo"

deb=$(package_to_check)
package=$(dpkg-deb -f "$deb" Package)
version=$(dpkg-deb -f "$deb" Version)
app_bin=$(sed -n 's/^  "mainBinaryName": "\(.*\)",$/\1/p' src-tauri/tauri.conf.json)
[ -n "$app_bin" ] || fail "cannot read mainBinaryName from src-tauri/tauri.conf.json"

for tool in debootstrap Xvfb xdotool import convert; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing: scripts/setup.sh installs it"
done

# The same release and archive the machine itself uses.
. /etc/os-release
suite=${VERSION_CODENAME:?/etc/os-release names no codename}
mirror=$(sed -n 's/^URIs: *\(\S*\/debian\)$/\1/p; s/^deb \(\S*\/debian\) .*/\1/p' \
  /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | head -n 1 || true)
mirror=${mirror:-http://deb.debian.org/debian}

work=$(mktemp -d /var/tmp/safekeep-install.XXXXXX)
root="$work/root"
xvfb_pid=""
app_pid=""
cleanup() {
  set +e
  [ -z "$app_pid" ] || kill "$app_pid" 2>/dev/null
  [ -z "$xvfb_pid" ] || kill "$xvfb_pid" 2>/dev/null
  # Innermost first; a lazy unmount if something still holds one.
  for mount_point in tmp/.X11-unix dev/shm dev/pts sys proc; do
    mountpoint -q "$root/$mount_point" && { umount "$root/$mount_point" || umount -l "$root/$mount_point"; }
  done
  # Never delete through a mount that is still there (it could be the host's).
  if findmnt -rn -o TARGET | grep -q "^$root/"; then
    say "left $work in place: something is still mounted under it"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

say "making a minimal Debian $suite root from $mirror"
debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -n 20 "$work/debootstrap.log" >&2; fail "debootstrap failed (log above)"; }
# Security updates too, as on any installed Debian: the package was built and
# checked against them.
if [ "$suite" != sid ]; then
  echo "deb ${mirror%/debian}/debian-security $suite-security main" >>"$root/etc/apt/sources.list"
  echo "deb $mirror $suite-updates main" >>"$root/etc/apt/sources.list"
fi
mount -t proc proc "$root/proc"
mount -t sysfs -o ro sysfs "$root/sys"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

cp "$deb" "$root/tmp/$package.deb"
say "installing $(basename "$deb") with apt, Depends only"
in_root apt-get update -q >"$work/apt.log" 2>&1 || { tail -n 20 "$work/apt.log" >&2; fail "apt-get update failed in the new root"; }
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "/tmp/$package.deb" \
  >>"$work/apt.log" 2>&1 || { tail -n 30 "$work/apt.log" >&2; fail "apt could not install the package on a clean $suite"; }
pass "apt installed $package $version and $(grep -c '^Setting up ' "$work/apt.log") packages on a clean $suite"

for bin in "$app_bin" safekeep; do
  in_root sh -c "command -v $bin" >/dev/null || fail "$bin is not on PATH after installing"
  unresolved=$(in_root ldd "/usr/bin/$bin" | grep "not found" || true)
  [ -z "$unresolved" ] || fail "/usr/bin/$bin cannot load, on a clean system with only Depends: $unresolved"
done
pass "both programs find every shared library they need"

version_out=$(in_root safekeep --version) || fail "safekeep --version exited non-zero"
[ "$version_out" = "safekeep $version" ] || fail "safekeep --version printed '$version_out', not 'safekeep $version'"
pass "safekeep --version: $version_out"

# The app, started as the desktop entry starts it, on an X server of ours
# whose socket the root sees. No keychain runs in there: the app must still
# come up (it offers a password instead).
exec_cmd=$(sed -n 's/^Exec=//p' "$root/usr/share/applications/Safekeep.desktop")
exec_cmd=${exec_cmd%% %*}
mkdir -p "$root/tmp/.X11-unix"
mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
display_fd_file="$work/display"
Xvfb -displayfd 1 -screen 0 1024x768x24 -nolisten tcp -noreset >"$display_fd_file" 2>"$work/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$display_fd_file" ] && break; sleep 0.1; done
display=":$(head -n 1 "$display_fd_file")"
[ "$display" != ":" ] || fail "Xvfb did not start (see $work/xvfb.log)"
mkdir -p "$root/root/data"
chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DISPLAY="$display" \
  XDG_RUNTIME_DIR=/tmp SAFEKEEP_DATA_DIR=/root/data $exec_cmd >"$work/app.log" 2>&1 &
app_pid=$!
window=""
for _ in $(seq 300); do
  window=$(DISPLAY="$display" xdotool search --onlyvisible --name '^Safekeep$' 2>/dev/null | head -n 1 || true)
  [ -n "$window" ] && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; fail "the installed app exited before showing a window (output above)"; }
  sleep 0.2
done
[ -n "$window" ] || { cat "$work/app.log" >&2; fail "the installed app showed no 'Safekeep' window within 60 s (output above)"; }
# Let WebKit paint the first screen before the picture is taken.
sleep 3
mkdir -p artifacts/check-install
shot=artifacts/check-install/installed-app.png
DISPLAY="$display" import -window "$window" "$shot" || fail "could not take a screenshot of the installed app's window"
# A window that stayed blank (a missing asset, a script the CSP blocked) has
# a handful of colours; the welcome screen has text, an icon and a form.
colours=$(convert "$shot" -format %k info:)
[ "$colours" -ge 100 ] || fail "the installed app's window looks blank ($colours colours; see $shot)"
kill "$app_pid" 2>/dev/null || true
wait "$app_pid" 2>/dev/null || true
app_pid=""
pass "the installed app ($exec_cmd) showed its window, painted ($colours colours; $shot)"
umount "$root/tmp/.X11-unix"

in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "$package" >>"$work/apt.log" 2>&1 ||
  fail "apt-get purge $package failed"
for file in "/usr/bin/$app_bin" /usr/bin/safekeep /usr/share/applications/Safekeep.desktop; do
  [ ! -e "$root$file" ] || fail "$file is still there after purging $package"
done
pass "purging $package removed its programs and desktop entry"

say "all checks passed for $(basename "$deb")"
