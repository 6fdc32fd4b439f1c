#!/usr/bin/env bash
# Catalogue pages on a local three-member replica set (AMAZONE_MONGOD_MEMBERS=3: uk-1 primary, eu-1, uk-2), read
# with `mongodb.catalogue_reads` = primary, then = nearest (a UK guest's reads spread over uk-1 and uk-2): requests/s
# and p99 per page, medians of `runs`, with the catalogue cache off (so that every page reads MongoDB). All members share this machine's cores, so this measures the read policy's
# cost and the spreading of reads, not a second data centre's latency. Numbers only: nothing here passes or fails.
#   scripts/bench/catalogue-reads.sh [runs=3] [seconds=10] [connections=32] [products=20000]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

runs=${1:-3}
seconds=${2:-10}
connections=${3:-32}
products=${4:-20000}

bench_build
export AMAZONE_MONGOD_MEMBERS=3
echo "generating $products products on a three-member set..."
AMAZONE_SEED=false target/release/amazone generate --seed 7 --products "$products" --customers 5000 \
  --orders 10000 --ratings 100000 --carts 0 >/dev/null

for reads in primary nearest; do
  AMAZONE_MONGODB_CATALOGUE_READS=$reads AMAZONE_CATALOGUE_CACHE_SECS=0 AMAZONE_SEED=false bench_serve
  product=$(curl -fs "http://127.0.0.1:$bench_port/c/books" | grep -o 'href="/p/[^"]*"' | head -1 | cut -d/ -f3 | tr -d '"')
  word=$(curl -fs "http://127.0.0.1:$bench_port/c/mobile-phones" | grep -o 'product-card-name">[A-Za-z]*' | head -1 | cut -d'>' -f2)
  echo "catalogue reads: $reads (product $product, search word \"$word\")"
  bench_wrk "$runs" "$seconds" "$connections" \
    "category=/c/books" \
    "search=/search?q=$word" \
    "product=/p/$product" \
    "home=/"
  kill -TERM "$bench_server"
  wait "$bench_server" 2>/dev/null || true
  bench_server=""
done
