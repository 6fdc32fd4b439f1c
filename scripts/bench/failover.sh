#!/usr/bin/env bash
# Failover under load: the release server on a local three-member replica set (AMAZONE_MONGOD_MEMBERS=3) with its
# seeded sample data; `clients` signed-in customers add to cart and place orders for `seconds` while the set's primary
# is killed (SIGKILL) at `kill_at` (examples/failover_load.rs). Each run starts a new set (the killed member is not
# brought back). Prints, per run, orders/s before and after the kill, the longest order, failed attempts and
# acknowledged orders missing afterwards. Numbers only: nothing here passes or fails.
#   scripts/bench/failover.sh [runs=3] [seconds=60] [clients=32] [kill_at=20]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

runs=${1:-3}
seconds=${2:-60}
clients=${3:-32}
kill_at=${4:-20}

bench_build
bench_tools --example failover_load >/dev/null 2>&1
export AMAZONE_MONGOD_MEMBERS=3
echo "$clients customers x ${seconds}s, primary killed at ${kill_at}s, 3 members, release build, $(nproc) cores, all on one machine"
for run in $(seq 1 "$runs"); do
  # Three consecutive free ports for the members (the first is asked for; the others follow it).
  base=$(python3 -c '
import socket
for port in range(20000, 60000, 7):
    try:
        socks = [socket.socket() for _ in range(3)]
        for n, s in enumerate(socks): s.bind(("127.0.0.1", port + n))
        print(port); break
    except OSError: pass
    finally:
        for s in socks: s.close()')
  export AMAZONE_MONGOD_PORT=$base AMAZONE_MONGOD_DATA_DIR="$bench_data_dir/run-$run"
  bench_serve
  uri="mongodb://127.0.0.1:$base,127.0.0.1:$((base + 1)),127.0.0.1:$((base + 2))/?replicaSet=rs0"
  echo "run $run"
  "$BENCH_TOOLS"/failover_load "http://127.0.0.1:$bench_port" "$uri" amazone_bench "$clients" "$seconds" "$kill_at"
  kill -TERM "$bench_server"
  wait "$bench_server" 2>/dev/null || true
  bench_server=""
done
