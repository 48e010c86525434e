#!/usr/bin/env bash
# Ingest benchmark: Hookscope's `serve` under the shared webhook load, side by side with the peers
# (nginx, Node + SQLite, HTTP Toolkit's engine) and SQLite's own ceiling, in one run.
#   tests/bench/ingest.sh [run-peers.sh options]     e.g. --only targets,node-sqlite --seconds 5
# Needs wrk and nginx-light (apt-get install wrk nginx-light) and Node.js 20 for the Node peers.
# Builds the release preset first. Prints the markdown tables on stdout.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
peers=${HOOKSCOPE_PEERS:-$top/../shared/bench/run-peers.sh}
[[ -x $peers ]] || { echo "ingest.sh: $peers not found (set HOOKSCOPE_PEERS)" >&2; exit 2; }
(cd "$top" && cmake --preset release -G Ninja >/dev/null && cmake --build --preset release >&2)
bin=$top/build/release/bin/hookscope
exec "$peers" --target "$bin serve --port {port} --db {db}" \
    --count "$bin export --db {db} | wc -l" --name hookscope "$@"
