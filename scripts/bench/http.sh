#!/usr/bin/env bash
# Measures the release build's HTTP throughput and latency with wrk on loopback, against a throwaway local mongod
# holding the first-start sample data.
#   scripts/bench/http.sh [runs=3] [seconds=10] [connections=32]
# Prints every run and the median per path. Numbers only: nothing here passes or fails.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

bench_build
bench_serve
bench_wrk "${1:-3}" "${2:-10}" "${3:-32}" "home=/" "live=/health/live" "ready=/health/ready"
