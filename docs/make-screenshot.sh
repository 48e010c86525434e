#!/usr/bin/env bash
# Makes docs/screenshot.png from the real window: a generated history of 5,000 events, a few live
# webhooks from `hookscope send` (one retried, so the table shows duplicates), a retried
# production row selected, under Xvfb.
#   docs/make-screenshot.sh BUILD_DIR [OUTPUT]   (needs xvfb, imagemagick's import, xdotool)
set -euo pipefail
build=${1:?usage: docs/make-screenshot.sh BUILD_DIR [OUTPUT]}
out=${2:-docs/screenshot.png}
work=$(mktemp -d)
app=
cleanup() {
    [[ -n $app ]] && kill "$app" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

"$build/bin/hookscope-generate" --db "$work/history.sqlite" --count 5000 --span 2 \
    --start "$(date -u -d '2 days ago' +%Y-%m-%dT%H:%M:%SZ)" >/dev/null
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data
port=18989
xvfb-run -a -s '-screen 0 1400x900x24' bash -c '
    "$0/bin/hookscope" --db "$1/history.sqlite" --port "$2" &
    app=$!
    sleep 4
    "$0/bin/hookscope" send --to "http://127.0.0.1:$2/webhooks/provider" --channel invoices --action created \
        --environment production --repeat-key 3 --retry-delay 0.2 >/dev/null
    "$0/bin/hookscope" send --to "http://127.0.0.1:$2/webhooks/provider" --channel customers,sales,employees \
        --count 6 --rate 10 >/dev/null 2>&1 || true
    sleep 2
    window=$(xdotool search --sync --onlyvisible --name Hookscope | head -1)
    xdotool windowsize "$window" 1400 900 windowmove "$window" 0 0
    sleep 1
    # The second row: the newest retry of the invoice sent three times.
    xdotool mousemove 400 240 click 1
    sleep 2
    import -window root "$3"
    kill "$app"
' "$build" "$work" "$port" "$out"
echo "wrote $out"
