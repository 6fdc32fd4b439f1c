#!/usr/bin/env bash
# Builds the store for production, the one build command the run, test and benchmark scripts share: the browser's
# wasm, then the server. --precompress writes .br and .gz copies of the wasm, JS and CSS, served as they are; --split
# makes every page but the home page a lazy wasm chunk of its own (src/pages/lazy_pages.rs).
# Building the front end and the server side by side (`--frontend-only` and `--server-only` at once) was measured
# on 2 cores from a cold target: 15 min 09 s against 15 min 32 s one after the other, within noise, since both
# keep both cores busy; so the plain build stays.
#
# cargo-leptos regenerates the browser's bindings, wasm-opt pass and split chunks on every build, 3-4 minutes on
# 2 cores even when nothing changed; so the build is skipped when no input is newer than the last finished one.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$AMAZONE_ROOT"

# Two marks: the inputs' (taken before the build, so that a file changed while it runs is newer and builds again next
# time) and the site's (taken after it, so that a site written since by something else, `cargo leptos watch`'s debug
# build, is built again).
inputs_mark=target/.release-build-inputs
site_mark=target/.release-build-site
inputs=(src style public Cargo.toml Cargo.lock)
if [[ -f $inputs_mark && -f $site_mark && -x target/release/amazone && -d target/site/pkg \
      && -z $(find "${inputs[@]}" -newer "$inputs_mark" -print -quit) \
      && -z $(find target/site -newer "$site_mark" -print -quit) ]]; then
  printf 'The release build is current (nothing changed since it finished): not building again\n'
  exit 0
fi
touch "$inputs_mark.next"
LEPTOS_ENV=PROD cargo leptos build --release --precompress --split
mv "$inputs_mark.next" "$inputs_mark"
touch "$site_mark"
