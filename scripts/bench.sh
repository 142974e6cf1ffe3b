#!/usr/bin/env bash
# Side-by-side benchmark against @stytch/vanilla-js: size, cold start,
# per-call overhead, memory. Prints a table and writes bench/results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
node bench/run.mjs "$@"
