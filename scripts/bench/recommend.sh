#!/usr/bin/env bash
# Recomputing every customer's recommendations at scale: generates the data set into a throwaway local mongod, then
# several times: empties every list (examples/clear_recommendations.rs) and runs `amazone maintenance
# recommendations`, which must then write every list (the worst case), and runs it again on the same data, which
# finds every list unchanged and writes none (a night with nothing new), and again after 1% new ratings
# (examples/add_ratings.rs: random customers rating random products, a night's worth), to count the lists a real
# night rewrites. Each run prints its summary (counts, the
# process's peak memory, seconds) and where the seconds went. Then the original's approach once on the same data
# (examples/recommend_original.rs: one query and one update per customer), and the medians and the ratio.
# Numbers only: nothing here passes or fails.
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
bench_tools --example recommend_original --example clear_recommendations --example add_ratings >/dev/null 2>&1

data_dir=$(mktemp -d /tmp/amazone-bench-recommend-XXXX)
trap 'rm -rf "$data_dir"' EXIT
export AMAZONE_MONGODB_URI="" AMAZONE_MONGOD_DATA_DIR="$data_dir" AMAZONE_MONGOD_PORT=0 AMAZONE_DATABASE=bench \
  RUST_LOG=warn,amazone::server::recommend::job=info

echo "data: $customers customers, $products products, $orders orders, $ratings ratings (amazone generate --seed 42)"
target/release/amazone generate --seed 42 --customers "$customers" --products "$products" --orders "$orders" \
  --ratings "$ratings" --carts 0 | tail -1
echo "release build, $(nproc) cores, mongod on the same machine (started and stopped by each command)"

# One run: its summary line, then its phases in seconds (reading histories; the rating summaries and catalogue, read
# while the model is fitted; fitting; computing lists; the bulk writes, added up though two are in flight at once).
run_once() {
  local out summary phases
  out=$(target/release/amazone maintenance recommendations 2>&1)
  summary=$(grep "customers updated" <<<"$out")
  phases=$(sed 's/\x1b\[[0-9;]*m//g' <<<"$out" | grep -o 'read=.*' | sed -E 's/=([0-9]+\.[0-9])[0-9]*/=\1/g')
  echo "$summary; $phases"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

every_list=()
unchanged=()
new_ratings=()
for run in $(seq 1 "$runs"); do
  "$BENCH_TOOLS"/clear_recommendations >/dev/null
  line=$(run_once)
  echo "run $run, every list new:  $line"
  every_list+=("$(grep -o '[0-9.]* s;' <<<"$line" | awk '{ print $1 }')")
  line=$(run_once)
  echo "run $run, nothing new:     $line"
  unchanged+=("$(grep -o '[0-9.]* s;' <<<"$line" | awk '{ print $1 }')")
  "$BENCH_TOOLS"/add_ratings $((ratings / 100)) "$run" >/dev/null
  line=$(run_once)
  echo "run $run, 1% new ratings:  $line"
  new_ratings+=("$(grep -o '[0-9.]* s;' <<<"$line" | awk '{ print $1 }')")
done
median=$(printf '%s\n' "${every_list[@]}" | median)
echo "median, every list new: $median s"
echo "median, nothing new: $(printf '%s\n' "${unchanged[@]}" | median) s"
echo "median, 1% new ratings: $(printf '%s\n' "${new_ratings[@]}" | median) s"

original=$("$BENCH_TOOLS"/recommend_original | tail -1)
echo "$original"
original_seconds=$(awk '{ for (i = 1; i <= NF; i++) if ($i == "s") print $(i-1) }' <<<"$original" | head -1)
awk -v new="$median" -v old="$original_seconds" 'BEGIN { printf "ratio: the original takes %.1fx as long\n", old / new }'
