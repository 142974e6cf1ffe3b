#!/usr/bin/env bash
# Every test, from a fresh clone: set-up, native Rust tests (SDK core, emulator,
# fuzzing with a short budget), the shipped build and its size budget, the
# generated TypeScript check, the wasm suites in headless Chrome and Firefox
# against a running emulator, then the demo and packaging tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }
started=$SECONDS

step "set-up"
bash scripts/setup.sh

step "native tests (SDK core, emulator)"
PROPTEST_CASES="${PROPTEST_CASES:-2000}" cargo test --workspace

step "build (wasm SDK, emulator)"
bash scripts/build.sh

step "size budget"
node bench/size-budget.mjs

step "generated TypeScript definitions match the reviewed copy"
diff -u tests/sms_mfa_sdk.d.ts pkg/sms_mfa_sdk.d.ts

# A free port unless EMULATOR_PORT says otherwise; the emulator prints its URL first.
emulator_port="${EMULATOR_PORT:-0}"
step "emulator for the wasm suites"
emulator_log=$(mktemp)
target/release/stytch-emulator --port "$emulator_port" >"$emulator_log" 2>&1 &
emulator_pid=$!
trap 'kill "$emulator_pid" 2>/dev/null || true; rm -f "$emulator_log"' EXIT
for _ in $(seq 1 100); do
  grep -q '^listening on' "$emulator_log" && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$emulator_log"; exit 1; }
  sleep 0.1
done
head -1 "$emulator_log"
EMULATOR_URL=$(sed -n '1s/^listening on //p' "$emulator_log")
export EMULATOR_URL

step "wasm suites in headless Chrome"
wasm-pack test --headless --chrome
step "wasm suites in headless Firefox"
wasm-pack test --headless --firefox

step "demo end-to-end (Playwright, Chromium)"
node --test tests/e2e/
step "packaging: npm pack into Vite, webpack and no-bundler apps; SSR import; tsc"
node --test tests/packaging/

echo
echo "all tests finished in $((SECONDS - started)) s"
