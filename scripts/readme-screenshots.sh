#!/usr/bin/env bash
# Takes the README's screenshots (docs/screenshots/): the main window and the
# tokens panel of a made-up vault, 440x680, and the quick pick searching it,
# light, English, in a plain window
# under its own Xvfb (no WebDriver), with a private keyring. Needs a debug
# build (`cargo build -p safekeep-app -p safekeep-cli`) and what
# scripts/setup.sh installs. Usage: scripts/readme-screenshots.sh [OUT_DIR]
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "${SAFEKEEP_SHOTS_BUS:-}" ]; then
  export SAFEKEEP_SHOTS_BUS=1
  exec dbus-run-session -- bash -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$0" "$@"' "$0" "$@"
fi
out=${1:-$root/docs/screenshots}; mkdir -p "$out"
bin=$root/target/debug
data=$(mktemp -d); export SAFEKEEP_DATA_DIR=$data XDG_DATA_HOME=$(mktemp -d) SAFEKEEP_KEYRING_SERVICE=readme-$$
$bin/safekeep init >/dev/null 2>&1
add() { printf 'otpauth://totp/%s:%s?secret=%s&issuer=%s\n' "$1" "$2" "$3" "$1" | $bin/safekeep add - >/dev/null 2>&1; }
add GitHub me@example.org JBSWY3DPEHPK3PXP
add Google j.jansen@gmail.com GEZDGNBVGY3TQOJQ
add Nextcloud jan@cloud.example.org MFRGGZDFMZTWQ2LK
add Mastodon @jan@social.example GEZDGNBVGY3TQOJR
add Bank%20Online 12345678 MFRGGZDFMZTWQ2LL
$bin/safekeep add --issuer Therapieland --label j.jansen@example.org >/dev/null 2>&1
printf 'ab12-cd34\nef56-gh78\nij90-kl12\nmn34-op56\nqr78-st90\n' | $bin/safekeep tokens add therapieland >/dev/null 2>&1
printf 'ab12-cd34\n' | $bin/safekeep tokens mark-used therapieland >/dev/null 2>&1
printf 'ef56-gh78\n' | $bin/safekeep tokens mark-used therapieland >/dev/null 2>&1
$bin/safekeep pin github >/dev/null 2>&1
exec 3>"$data/display"; Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp -noreset & xv=$!; sleep 1; export DISPLAY=:$(cat "$data/display")
cfg=$(mktemp -d)
XDG_CONFIG_HOME=$cfg LANG=en_US.UTF-8 LANGUAGE=en $bin/safekeep-app >/dev/null 2>&1 & app=$!
for t in $(seq 1 100); do w=$(xdotool search --name '^Safekeep$' 2>/dev/null | head -1); [ -n "$w" ] && break; sleep 0.2; done
sleep 3; xdotool windowmove $w 0 0; xdotool windowsize $w 440 680; sleep 2
# Not in a code's last seconds, when the next code shows.
while [ $(( $(date +%s) % 30 )) -gt 15 ] || [ $(( $(date +%s) % 30 )) -lt 2 ]; do sleep 0.5; done
import -window $w "$out/main-window.png"
xdotool key --window $w Down Down Down Down Down Return; sleep 2
import -window $w "$out/tokens-panel.png"
# The quick pick: its shortcut (pressed until the app holds it), a search.
for t in $(seq 1 50); do
  xdotool key ctrl+alt+k; sleep 0.3
  q=$(xdotool search --onlyvisible --name 'Safekeep quick pick' 2>/dev/null | head -1); [ -n "$q" ] && break
done
sleep 1; xdotool type --delay 50 g; sleep 1.5
import -window $q "$out/quick-pick.png"
kill $app; wait $app 2>/dev/null; kill $xv
