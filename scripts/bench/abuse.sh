#!/usr/bin/env bash
# Under attack: the release server with its sample data, flooded for 30 s with wrong passwords for the admin
# account, 1 MB forms and search requests while product pages are timed (examples/abuse_load.rs). Prints the
# server's resident memory before, at its peak and after, what each flood got back, and the product pages' p50/p99.
# Numbers only: nothing here passes or fails.
#   scripts/bench/abuse.sh [seconds=30]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

seconds=${1:-30}
bench_build
bench_tools --example abuse_load >/dev/null 2>&1
bench_serve
rss() { awk -v key="$1" '$1 == key":" { printf "%.0f MB", $2 / 1024 }' "/proc/$bench_server/status"; }
product=$(curl -fs "http://127.0.0.1:$bench_port/search?q=book" | grep -o 'href="/p/[0-9a-f]*"' | head -1 | cut -d'"' -f2)
echo "release build, $(nproc) cores, mongod on the same machine; ${seconds}s of floods; timing $product"
echo "server memory before: $(rss VmRSS)"
"$BENCH_TOOLS"/abuse_load "http://127.0.0.1:$bench_port" "$product" "$seconds"
echo "server memory: peak $(rss VmHWM), right after $(rss VmRSS)"
sleep 5
echo "server memory 5 s later: $(rss VmRSS)"
