#!/usr/bin/env bash
# Builds the shipped SDK (pkg/), copies it next to the demo (www/sdk/) and
# builds the emulator. Assumes scripts/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

wasm-pack --quiet build --release --target web --out-dir pkg --no-pack
rm -rf www/sdk && mkdir -p www/sdk/js www/sdk/pkg
cp js/index.js js/index.d.ts www/sdk/js/
cp pkg/sms_mfa_sdk.js pkg/sms_mfa_sdk_bg.wasm pkg/sms_mfa_sdk.d.ts www/sdk/pkg/
cargo build --quiet --release -p stytch-emulator
