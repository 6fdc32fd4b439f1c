#!/usr/bin/env bash
# The regions migration at scale: generates customers, orders, ratings and products into a throwaway local mongod,
# takes every `region` away again and puts each product's fresh stock back into one document for every store
# (examples/unstamp_regions.rs: a store from before regions), and times `amazone migrate` stamping and splitting
# them all (migration 5; 7 and 8 then find nothing left), several runs (each on a database of its own). Prints the
# documents and seconds per run (as the migrations ledger records them) and the median. Numbers only.
#   scripts/bench/migrate-regions.sh [runs=3] [customers=100000] [orders=300000] [products=1000]
set -euo pipefail
source "$(dirname "$0")/../env.sh"
cd "$AMAZONE_ROOT"

runs=${1:-3}
customers=${2:-100000}
orders=${3:-300000}
products=${4:-1000}

scripts/setup.sh >/dev/null
cargo_release --bin amazone >/dev/null 2>&1
bench_tools --example unstamp_regions >/dev/null 2>&1

bench_dir=$(mktemp -d /tmp/amazone-bench-regions-XXXX)
trap 'rm -rf "$bench_dir"' EXIT
export AMAZONE_MONGODB_URI="" AMAZONE_MONGOD_PORT=0 AMAZONE_DATABASE=bench RUST_LOG=warn

echo "data: $customers customers, $orders orders, $customers ratings, $products products (amazone generate --seed 42)"
echo "release build, $(nproc) cores, mongod on the same machine (started and stopped by each command)"

results=()
for run in $(seq 1 "$runs"); do
  export AMAZONE_MONGOD_DATA_DIR="$bench_dir/run-$run"
  mkdir -p "$AMAZONE_MONGOD_DATA_DIR"
  target/release/amazone generate --seed 42 --customers "$customers" --orders "$orders" --ratings "$customers" \
    --products "$products" --carts 1000 >/dev/null
  documents=$("$BENCH_TOOLS"/unstamp_regions)
  line=$(target/release/amazone migrate | grep -E "^ +5  regions")
  seconds=$(sed -E 's/.* in ([0-9.]+) s$/\1/' <<<"$line")
  changed=$(sed -E 's/.*, ([0-9]+) changed in.*/\1/' <<<"$line")
  echo "run $run: $documents; $changed documents stamped in $seconds s"
  results+=("$seconds")
  rm -rf "$AMAZONE_MONGOD_DATA_DIR"
done
median=$(printf '%s\n' "${results[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "median: $median s"
