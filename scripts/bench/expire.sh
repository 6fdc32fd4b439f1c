#!/usr/bin/env bash
# Expiring stale carts at scale: generates customers with one stale cart each into a throwaway local mongod, runs
# `amazone maintenance expire-carts` several times (the generator puts the same carts back before each run), then
# the original's approach once on the same carts (examples/expire_original.rs: one cart at a time, a query per
# item), and prints carts/s, the median and the ratio. Numbers only: nothing here passes or fails.
# Generated carts record no reservation, so examples/reserve_cart_lines.rs marks every line reserved from where its
# product is held before each run: expiry then returns every unit, as in a store. (The units were never taken from
# stock, so each run adds them to it: harmless for timing.)
#   scripts/bench/expire.sh [runs=3] [carts=100000] [products=10000]
set -euo pipefail
source "$(dirname "$0")/../env.sh"
cd "$AMAZONE_ROOT"

runs=${1:-3}
carts=${2:-100000}
products=${3:-10000}

scripts/setup.sh >/dev/null
cargo_release --bin amazone >/dev/null 2>&1
bench_tools --example expire_original --example reserve_cart_lines >/dev/null 2>&1

data_dir=$(mktemp -d /tmp/amazone-bench-expire-XXXX)
trap 'rm -rf "$data_dir"' EXIT
# Every generated cart is older than a second: all of them are stale.
export AMAZONE_MONGODB_URI="" AMAZONE_MONGOD_DATA_DIR="$data_dir" AMAZONE_MONGOD_PORT=0 AMAZONE_DATABASE=bench \
  AMAZONE_CART_LIFETIME=1s RUST_LOG=warn,amazone::server::maintenance::expire=info

put_carts_back() {
  target/release/amazone generate --seed 42 --customers "$carts" --products "$products" --orders 0 --ratings 0 \
    --carts "$carts" | grep -E "^carts " || true
  "$BENCH_TOOLS"/reserve_cart_lines
}

echo "data: $carts stale carts (1-3 lines each) of $carts customers, $products products (amazone generate --seed 42)"
echo "release build, $(nproc) cores, mongod on the same machine (started and stopped by each command)"
put_carts_back

results=()
for run in $(seq 1 "$runs"); do
  [ "$run" -gt 1 ] && put_carts_back
  out=$(target/release/amazone maintenance expire-carts 2>&1)
  summary=$(grep -E "^[0-9]+ carts expired" <<<"$out")
  expired=$(awk '{ print $1 }' <<<"$summary")
  seconds=$(awk '{ print $(NF-1) }' <<<"$summary")
  echo "run $run: $summary ($(awk -v n="$expired" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }') carts/s)"
  # Where the seconds went: each step of the batches' transactions, added up, and the attempts (retries show as
  # more attempts than batches); the whole transactions beyond their steps are the commits.
  echo "  $(sed 's/\x1b\[[0-9;]*m//g' <<<"$out" | grep -o 'attempts=.*' | sed -E 's/=([0-9]+\.[0-9])[0-9]*/=\1/g')"
  results+=("$seconds")
done
median=$(printf '%s\n' "${results[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "median: $median s"

put_carts_back
original=$("$BENCH_TOOLS"/expire_original | tail -1)
echo "$original"
original_seconds=$(awk '{ for (i = 1; i <= NF; i++) if ($i == "s:") print $(i-1) }' <<<"$original" | head -1)
awk -v new="$median" -v old="$original_seconds" 'BEGIN { printf "ratio: the original takes %.1fx as long\n", old / new }'
