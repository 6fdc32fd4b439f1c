#!/usr/bin/env bash
# Restocking and recording the daily inventory level at scale: generates a catalogue into a throwaway local mongod
# (fresh food in each of the 21 stores, everything else in a warehouse), then per run empties one store in ten of
# every fresh product and one warehouse record in ten (examples/lower_stock.rs) and times
# `amazone maintenance restock` refilling them and `amazone maintenance record-inventory` recording every level.
# Then the original's approach, one query per item (examples/stock_jobs_original.rs), on the first `sample` stock
# records of each kind, and the ratio of the rates. Numbers only: nothing here passes or fails.
#   scripts/bench/stock-jobs.sh [runs=3] [products=100000] [sample=3000]
set -euo pipefail
source "$(dirname "$0")/../env.sh"
cd "$AMAZONE_ROOT"

runs=${1:-3}
products=${2:-100000}
sample=${3:-3000}

scripts/setup.sh >/dev/null
cargo_release --bin amazone >/dev/null 2>&1
bench_tools --example lower_stock --example stock_jobs_original >/dev/null 2>&1

data_dir=$(mktemp -d /tmp/amazone-bench-stock-XXXX)
trap 'rm -rf "$data_dir"' EXIT
export AMAZONE_MONGODB_URI="" AMAZONE_MONGOD_DATA_DIR="$data_dir" AMAZONE_MONGOD_PORT=0 AMAZONE_DATABASE=bench \
  RUST_LOG=warn

echo "data: $products products (amazone generate --seed 42 --customers 0), fresh food in every store"
echo "release build, $(nproc) cores, mongod on the same machine (started and stopped by each command)"
target/release/amazone generate --seed 42 --customers 0 --products "$products" | tail -1

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# "N units restocked at M locations; peak memory X; S s" -> "M S"
places_and_seconds() { sed -E 's/.* at ([0-9]+) locations?;.* ([0-9.]+) s$/\1 \2/; s/^([0-9]+) stock levels? recorded;.* ([0-9.]+) s$/\1 \2/'; }

restock_seconds=() record_seconds=()
for run in $(seq 1 "$runs"); do
  "$BENCH_TOOLS"/lower_stock >/dev/null
  restock=$(target/release/amazone maintenance restock | tail -1)
  record=$(target/release/amazone maintenance record-inventory | tail -1)
  read -r restocked restock_s <<<"$(places_and_seconds <<<"$restock")"
  read -r recorded record_s <<<"$(places_and_seconds <<<"$record")"
  echo "run $run: restock $restocked places in $restock_s s ($(awk -v n="$restocked" -v s="$restock_s" 'BEGIN { printf "%.0f", n / s }')/s);" \
    "record-inventory $recorded levels in $record_s s ($(awk -v n="$recorded" -v s="$record_s" 'BEGIN { printf "%.0f", n / s }')/s)"
  restock_seconds+=("$restock_s") record_seconds+=("$record_s")
done
restock_median=$(median "${restock_seconds[@]}")
record_median=$(median "${record_seconds[@]}")
echo "median: restock $restock_median s, record-inventory $record_median s"

"$BENCH_TOOLS"/lower_stock >/dev/null
original=$("$BENCH_TOOLS"/stock_jobs_original "$sample")
echo "$original"
read -r original_restocked original_restock_s <<<"$(grep "original restock" <<<"$original" | sed -E 's/.*: ([0-9]+) places in ([0-9.]+) s/\1 \2/')"
read -r original_recorded original_record_s <<<"$(grep "original record" <<<"$original" | sed -E 's/.*: ([0-9]+) levels in ([0-9.]+) s/\1 \2/')"
awk -v n="$restocked" -v s="$restock_median" -v on="$original_restocked" -v os="$original_restock_s" \
  'BEGIN { printf "restock: %.0f places/s against the original'"'"'s %.0f: %.1fx\n", n / s, on / os, (n / s) / (on / os) }'
awk -v n="$recorded" -v s="$record_median" -v on="$original_recorded" -v os="$original_record_s" \
  'BEGIN { printf "record-inventory: %.0f levels/s against the original'"'"'s %.0f: %.1fx\n", n / s, on / os, (n / s) / (on / os) }'
