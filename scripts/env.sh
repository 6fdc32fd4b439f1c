# Sourced by the other scripts: puts the project's own tools first on PATH.
# binaryen's wasm-opt from npm must win over Debian's (version 108 breaks hydration); cargo's bin for cargo-leptos.
AMAZONE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$AMAZONE_ROOT/scripts/node_modules/.bin:$HOME/.cargo/bin:$PATH"
