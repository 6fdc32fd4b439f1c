#!/usr/bin/env bash
# Buying under load: signed-in customers (each with its own session) adding to their carts, then checking out, over
# HTTP against the release server with its seeded sample data (examples/shop_load.rs). Prints requests/s and p50/p99
# per run. add-to-cart is one reservation transaction; checkout times only "place order" (one transaction). The
# delivery phase has the customers ordering while `partners` partners deliver (as many as the customers unless told).
#   scripts/bench/cart.sh [runs=3] [seconds=10] [clients=32] [partners=clients]
# Numbers only: nothing here passes or fails.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

runs=${1:-3}
seconds=${2:-10}
clients=${3:-32}
partners=${4:-$clients}

bench_build
bench_tools --example shop_load >/dev/null 2>&1
mongod_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export AMAZONE_MONGOD_PORT=$mongod_port
bench_serve
echo "$clients clients ($partners partners in the delivery phase) x ${seconds}s per phase, release build, $(nproc) cores, mongod on the same machine"
for run in $(seq 1 "$runs"); do
  echo "run $run"
  "$BENCH_TOOLS"/shop_load "http://127.0.0.1:$bench_port" "mongodb://127.0.0.1:$mongod_port/?directConnection=true" \
    amazone_bench "$clients" "$seconds" "$partners"
done
