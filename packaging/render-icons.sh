#!/usr/bin/env bash
# Renders the application icon's PNGs from its SVG, the one source of the artwork:
#   packaging/render-icons.sh
# The PNGs are committed (the window loads one from the Qt resources, and Qt 6 reads no SVG without
# qt6-svg), so building needs no renderer; run this after editing the SVG and commit the result.
# rsvg-convert comes from Debian's librsvg2-bin; its output carries no timestamp, so the same SVG
# and librsvg give the same bytes.
set -euo pipefail
cd "$(dirname "$0")/../resources/icons"
id=io.github.hookscope.Hookscope
for size in 16 32 48 64 128 256; do
    rsvg-convert --width "$size" --height "$size" --output "$id-$size.png" "$id.svg"
done
