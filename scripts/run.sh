#!/usr/bin/env bash
# Sets up, builds (release) and starts the store at http://127.0.0.1:3000 with its own local MongoDB.
# Stop it with Ctrl-C: in-flight requests finish and the local mongod shuts down cleanly.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$AMAZONE_ROOT"

scripts/setup.sh

printf '\n\033[1m==> Building the store (release), unless it is built and nothing changed since\033[0m\n'
scripts/build-release.sh
exec target/release/amazone serve "$@"
