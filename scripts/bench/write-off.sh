#!/usr/bin/env bash
# Writing off expired food at scale: generates a catalogue into a throwaway local mongod (fresh food in every store,
# one to three batches each), moves every batch's best-before 60 days back (examples/age_batches.rs) so that all are
# past their date, and times `amazone maintenance write-off-expired` removing them, several runs (each on a database
# of its own). Prints batches, seconds and batches/s per run, and the median. Numbers only.
#   scripts/bench/write-off.sh [runs=3] [products=8500]   (8,500 products give about 100,000 batches)
set -euo pipefail
source "$(dirname "$0")/../env.sh"
cd "$AMAZONE_ROOT"

runs=${1:-3}
products=${2:-8500}

scripts/setup.sh >/dev/null
cargo_release --bin amazone >/dev/null 2>&1
bench_tools --example age_batches >/dev/null 2>&1

bench_dir=$(mktemp -d /tmp/amazone-bench-write-off-XXXX)
trap 'rm -rf "$bench_dir"' EXIT
export AMAZONE_MONGODB_URI="" AMAZONE_MONGOD_PORT=0 AMAZONE_DATABASE=bench RUST_LOG=warn

echo "data: $products products (amazone generate --seed 42), every fresh batch past its date"
echo "release build, $(nproc) cores, mongod on the same machine (started and stopped by each command)"

results=()
for run in $(seq 1 "$runs"); do
  # A database of its own: the generator leaves existing documents as they are.
  export AMAZONE_MONGOD_DATA_DIR="$bench_dir/run-$run"
  mkdir -p "$AMAZONE_MONGOD_DATA_DIR"
  target/release/amazone generate --seed 42 --customers 0 --products "$products" >/dev/null
  batches=$("$BENCH_TOOLS"/age_batches | awk '{ print $1 }')
  summary=$(target/release/amazone maintenance write-off-expired | grep "written off")
  seconds=$(awk '{ print $(NF-1) }' <<<"$summary")
  echo "run $run: $batches batches; $summary ($(awk -v n="$batches" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }') batches/s)"
  results+=("$seconds")
  rm -rf "$AMAZONE_MONGOD_DATA_DIR"
done
median=$(printf '%s\n' "${results[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "median: $median s"
