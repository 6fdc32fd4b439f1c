#!/usr/bin/env bash
# Measures the release build's HTTP throughput and latency with wrk on loopback, against a throwaway local mongod.
#   scripts/bench/http.sh [runs=3] [seconds=10] [connections=32]
# Prints every run and the median per path. Numbers only: nothing here passes or fails.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
cd "$AMAZONE_ROOT"

runs=${1:-3}
seconds=${2:-10}
connections=${3:-32}
paths=("/" "/health/live" "/health/ready")

command -v wrk >/dev/null || { echo "bench: wrk is missing: apt-get install wrk" >&2; exit 1; }
scripts/setup.sh >/dev/null
LEPTOS_ENV=PROD cargo leptos build --release --precompress >/dev/null 2>&1

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
data_dir=$(mktemp -d /tmp/amazone-bench-mongod-XXXX)
AMAZONE_SITE_ADDR="127.0.0.1:$port" AMAZONE_MONGODB_URI="" AMAZONE_MONGOD_PORT=0 AMAZONE_MONGOD_DATA_DIR="$data_dir" \
  AMAZONE_DATABASE=amazone_bench RUST_LOG=warn target/release/amazone serve &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data_dir"' EXIT

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break
  sleep 0.5
done

echo "wrk: $runs runs x ${seconds}s, $connections connections, 2 threads, release build, $(nproc) cores"
printf '%-15s %5s %12s %10s %10s\n' path run "requests/s" "p50 ms" "p99 ms"
for path in "${paths[@]}"; do
  rates=()
  for run in $(seq 1 "$runs"); do
    out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -H 'Accept-Encoding: br' "http://127.0.0.1:$port$path")
    rate=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
    p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
    p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
    printf '%-15s %5s %12s %10s %10s\n' "$path" "$run" "$rate" "$p50" "$p99"
    rates+=("$rate")
  done
  median=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  printf '%-15s %5s %12s\n' "$path" median "$median"
done
