#!/usr/bin/env bash
# Idempotent set-up for building and testing: skips every tool that is already
# present at the pinned version. Used by `npm start`, `npm test` and `.ci/run`.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal the `=x.y.z` pin in Cargo.toml
WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1

log() { printf '[setup] %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

missing_debs=()
for pkg in chromium chromium-driver firefox-esr; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing_debs+=("$pkg")
done
if [ ${#missing_debs[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing_debs[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing_debs[@]}" >/dev/null
fi

cargo_tool() { # name binary version extra-args...
  local crate=$1 bin=$2 version=$3; shift 3
  if ! have "$bin" || ! "$bin" --version 2>/dev/null | grep -qF "$version"; then
    log "cargo install $crate@$version"
    # --locked reproduces the tool's own lock file; a registry mirror may lack one
    # of its pinned versions, in which case resolve afresh.
    cargo install --quiet --locked "$crate" --version "$version" "$@" ||
      cargo install --quiet "$crate" --version "$version" "$@"
  fi
}
cargo_tool wasm-bindgen-cli wasm-bindgen "$WASM_BINDGEN_VERSION"
cargo_tool wasm-pack wasm-pack "$WASM_PACK_VERSION"
cargo_tool geckodriver geckodriver "$GECKODRIVER_VERSION"

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dev dependencies"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi
log "ready"
