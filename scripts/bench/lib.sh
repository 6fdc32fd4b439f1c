# Shared by the HTTP benchmarks: build, a throwaway mongod under a release server, and wrk runs with medians.
# Source it from a benchmark script after `set -euo pipefail`.
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"
cd "$AMAZONE_ROOT"

# wrk, from Debian's packages, installed the first time (as root, or through sudo).
if ! command -v wrk >/dev/null; then
  echo "bench: installing wrk"
  if [[ $(id -u) -eq 0 ]]; then apt_get=(apt-get); else apt_get=(sudo apt-get); fi
  "${apt_get[@]}" install -y -qq --no-install-recommends wrk >/dev/null \
    || { "${apt_get[@]}" update -qq && "${apt_get[@]}" install -y -qq --no-install-recommends wrk >/dev/null; } \
    || { echo "bench: wrk is missing and could not be installed: apt-get install wrk" >&2; exit 1; }
fi

bench_build() {
  scripts/setup.sh >/dev/null
  scripts/build-release.sh >/dev/null 2>&1
}

# A temporary data folder for the benchmark's own mongod, removed on exit.
bench_data_dir=$(mktemp -d /tmp/amazone-bench-mongod-XXXX)
bench_server=""
trap '[ -n "$bench_server" ] && kill -TERM $bench_server 2>/dev/null; wait 2>/dev/null; rm -rf "$bench_data_dir"' EXIT
export AMAZONE_MONGODB_URI="" AMAZONE_MONGOD_PORT=0 AMAZONE_MONGOD_DATA_DIR="$bench_data_dir" \
  AMAZONE_DATABASE=amazone_bench RUST_LOG=warn

# Starts the release server on a free port (exported as bench_port) and waits until it is ready.
bench_serve() {
  bench_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  AMAZONE_SITE_ADDR="127.0.0.1:$bench_port" target/release/amazone serve &
  bench_server=$!
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$bench_port/health/ready" >/dev/null && return 0
    sleep 0.5
  done
  echo "bench: the server did not become ready" >&2
  exit 1
}

# bench_wrk RUNS SECONDS CONNECTIONS LABEL=PATH...: every run, then the median requests/s and p99 per path.
# With BENCH_COOKIE set, every request sends it (a shopper with a session, say).
bench_wrk() {
  local runs=$1 seconds=$2 connections=$3
  shift 3
  local cookie=()
  [ -n "${BENCH_COOKIE:-}" ] && cookie=(-H "Cookie: $BENCH_COOKIE")
  echo "wrk: $runs runs x ${seconds}s, $connections connections, 2 threads, brotli, release build, $(nproc) cores"
  printf '%-22s %5s %12s %10s %10s\n' page run "requests/s" "p50 ms" "p99 ms"
  local entry label path out rate p50 p99 rates p99s
  for entry in "$@"; do
    label=${entry%%=*}
    path=${entry#*=}
    rates=()
    p99s=()
    for run in $(seq 1 "$runs"); do
      out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -H 'Accept-Encoding: br' "${cookie[@]}" "http://127.0.0.1:$bench_port$path")
      rate=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
      p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
      p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
      if grep -q "Non-2xx" <<<"$out"; then
        echo "bench: $path answered errors: $(grep Non-2xx <<<"$out")" >&2
      fi
      printf '%-22s %5s %12s %10s %10s\n' "$label" "$run" "$rate" "$p50" "$p99"
      rates+=("$rate")
      p99s+=("$(to_ms "$p99")")
    done
    printf '%-22s %5s %12s %10s %10s\n' "$label" median "$(median "${rates[@]}")" "" "$(median "${p99s[@]}")ms"
  done
}

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# wrk prints latencies as 812.00us, 3.20ms or 1.02s.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
  }'
}
