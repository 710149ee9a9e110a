#!/usr/bin/env bash
# Installs what building and testing kdalite needs, and only what is missing, so a second run
# takes a second or two. `scripts/setup.sh web` is enough to build and serve the page;
# `scripts/setup.sh test` adds wasm-pack, Chromium and ChromeDriver for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-web}
say() { printf 'setup: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to run: $*"; exit 1; fi
}

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  say "installing $* (apt)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# The build cache outside the clone (the Makefile's CARGO_TARGET_DIR) grows with each build
# of changed code, cargo keeping the old binaries beside the new. Past 20 GB it is emptied:
# a cold build takes about ten minutes, a full disk fails the build.
if [ -n "${CARGO_TARGET_DIR:-}" ] && [ -d "$CARGO_TARGET_DIR" ]; then
  cache_kb=$(du -sk "$CARGO_TARGET_DIR" 2>/dev/null | cut -f1)
  if [ "${cache_kb:-0}" -gt $((20 * 1024 * 1024)) ]; then
    say "emptying the build cache $CARGO_TARGET_DIR ($((cache_kb / 1024 / 1024)) GB)"
    rm -rf "$CARGO_TARGET_DIR"
  fi
fi

# The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli at exactly the version Cargo.lock pins (the generated JS must match the crate).
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

# Node.js and the npm packages (playwright-core for the tests and benchmarks).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "$what" = test ]; then
  # The API test drives `kdalite serve` with the real AWS SDK for Python.
  if ! python3 -c 'import boto3' >/dev/null 2>&1; then
    say "installing boto3 (pip)"
    python3 -m pip install --quiet boto3
  fi
  # The native build's RocksDB state backend links Debian's RocksDB; bindgen needs libclang.
  if ! dpkg -s librocksdb-dev libclang-dev >/dev/null 2>&1; then
    apt_install librocksdb-dev libclang-dev
  fi
  if ! command -v wasm-pack >/dev/null; then
    say "installing wasm-pack (a few minutes, once)"
    cargo install wasm-pack --version 0.15.1
  fi
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    apt_install chromium chromium-driver
  fi
fi
