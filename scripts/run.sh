#!/usr/bin/env bash
# Sets up, builds (release) and starts the store at http://127.0.0.1:3000 with its own local MongoDB.
# Stop it with Ctrl-C: in-flight requests finish and the local mongod shuts down cleanly.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$AMAZONE_ROOT"

scripts/setup.sh
printf '\n\033[1m==> Building the store (release)\033[0m\n'
# --precompress writes .br and .gz copies of the wasm, JS and CSS, served as they are; --split makes every page but
# the home page a lazy wasm chunk of its own (src/pages/lazy_pages.rs).
LEPTOS_ENV=PROD cargo leptos build --release --precompress --split
exec target/release/amazone serve "$@"
