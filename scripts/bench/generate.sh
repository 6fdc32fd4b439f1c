#!/usr/bin/env bash
# Times `amazone generate` at full scale against a throwaway local mongod, several runs, and prints the median.
#   scripts/bench/generate.sh [runs=3] [customers=100000] [products=50000] [orders=300000] [ratings=1000000]
set -euo pipefail
source "$(dirname "$0")/../env.sh"
cd "$AMAZONE_ROOT"

runs=${1:-3}
customers=${2:-100000}
products=${3:-50000}
orders=${4:-300000}
ratings=${5:-1000000}

scripts/setup.sh >/dev/null
cargo_release --bin amazone >/dev/null 2>&1

echo "generate: $customers customers, $products products, $orders orders, $ratings ratings; release build, $(nproc) cores"
# Two figures per run: the generator's own (documents written, every one in its region) and the whole command's
# (starting and stopping the local mongod included), which is what someone running it waits for.
results=()
wall=()
for run in $(seq 1 "$runs"); do
  data_dir=$(mktemp -d /tmp/amazone-bench-generate-XXXX)
  started=$(date +%s.%N)
  line=$(AMAZONE_MONGODB_URI="" AMAZONE_MONGOD_DATA_DIR="$data_dir" AMAZONE_MONGOD_PORT=0 AMAZONE_DATABASE=bench RUST_LOG=warn \
    target/release/amazone generate --customers "$customers" --products "$products" --orders "$orders" \
    --ratings "$ratings" --carts 1000 | tail -1)
  seconds=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  rm -rf "$data_dir"
  echo "run $run: $line; the whole command $seconds s"
  results+=("$(awk '{ print $4 }' <<<"$line")")
  wall+=("$seconds")
done
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "median: $(printf '%s\n' "${results[@]}" | median) s generating, $(printf '%s\n' "${wall[@]}" | median) s the whole command"
