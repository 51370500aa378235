#!/usr/bin/env bash
# Install what building and testing need, only when it is missing, saying what it does.
#   scripts/ensure-tools.sh build   wasm target, wasm-bindgen-cli (= Cargo.lock), Trunk, npm dev tools
#   scripts/ensure-tools.sh deny    cargo-deny only
#   scripts/ensure-tools.sh test    the build tools, plus cargo-deny, Debian's chromium and
#                                   chromium-driver, and Python's requests + PyJWT[crypto] and the
#                                   real clients (pytest-nhsd-apim, Authlib, requests-oauthlib) at the
#                                   versions of scripts/python-requirements.txt (the twin's client tests)
# Only the package registries are reachable here: nothing is downloaded from anywhere else, and
# Trunk runs offline with the tools installed below. Every `cargo install` is --locked: each tool
# is built from the dependency versions its authors locked, never from whatever is newest.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.22.1
# The toolchain of the page's release wasm (Makefile, PAGE_ENV): a dated nightly, with the
# standard library's source (rebuilt for size) and the wasm target. About 30 seconds, once.
PAGE_TOOLCHAIN=nightly-2026-05-20
CARGO_DENY_VERSION=0.20.2
what=${1:-build}
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

# cargo-deny, pinned (`make deny` needs only this).
ensure_cargo_deny() {
  local have
  have=$(cargo-deny --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$CARGO_DENY_VERSION" ]; then
    say "installing cargo-deny $CARGO_DENY_VERSION (found '${have:-none}'); about 12 minutes on 2 cores, once"
    cargo install --locked cargo-deny@"$CARGO_DENY_VERSION" || die "cargo install --locked cargo-deny@$CARGO_DENY_VERSION failed"
  fi
}
if [ "$what" = deny ]; then
  ensure_cargo_deny
  exit 0
fi

# 1. The wasm target.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "installing the Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown || die "rustup could not add wasm32-unknown-unknown"
fi

# 2. wasm-bindgen-cli, exactly the wasm-bindgen version in Cargo.lock.
if ! rustup +"$PAGE_TOOLCHAIN" target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
   || ! rustup +"$PAGE_TOOLCHAIN" component list --installed 2>/dev/null | grep -q '^rust-src'; then
  say "installing $PAGE_TOOLCHAIN (the page's release wasm: rust-src and the wasm target; minimal profile)"
  rustup toolchain install "$PAGE_TOOLCHAIN" --profile minimal --component rust-src --target wasm32-unknown-unknown \
    || die "rustup could not install $PAGE_TOOLCHAIN"
fi
# The standard library's own crates, which -Zbuild-std compiles into the page's wasm: Trunk runs
# cargo offline, so they must be in cargo's cache before it does (a fresh machine has none, and
# the build then fails with "no matching package named `wasip1`"). Quick once they are there.
std_src="$(rustc +"$PAGE_TOOLCHAIN" --print sysroot)/lib/rustlib/src/rust/library"
if ! cargo +"$PAGE_TOOLCHAIN" fetch --locked --offline --manifest-path "$std_src/Cargo.toml" >/dev/null 2>&1; then
  say "fetching the standard library's crates for $PAGE_TOOLCHAIN's build-std (cargo fetch --locked)"
  cargo +"$PAGE_TOOLCHAIN" fetch --locked --manifest-path "$std_src/Cargo.toml" \
    || die "cargo could not fetch the standard library's crates for $PAGE_TOOLCHAIN"
fi

want_wb=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
[ -n "$want_wb" ] || die "no wasm-bindgen version in Cargo.lock"
have_wb=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
have_runner=$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have_wb" != "$want_wb" ] || [ "$have_runner" != "$want_wb" ]; then
  say "installing wasm-bindgen-cli $want_wb (Cargo.lock has it; found '${have_wb:-none}'); about 10 minutes on 2 cores"
  # `cargo install --locked wasm-bindgen-cli@0.2.130` fails here: its lockfile pins webpki-roots
  # 1.0.11, which the registry here lacks (../shared/toolchain.md). The documented working route
  # keeps every other locked version: the crate's own source (unpacked by `cargo info`), that one
  # crate moved to 1.0.10 in its lockfile, then `cargo install --locked --path`.
  cargo info --quiet wasm-bindgen-cli@"$want_wb" >/dev/null || die "cargo info wasm-bindgen-cli@$want_wb failed"
  src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/wasm-bindgen-cli-"$want_wb" 2>/dev/null | head -1 || true)
  [ -n "$src" ] || die "the source of wasm-bindgen-cli $want_wb is not in the cargo registry cache"
  work=$(mktemp -d)
  cp -R "$src"/. "$work"/
  if grep -A1 '^name = "webpki-roots"$' "$work/Cargo.lock" | grep -qx 'version = "1.0.11"' \
     && ! cargo info --quiet webpki-roots@1.0.11 >/dev/null 2>&1; then
    (cd "$work" && cargo update --quiet -p webpki-roots@1.0.11 --precise 1.0.10) \
      || die "cargo update -p webpki-roots --precise 1.0.10 failed for wasm-bindgen-cli $want_wb"
  fi
  cargo install --locked --force --path "$work" \
    || die "cargo install --locked wasm-bindgen-cli@$want_wb failed"
  rm -rf "$work"
fi

# 3. Trunk, pinned. 0.22 declares a newer rust-version than it needs.
have_trunk=$(trunk --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have_trunk" != "$TRUNK_VERSION" ]; then
  say "installing Trunk $TRUNK_VERSION (found '${have_trunk:-none}'); about 10 minutes on 2 cores, once"
  cargo install --locked --ignore-rust-version trunk@"$TRUNK_VERSION" || die "cargo install trunk@$TRUNK_VERSION failed"
fi

# 4. npm dev tools from the committed lockfile: wasm-opt 132 (binaryen), playwright-core, axe-core.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ ! -x node_modules/.bin/wasm-opt ]; then
  say "installing npm dev dependencies from package-lock.json (npm ci)"
  npm ci --no-audit --no-fund || die "npm ci failed"
fi
wasm-opt --version 2>/dev/null | grep -q 'version 132' || die "wasm-opt 132 is not first on PATH (got: $(wasm-opt --version 2>&1 | head -1))"

# 5. Chromium and its driver, from Debian, for the browser tests.
if [ "$what" = test ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver (apt-get); about 30 seconds"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null \
      || die "apt-get install chromium chromium-driver failed"
  fi
fi
# 6. cargo-deny for `make test`'s licence, ban and source checks (deny.toml).
if [ "$what" = test ]; then
  ensure_cargo_deny
fi

# 7. Python's requests and PyJWT[crypto] for the twin's sample-client test (tests/twin/), and
#    pytest-nhsd-apim, Authlib and requests-oauthlib for tests/real_clients.rs: the
#    exact versions of scripts/python-requirements.txt, dependencies included (--no-deps: nothing
#    unpinned comes in; --only-binary: no package's build script runs), in a virtual environment
#    of their own (target/python, put first on PATH by `make test`), the machine's Python untouched.
if [ "$what" = test ]; then
  command -v python3 >/dev/null || die "python3 is needed for the twin's client test"
  venv=target/python
  pins=scripts/python-requirements.txt
  if ! cmp -s "$pins" "$venv/.pins"; then
    say "installing the Python packages pinned in $pins (pip, into $venv) for the twin's client test"
    rm -rf "$venv"
    python3 -m venv "$venv" || die "python3 -m venv $venv failed (on Debian: apt-get install python3-venv)"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --only-binary=:all: -r "$pins" \
      || die "pip install -r $pins failed"
    "$venv/bin/python" -m pip check >/dev/null || die "the packages of $pins do not satisfy each other: $("$venv/bin/python" -m pip check)"
    "$venv/bin/python" -c 'import jwt, requests, cryptography' || die "requests or PyJWT[crypto] does not import in $venv"
    "$venv/bin/python" -c 'import authlib, requests_oauthlib, pytest_nhsd_apim.identity_service' \
      || die "Authlib, requests-oauthlib or pytest-nhsd-apim does not import in $venv"
    cp "$pins" "$venv/.pins"
  fi
fi
exit 0
