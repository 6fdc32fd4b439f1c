#!/usr/bin/env bash
# The store under test, with a throwaway mongod whose data folder is removed when Playwright stops the server
# (SIGTERM, which the server answers by shutting its mongod down cleanly).
set -uo pipefail
data_dir=$(mktemp -d "${TMPDIR:-/tmp}/amazone-e2e-mongod-XXXXXX")
AMAZONE_MONGOD_DATA_DIR="$data_dir" target/release/amazone serve &
server=$!
trap 'kill -TERM "$server" 2>/dev/null' TERM INT
wait "$server"
# `wait` returns early when a trapped signal arrives: wait again for the server to finish its shutdown.
wait "$server" 2>/dev/null
status=$?
rm -rf "$data_dir"
exit "$status"
