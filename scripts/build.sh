#!/usr/bin/env bash
# Builds the shipped SDK (pkg/), copies it next to the demo (www/sdk/) and
# builds the emulator. Assumes scripts/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# One line when a step starts and one with its time when it ends (a fresh
# build takes minutes, and every tool below runs quietly).
build_t=
build_step() { # label; ends the previous step
  build_done
  build_t=$EPOCHREALTIME
  printf '[build] %s...\n' "$1" >&2
}
build_done() {
  [ -n "$build_t" ] || return 0
  printf '[build]   done in %s s\n' \
    "$(awk -v a="$build_t" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')" >&2
  build_t=
}

# The build machine's paths stay out of the .wasm: with rust-src installed,
# the standard library's panic locations would name the local toolchain.
# Passed as CARGO_ENCODED_RUSTFLAGS (0x1f-separated), so that a path with a
# space stays one argument; RUSTFLAGS from the caller are kept.
build_step "compiling the SDK to WebAssembly (wasm-pack, release)"
sysroot=$(rustc --print sysroot)
# shellcheck disable=SC2206 # RUSTFLAGS is a space-separated list by definition
flags=(${RUSTFLAGS:-}
  "--remap-path-prefix=$sysroot/lib/rustlib/src/rust=/rust"
  "--remap-path-prefix=$HOME/.cargo=/cargo"
  "--remap-path-prefix=$PWD=.")
CARGO_ENCODED_RUSTFLAGS=$(IFS=$'\x1f'; echo "${flags[*]}") \
  wasm-pack --quiet build --release --target web --out-dir pkg --no-pack
build_step "optimising the .wasm (wasm-opt)"
# Rounds of -Oz after --flatten --rereloop find more to fold (about 200 B
# gzipped, measured); the target_features section is only needed by wasm-bindgen.
node_modules/.bin/wasm-opt -O1 --flatten --rereloop -Oz --converge --flatten --rereloop -Oz --converge \
  --strip-debug --strip-producers --strip-target-features \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/sms_mfa_sdk_bg.wasm -o pkg/sms_mfa_sdk_bg.wasm
build_step "shortening import/export names, bundling the module (esbuild), copying it to www/sdk/"
# One- and two-letter import/export names in the .wasm and the glue (about
# 800 B gzipped: wasm-bindgen's names are long and hashed).
node scripts/minify-wasm-names.mjs pkg/sms_mfa_sdk_bg.wasm pkg/sms_mfa_sdk.js pkg/sms_mfa_sdk.d.ts
# The .d.ts next to the module declares what the bundled module exports.
node scripts/shape-dts.mjs pkg/sms_mfa_sdk.d.ts js/entry.d.ts
# Ship one module: the wrapper (js/index.js), the glue and its inline snippets
# bundled and minified into pkg/sms_mfa_sdk.js, next to the .wasm. One module
# request where there were two, and what the wrapper does not use (initSync)
# is left out: about 300 B gzipped less than glue and wrapper apart.
# `new URL(..., import.meta.url)` survives, so bundlers still find the .wasm.
npx --no-install esbuild js/index.js --bundle --minify --format=esm \
  --legal-comments=none --log-level=error --outfile=pkg/sms_mfa_sdk.min.js
mv pkg/sms_mfa_sdk.min.js pkg/sms_mfa_sdk.js
rm -rf pkg/snippets
rm -rf www/sdk && mkdir -p www/sdk/pkg
cp pkg/sms_mfa_sdk.js pkg/sms_mfa_sdk_bg.wasm pkg/sms_mfa_sdk.d.ts www/sdk/pkg/
build_step "building the emulator (cargo, release; about a minute on a fresh clone)"
cargo build --quiet --release -p stytch-emulator
build_done
