#!/usr/bin/env bash
# Giving waiting orders a partner at scale: generates a store into a throwaway local mongod, puts `orders` orders
# waiting for a partner (examples/waiting_orders.rs) with every partner on duty and room enough for all of them,
# then times `amazone maintenance assign-partners` (one transaction per order), several runs, and prints orders/s
# and the median. Numbers only: nothing here passes or fails.
#   scripts/bench/assign.sh [runs=3] [orders=100000]
set -euo pipefail
source "$(dirname "$0")/../env.sh"
cd "$AMAZONE_ROOT"

runs=${1:-3}
orders=${2:-100000}
customers=10000 # the generator makes one partner per 400 customers: 25

scripts/setup.sh >/dev/null
cargo_release --bin amazone >/dev/null 2>&1
bench_tools --example waiting_orders >/dev/null 2>&1

data_dir=$(mktemp -d /tmp/amazone-bench-assign-XXXX)
trap 'rm -rf "$data_dir"' EXIT
export AMAZONE_MONGODB_URI="" AMAZONE_MONGOD_DATA_DIR="$data_dir" AMAZONE_MONGOD_PORT=0 AMAZONE_DATABASE=bench \
  RUST_LOG=warn AMAZONE_SEED=false
# Room for every order: the partners' capacity is raised so that the job, not the fleet, is what is measured.
export AMAZONE_PARTNER_CAPACITY=$(( orders / (customers / 400) + 1 ))

target/release/amazone generate --seed 42 --customers "$customers" --products 1000 --orders 0 --ratings 0 \
  --carts 0 >/dev/null
echo "data: $orders waiting orders, $(( customers / 400 )) partners with room for all (capacity $AMAZONE_PARTNER_CAPACITY)"
echo "release build, $(nproc) cores, mongod on the same machine (started and stopped by each command)"

results=()
for run in $(seq 1 "$runs"); do
  "$BENCH_TOOLS"/waiting_orders "$orders" >/dev/null
  summary=$(target/release/amazone maintenance assign-partners | grep "given a partner")
  assigned=$(awk '{ print $1 }' <<<"$summary")
  seconds=$(awk '{ print $(NF-1) }' <<<"$summary")
  echo "run $run: $summary ($(awk -v n="$assigned" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }') orders/s)"
  results+=("$seconds")
done
median=$(printf '%s\n' "${results[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "median: $median s"
