#!/usr/bin/env bash
# Prints what the browser downloads, as shipped by the release build (`--split`: the pages a catalogue visit never
# needs are lazy wasm chunks): raw, gzip and brotli bytes (the precompressed files the server sends) of the main
# wasm, the JS and CSS, every lazy chunk, and what a first visit to a catalogue page downloads (main wasm + JS + CSS).
#   scripts/bench/wasm-size.sh            builds first
#   scripts/bench/wasm-size.sh --no-build measures target/site/pkg as it is
set -euo pipefail
source "$(dirname "$0")/../env.sh"
cd "$AMAZONE_ROOT"

if [[ "${1:-}" != "--no-build" ]]; then
  scripts/setup.sh >/dev/null
  scripts/build-release.sh >/dev/null 2>&1
fi
pkg=target/site/pkg
row() { printf '%-44s %9s %9s %9s\n' "$1" "$(stat -c %s "$2")" "$(stat -c %s "$2.gz")" "$(stat -c %s "$2.br")"; }
printf '%-44s %9s %9s %9s\n' file raw gzip brotli
main_wasm=$(ls "$pkg"/amazone.*.wasm | head -1)
main_js=$(ls "$pkg"/amazone.*.js | head -1)
css=$(ls "$pkg"/amazone.*.css | head -1)
split_js=$(ls "$pkg"/__wasm_split.*.js 2>/dev/null | head -1 || true)
row "main wasm" "$main_wasm"
row "main js" "$main_js"
[[ -n "$split_js" ]] && row "chunk loader js" "$split_js"
row "css" "$css"
first_visit=$(( $(stat -c %s "$main_wasm.br") + $(stat -c %s "$main_js.br") + $(stat -c %s "$css.br") ))
[[ -n "$split_js" ]] && first_visit=$(( first_visit + $(stat -c %s "$split_js.br") ))
for chunk in "$pkg"/split_*.wasm; do
  [[ -e "$chunk" ]] || continue
  name=$(basename "$chunk" | sed -E 's/^split___(.*)_route_view_.*/lazy: \1/')
  row "$name" "$chunk"
done
shared=0; count=0
for chunk in "$pkg"/chunk_*.wasm; do
  [[ -e "$chunk" ]] || continue
  shared=$(( shared + $(stat -c %s "$chunk.br") )); count=$(( count + 1 ))
done
printf '%-44s %29s\n' "shared chunks ($count, brotli, all together)" "$shared"
printf '%-44s %29s\n' "first catalogue visit (brotli: wasm+js+css)" "$first_visit"
