#!/usr/bin/env bash
# Regenerates every raster icon for Safekeep from icons/icon.svg (the only hand-edited source).
#
#   icons/32x32.png, 128x128.png, 128x128@2x.png (256), icon.png (512)   -> Tauri 2 bundle.icon
#   icons/icon.ico  (16, 24, 32, 48, 64, 256)                              -> Windows
#   icons/icon.icns (16, 32, 48, 128, 256, 512; skipped if png2icns is missing) -> macOS
#   icons/hicolor/<n>x<n>/apps/safekeep.png (16 … 512)                     -> Linux desktop entry
#
# Every PNG is written as 8-bit RGBA (Tauri's build rejects RGB PNGs) with metadata stripped,
# so running the script again gives byte-identical files.
#
# Tools (Debian): rsvg-convert (librsvg2-bin), /usr/bin/convert (imagemagick), png2icns (icnsutils).
# Missing packages are installed with apt-get when run as root.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

SVG=icon.svg
CONVERT=/usr/bin/convert
[[ -f $SVG ]] || { echo "generate.sh: $PWD/$SVG not found" >&2; exit 1; }

# --- tools -------------------------------------------------------------------------------
apt_install() { # apt_install PKG... : install with apt-get, refreshing the lists if apt-cache doesn't know a package
    local pkg
    for pkg in "$@"; do
        local policy
        policy=$(apt-cache policy "$pkg" 2>/dev/null || true)
        if [[ $policy != *"Candidate: "[!\(]* ]]; then
            apt-get -o DPkg::Lock::Timeout=300 update -qq
            break
        fi
    done
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$@"
}

missing=()
command -v rsvg-convert >/dev/null || missing+=(librsvg2-bin)
[[ -x $CONVERT ]] || missing+=(imagemagick)
command -v png2icns >/dev/null || missing+=(icnsutils)
if ((${#missing[@]})); then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "generate.sh: installing ${missing[*]}" >&2
        # icnsutils is optional: fall back to installing only the required packages.
        apt_install "${missing[@]}" || {
            required=()
            for p in "${missing[@]}"; do [[ $p == icnsutils ]] || required+=("$p"); done
            ((${#required[@]} == 0)) || apt_install "${required[@]}"
        }
    fi
fi
command -v rsvg-convert >/dev/null || { echo "generate.sh: rsvg-convert missing (apt-get install librsvg2-bin)" >&2; exit 1; }
[[ -x $CONVERT ]] || { echo "generate.sh: $CONVERT missing (apt-get install imagemagick)" >&2; exit 1; }

# --- rendering ---------------------------------------------------------------------------
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# render SIZE : draws icon.svg at SIZE×SIZE straight from the vector (no downscaling), as RGBA.
render() {
    local n=$1
    rsvg-convert --width "$n" --height "$n" --keep-aspect-ratio --format png "$SVG" -o "$tmp/raw-$n.png"
    "$CONVERT" "$tmp/raw-$n.png" -strip -define png:exclude-chunks=date,time \
        -define png:compression-level=9 -depth 8 "PNG32:$tmp/$n.png"
}

sizes=(16 24 32 48 64 128 256 512)
for n in "${sizes[@]}"; do render "$n"; done

# install SRC DEST : copy into place only when the bytes differ (keeps mtimes stable on reruns).
install_file() {
    mkdir -p "$(dirname "$2")"
    cmp -s "$1" "$2" 2>/dev/null || cp "$1" "$2"
}

# Tauri 2 bundle icons
install_file "$tmp/32.png" 32x32.png
install_file "$tmp/128.png" 128x128.png
install_file "$tmp/256.png" 128x128@2x.png
install_file "$tmp/512.png" icon.png

# Linux hicolor theme
for n in "${sizes[@]}"; do
    install_file "$tmp/$n.png" "hicolor/${n}x${n}/apps/safekeep.png"
done

# Windows .ico: ImageMagick stores 16…64 as 32-bit BMP entries and the 256 entry as PNG.
"$CONVERT" "$tmp/16.png" "$tmp/24.png" "$tmp/32.png" "$tmp/48.png" "$tmp/64.png" "$tmp/256.png" "$tmp/icon.ico"
install_file "$tmp/icon.ico" icon.ico

# macOS .icns
if command -v png2icns >/dev/null; then
    png2icns "$tmp/icon.icns" "$tmp/16.png" "$tmp/32.png" "$tmp/48.png" "$tmp/128.png" "$tmp/256.png" "$tmp/512.png" >/dev/null
    install_file "$tmp/icon.icns" icon.icns
else
    echo "generate.sh: png2icns not found (apt-get install icnsutils); icon.icns left as is" >&2
fi

# --- checks ------------------------------------------------------------------------------
for f in 32x32.png 128x128.png 128x128@2x.png icon.png hicolor/*/apps/safekeep.png; do
    file -b "$f" | grep -q '8-bit/color RGBA' || { echo "generate.sh: $f is not 8-bit RGBA" >&2; exit 1; }
done
echo "generate.sh: icons written to $PWD ($(find . -type f -printf "%s\n" | awk "{s+=\$1} END {print s}") bytes in files)"
