#!/usr/bin/env bash
# Sets up, builds (release) and starts the store at http://127.0.0.1:3000 with its own local MongoDB.
# Stop it with Ctrl-C: in-flight requests finish and the local mongod shuts down cleanly.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$AMAZONE_ROOT"

scripts/setup.sh

# cargo-leptos regenerates the browser's bindings, wasm-opt pass and split chunks on every build, about 4 minutes on
# 2 cores even when nothing changed; so the build is skipped when no input is newer than the last finished one.
stamp=target/.run-build-stamp
inputs=(src style public Cargo.toml Cargo.lock)
if [[ -f $stamp && -x target/release/amazone && -z $(find "${inputs[@]}" -newer "$stamp" -print -quit) ]]; then
  printf '\n\033[1m==> The store is built and nothing changed since: starting it\033[0m\n'
else
  printf '\n\033[1m==> Building the store (release)\033[0m\n'
  # Taken before the build, so that a file changed while it runs is newer and builds again next time.
  touch "$stamp.next"
  scripts/build-release.sh
  mv "$stamp.next" "$stamp"
fi
exec target/release/amazone serve "$@"
