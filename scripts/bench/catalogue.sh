#!/usr/bin/env bash
# The catalogue at scale: generates 50k products (with customers and ratings so that averages and facets are real)
# into a throwaway mongod, then measures category, search, product and home page requests with wrk on loopback, as
# guests delivered to `country` (GB: pounds; FR: euros, French VAT, the EU's stores and warehouse). Guests without a
# session are served from the page cache (rendered once per catalogue period); the same pages are then measured for a
# shopper with a session (one who picked their country in "Deliver to"), which are rendered for every request.
#   scripts/bench/catalogue.sh [runs=3] [seconds=10] [connections=32] [products=50000] [country=GB]
# Numbers only: nothing here passes or fails.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

runs=${1:-3}
seconds=${2:-10}
connections=${3:-32}
products=${4:-50000}
country=${5:-GB}

bench_build
echo "generating $products products..."
AMAZONE_SEED=false target/release/amazone generate --seed 7 --products "$products" --customers 10000 \
  --orders 20000 --ratings 300000 --carts 0 >/dev/null
# Guests without a session are delivered to the default country.
AMAZONE_DEFAULT_COUNTRY=$country AMAZONE_SEED=false bench_serve
echo "shoppers delivered to $country"

# Real ids and words from the generated catalogue: the first book, and the first phone's brand.
product=$(curl -fs "http://127.0.0.1:$bench_port/c/books" | grep -o 'href="/p/[^"]*"' | head -1 | cut -d/ -f3 | tr -d '"')
word=$(curl -fs "http://127.0.0.1:$bench_port/c/mobile-phones" | grep -o 'product-card-name">[A-Za-z]*' | head -1 | cut -d'>' -f2)
# A card's picture, as a browser asks for it (a cached picture: the server keeps it in memory after the first read).
picture=$(curl -fs "http://127.0.0.1:$bench_port/c/books" | grep -o 'src="/pictures/[0-9a-f]*"' | head -1 | cut -d'"' -f2)
echo "product $product, search word \"$word\", picture $picture"

bench_wrk "$runs" "$seconds" "$connections" \
  "category=/c/books" \
  "category-filtered=/c/books?rating=3&in_stock=1&sort=price_asc&page=2" \
  "search=/search?q=$word" \
  "search-filtered=/search?q=$word&category=mobile-phones&sort=price_desc" \
  "product=/p/$product" \
  "picture=$picture" \
  "home=/"

# A session of a guest who picked their country: every page is rendered for them (the page cache does not apply).
session=$(curl -fs -o /dev/null -c - -d "country=$country" "http://127.0.0.1:$bench_port/api/deliver_to" \
  | awk '$6 == "amazone_session" { print $6 "=" $7 }')
echo "with a session ($session): every page rendered"
BENCH_COOKIE=$session bench_wrk "$runs" "$seconds" "$connections" \
  "category+session=/c/books" \
  "search+session=/search?q=$word" \
  "product+session=/p/$product" \
  "home+session=/"
