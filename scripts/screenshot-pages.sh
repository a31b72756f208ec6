#!/usr/bin/env bash
# Builds the example warehouse, serves it, loads the dashboard, lineage and API pages in headless Chromium, fails
# on any console error, uncaught exception or failed request (scripts/check-pages.py), and saves a PNG of each
# page to docs/images/ (the README shows the dashboard's).
#
# WH=path/to/wh picks the binary (default: a debug build, made when missing); SKIP_BUILD=1 serves the warehouse as
# it is, without `wh build` first.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null; then
    [ "$(id -u)" -eq 0 ] || { echo "screenshot-pages: chromium is missing; run: sudo apt-get install -y chromium" >&2; exit 1; }
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

wh=${WH:-.build/debug/wh}
if [ ! -x "$wh" ]; then
    swift build --product wh
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    "$wh" build
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
"$wh" serve --port "$port" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
done

base="http://127.0.0.1:$port"
python3 scripts/check-pages.py --out docs/images \
    dashboard="$base/" lineage="$base/lineage" api="$base/docs"
