#!/usr/bin/env bash
# One command for a fresh clone: set up, build, then serve the emulator and the
# demo page together. PORT=9010 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$EPOCHREALTIME
bash scripts/setup.sh
bash scripts/build.sh
port="${PORT:-9010}"
ready=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')
echo "[start] set-up and build took ${ready} s; starting the emulator"
echo "Demo: http://127.0.0.1:${port}/  (Ctrl-C to stop; SMS and email codes are printed below and shown in the page's developer panel)"
exec target/release/stytch-emulator --port "$port" --www www
