#!/usr/bin/env bash
# Recomputing every customer's recommendations at scale: generates the data set into a throwaway local mongod, runs
# `amazone maintenance recommendations` several times (its summary: counts, the process's peak memory, seconds), then the original's approach once on the same data (examples/recommend_original.rs: one query and one
# update per customer), and prints the median and the ratio. Numbers only: nothing here passes or fails.
#   scripts/bench/recommend.sh [runs=3] [customers=100000] [ratings=1000000] [products=10000] [orders=200000]
set -euo pipefail
source "$(dirname "$0")/../env.sh"
cd "$AMAZONE_ROOT"

runs=${1:-3}
customers=${2:-100000}
ratings=${3:-1000000}
products=${4:-10000}
orders=${5:-200000}

scripts/setup.sh >/dev/null
cargo_release --bin amazone >/dev/null 2>&1
bench_tools --example recommend_original >/dev/null 2>&1

data_dir=$(mktemp -d /tmp/amazone-bench-recommend-XXXX)
trap 'rm -rf "$data_dir"' EXIT
export AMAZONE_MONGODB_URI="" AMAZONE_MONGOD_DATA_DIR="$data_dir" AMAZONE_MONGOD_PORT=0 AMAZONE_DATABASE=bench \
  RUST_LOG=warn

echo "data: $customers customers, $products products, $orders orders, $ratings ratings (amazone generate --seed 42)"
target/release/amazone generate --seed 42 --customers "$customers" --products "$products" --orders "$orders" \
  --ratings "$ratings" --carts 0 | tail -1
echo "release build, $(nproc) cores, mongod on the same machine (started and stopped by each command)"

results=()
for run in $(seq 1 "$runs"); do
  summary=$(target/release/amazone maintenance recommendations | grep "customers updated")
  echo "run $run: $summary"
  results+=("$(awk '{ print $(NF-1) }' <<<"$summary")")
done
median=$(printf '%s\n' "${results[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "median: $median s"

original=$("$BENCH_TOOLS"/recommend_original | tail -1)
echo "$original"
original_seconds=$(awk '{ for (i = 1; i <= NF; i++) if ($i == "s") print $(i-1) }' <<<"$original" | head -1)
awk -v new="$median" -v old="$original_seconds" 'BEGIN { printf "ratio: the original takes %.1fx as long\n", old / new }'
