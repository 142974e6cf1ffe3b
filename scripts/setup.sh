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
    log "cargo install $crate@$version (compiles it: a minute or more)"
    # --locked reproduces the tool's own lock file. A registry mirror may lack one
    # of its pinned versions (wasm-bindgen-cli 0.2.130 pins a webpki-roots that
    # some mirrors do not carry); then resolve afresh. Cargo's error is kept in
    # a file and shown only if the second attempt fails too.
    local err
    err=$(mktemp)
    if ! cargo install --quiet --locked "$crate" --version "$version" "$@" 2>"$err"; then
      local why="the --locked install failed"
      if grep -q 'failed to select a version' "$err"; then
        why="its lock file pins $(sed -n 's/.*requirement `\([^ `]*\)[^`]*` (locked to \([^)]*\)).*/\1 \2/p' "$err" | head -1), which this registry does not have"
      fi
      log "$crate: $why; retrying without --locked (resolving its dependencies afresh)"
      if ! cargo install --quiet "$crate" --version "$version" "$@"; then
        log "$crate: the --locked attempt had failed with:"
        cat "$err" >&2
        rm -f "$err"
        return 1
      fi
    fi
    rm -f "$err"
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
