#!/usr/bin/env bash
# Prints the size of the release wasm, JS and CSS as shipped: raw, gzip and brotli (the precompressed files).
#   scripts/bench/wasm-size.sh
set -euo pipefail
source "$(dirname "$0")/../env.sh"
cd "$AMAZONE_ROOT"

scripts/setup.sh >/dev/null
LEPTOS_ENV=PROD cargo leptos build --release --precompress >/dev/null 2>&1
printf '%-8s %10s %10s %10s\n' file raw gzip brotli
for ext in wasm js css; do
  file=$(ls target/site/pkg/*."$ext" | head -1)
  printf '%-8s %10s %10s %10s\n' "$ext" "$(stat -c %s "$file")" "$(stat -c %s "$file.gz")" "$(stat -c %s "$file.br")"
done
