#!/usr/bin/env bash
# make size-floor: how small the page could be at best. Builds (1) the analysis core alone and
# (2) the smallest Yew page, each for wasm32 with the page's release profile, wasm-bindgen and
# the same wasm-opt flags as index.html, and prints their gzip sizes by section. Their sum is a
# floor under the first load: the page holds both, plus its views, glue, HTML and CSS.
set -euo pipefail
cd "$(dirname "$0")/.."
flags=$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html)
out=target/size-floor
mkdir -p "$out"
for part in core yew; do
  echo "==> building the size floor: $part" >&2
  CARGO_TARGET_DIR=target/size-floor/cargo cargo build -q --locked --release --target wasm32-unknown-unknown --manifest-path tests/size/$part/Cargo.toml
done
wasm-bindgen --target web --out-dir "$out/core" target/size-floor/cargo/wasm32-unknown-unknown/release/size_floor_core.wasm
wasm-bindgen --target web --out-dir "$out/yew" target/size-floor/cargo/wasm32-unknown-unknown/release/size-floor-yew.wasm
# shellcheck disable=SC2086
wasm-opt -Oz $flags "$out/core/size_floor_core_bg.wasm" -o "$out/core.wasm"
# shellcheck disable=SC2086
wasm-opt -Oz $flags "$out/yew/size-floor-yew_bg.wasm" -o "$out/yew.wasm"
node scripts/size-floor.mjs "$out/core.wasm" "$out/yew.wasm"
