#!/usr/bin/env bash
# Every test, from a fresh clone: set-up, native Rust tests (SDK core, emulator,
# fuzzing with a short budget), the shipped build and its size budget, the
# generated TypeScript check, the wasm suites in headless Chrome and Firefox
# against a running emulator, then the page tests in Chromium and Firefox and
# the packaging tests.
#
# Each step prints one line with its time; its full output goes to
# target/test-logs/<step>.log and is printed only when the step fails. The run
# ends with one table (suite, passed, failed, skipped, seconds). A failed
# test suite does not stop the run; a failed build step does (what follows
# needs it). Either way the exit status is non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# shellcheck source=scripts/lib/report.sh
. scripts/lib/report.sh

step "set-up" bash scripts/setup.sh
step "rustfmt" cargo fmt --all -- --check
step "clippy (host)" cargo clippy --workspace --all-targets --quiet -- -D warnings
step "clippy (wasm32)" cargo clippy -p sms-mfa-sdk --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
suite "native tests (SDK core, emulator)" env PROPTEST_CASES="${PROPTEST_CASES:-2000}" cargo test --workspace
step "build (wasm SDK, emulator)" bash scripts/build.sh
step "size budget" node bench/size-budget.mjs
step "generated TypeScript definitions match the reviewed copy" diff -u tests/sms_mfa_sdk.d.ts pkg/sms_mfa_sdk.d.ts

# A free port unless EMULATOR_PORT says otherwise; the emulator prints its URL first.
emulator_port="${EMULATOR_PORT:-0}"
emulator_log=$(mktemp)
target/release/stytch-emulator --port "$emulator_port" >"$emulator_log" 2>&1 &
emulator_pid=$!
trap 'kill "$emulator_pid" 2>/dev/null || true; rm -f "$emulator_log"' EXIT
for _ in $(seq 1 100); do
  grep -q '^listening on' "$emulator_log" && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$emulator_log"; exit 1; }
  sleep 0.1
done
EMULATOR_URL=$(sed -n '1s/^listening on //p' "$emulator_log")
export EMULATOR_URL
note "emulator for the wasm suites on $EMULATOR_URL"

suite "wasm suites, headless Chrome" wasm-pack test --headless --chrome
suite "wasm suites, headless Firefox" wasm-pack test --headless --firefox
suite "page tests, Chromium" env BROWSER=chromium node --test tests/e2e/
# The jwt and messages tests drive no browser, and the dashboard's is a
# Chromium-only developer tool: they run once, with the Chromium ones.
suite "page tests, Firefox" env BROWSER=firefox node --test tests/e2e/{demo,layout,configs,tabs,security,faults,cookies}.test.mjs
suite "packaging (Vite, webpack, no bundler, SSR, tsc, React, Vue, Svelte)" node --test tests/packaging/

finish
