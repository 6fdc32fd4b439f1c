# Sourced by the other scripts: puts the project's own tools first on PATH.
# binaryen's wasm-opt from npm must win over Debian's (version 108 breaks hydration); cargo's bin for cargo-leptos.
AMAZONE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$AMAZONE_ROOT/scripts/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# The server built outside cargo-leptos (for command-line runs) with the environment and features cargo-leptos gives
# its server build, so that both share one compiled crate: any difference makes cargo rebuild the whole crate
# (minutes) every time the two alternate.
cargo_release() {
  LEPTOS_OUTPUT_NAME=amazone LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_SITE_ADDR=127.0.0.1:3000 \
    LEPTOS_RELOAD_PORT=3001 LEPTOS_LIB_DIR=. LEPTOS_BIN_DIR=. LEPTOS_HASH_FILES=true LEPTOS_HASH_FILE_NAME=hash.txt \
    LEPTOS_JS_MINIFY=true LEPTOS_ENV=PROD cargo build --release --no-default-features --features ssr "$@"
}

# The examples that drive a store (benchmark tools) in their own target folder: they bring in the dev-dependencies,
# whose features change shared dependencies, which would otherwise make cargo rebuild the server after them.
bench_tools() {
  CARGO_TARGET_DIR="$AMAZONE_ROOT/target/bench-tools" cargo build --release --features ssr "$@"
}
BENCH_TOOLS="$AMAZONE_ROOT/target/bench-tools/release/examples"
