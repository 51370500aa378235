# make run   builds the release page and serves it at http://127.0.0.1:8080
# make test  runs every test: native, in-browser (wasm-bindgen-test) and end-to-end on dist/
# make field  the field corpus of real pastes: pass/total and each failure
# make size  prints the gzip size of each file of the release dist/ and the first-load total
# make bench  native (criterion) and browser benchmarks, one table
# make size-floor  the least the first load could weigh: the core alone + the smallest Yew page
# make fuzz   cargo-fuzz on analyze, redaction and twin, SECONDS_FUZZ seconds each (nightly; installs cargo-fuzz)
# make deny   licences, bans and sources of the dependency tree (cargo-deny, deny.toml)
#
# Every cargo build, test, run and install here takes --locked (Trunk's builds too): the
# versions are Cargo.lock's, or the tools' own lockfiles, never whatever is newest.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_OFFLINE := true
export CARGO_TERM_COLOR ?= never
# No build-machine path in the shipped wasm: panic locations name crates' sources by path, so the
# registry and the checkout are remapped for the wasm target only (native builds keep theirs).
CARGO_HOME ?= $(HOME)/.cargo
WASM_RUSTFLAGS := --remap-path-prefix=$(CARGO_HOME)/registry/src=registry --remap-path-prefix=$(CARGO_HOME)/git/checkouts=git --remap-path-prefix=$(CURDIR)=auth-triage
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS := $(WASM_RUSTFLAGS)
# The page's release wasm (Trunk's build of the first load, scripts/more.mjs's of the second):
# a pinned nightly (scripts/ensure-tools.sh installs it), std rebuilt for size, panics that
# abort at once. Measured: 53 KB less gzip, no behaviour change seen (README, "Build flags").
# Everything else (native builds, clippy, the in-browser tests) keeps the stable toolchain.
PAGE_TOOLCHAIN := $(shell sed -n 's/^PAGE_TOOLCHAIN=//p' scripts/ensure-tools.sh)
PAGE_SYSROOT = $(shell rustc +$(PAGE_TOOLCHAIN) --print sysroot 2>/dev/null)
PAGE_ENV = RUSTUP_TOOLCHAIN=$(PAGE_TOOLCHAIN) CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
  CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$(WASM_RUSTFLAGS) --remap-path-prefix=$(PAGE_SYSROOT)=rust -Zunstable-options -Cpanic=immediate-abort"
PORT ?= 8080

.PHONY: run test build size size-floor bench fuzz field deny tools tools-test clean
# make fuzz: each of FUZZ_TARGETS for FUZZ_RUNS executions or SECONDS_FUZZ seconds (per target).
FUZZ_TARGETS ?= analyze redaction twin
FUZZ_RUNS ?= 10000000
SECONDS_FUZZ ?= 300
FUZZ_JOBS ?= 1
HOST := $(shell rustc -vV | sed -n 's/^host: //p')

run: build
	@echo "==> serving dist/ at http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	node scripts/serve.mjs dist $(PORT)

build: tools
	@# Trunk runs cargo offline: the page's crates (wasm32 ones too) come first from the registry.
	@echo "==> fetching the locked crates (cargo fetch --locked; already here on a second run)"
	cargo fetch --locked
	@echo "==> building the release page (trunk build --release --locked, with $(PAGE_TOOLCHAIN))"
	$(PAGE_ENV) trunk build --release --locked

test: tools-test
	@echo "==> style: rustfmt and clippy (native, the page's wasm build, the prerender), warnings are errors"
	cargo fmt --check
	cargo clippy --locked --all-targets -- -D warnings
	cargo clippy --locked --features web --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --locked --features more --target wasm32-unknown-unknown -- -D warnings
	@# The page's first load as Trunk builds it: no catalogue texts, no PEM reader.
	cargo clippy --locked --no-default-features --features web --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --locked --features ssr --all-targets -- -D warnings
	@$(MAKE) --no-print-directory deny
	@echo "==> native tests (cargo test), the field corpus among them"
	@# tools-test installed the twin's Python clients (requests, PyJWT, pytest-nhsd-apim, Authlib,
	@# requests-oauthlib, pinned) in target/python: first on PATH. Their tests, and the Node ones
	@# (npm installs their pinned packages), must not skip.
	PATH="$(CURDIR)/target/python/bin:$$PATH" AUTH_TRIAGE_REQUIRE_PYTHON=1 AUTH_TRIAGE_REQUIRE_NODE=1 cargo test --locked
	@echo "==> the first screen rendered natively (Yew server rendering, feature ssr)"
	cargo test --locked --features ssr --test prerender
	@echo "==> in-browser tests (wasm-bindgen-test in headless Chromium)"
	cargo test --locked --target wasm32-unknown-unknown --features more --test browser
	@echo "==> building the release page for the end-to-end tests (the one make build makes)"
	$(PAGE_ENV) trunk build --release --locked
	@echo "==> end-to-end tests on dist/ (Playwright + Debian's Chromium)"
	node --test tests/e2e/

# Advisories need the RustSec database (a git repository on GitHub), which this machine cannot
# fetch (only crates.io, PyPI, npm and Debian are reachable) and which may not be vendored here.
deny:
	@scripts/ensure-tools.sh deny
	@echo "==> supply chain: cargo deny check licenses bans sources (deny.toml)"
	@echo "    note: advisories are SKIPPED: they need the RustSec advisory database, a git repository on"
	@echo "    GitHub, and this machine reaches only crates.io, PyPI, npm and Debian (none is vendored)"
	cargo deny --locked check licenses bans sources

field:
	@cargo test -q --test field -- --nocapture field_corpus 2>&1 | grep -vE '^(running|test |$$)' || true

size: build
	node scripts/size.mjs dist

bench: tools-test build
	node tests/bench/browser.mjs

size-floor: tools
	@scripts/size-floor.sh

fuzz:
	@command -v cargo-fuzz >/dev/null || { echo "==> installing cargo-fuzz 0.13.2"; cargo install --locked cargo-fuzz@0.13.2; }
	node scripts/fuzz-seeds.mjs tests/fuzz/corpus/analyze
	@# cargo fuzz build takes no --locked (cargo-fuzz 0.13 passes no such flag to cargo), and the
	@# fuzz crate's own lockfile is not committed (.gitignore): its build resolves afresh.
	@# Its own target folder whatever CARGO_TARGET_DIR says: the runs below start the binaries there.
	CARGO_TARGET_DIR=$(CURDIR)/tests/fuzz/target cargo +nightly fuzz build --fuzz-dir tests/fuzz -s none
	@# One target after another, each for FUZZ_RUNS executions or SECONDS_FUZZ seconds, whichever
	@# comes first, as FUZZ_JOBS libFuzzer workers sharing its corpus; a worker stops at its first
	@# crash, saved in tests/fuzz/artifacts/<target>/.
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p tests/fuzz/logs/$$t tests/fuzz/artifacts/$$t tests/fuzz/corpus/$$t && rm -f tests/fuzz/logs/$$t/fuzz-*.log; \
	  echo "==> fuzzing $$t"; \
	  ( cd tests/fuzz/logs/$$t && ../../target/$(HOST)/release/$$t ../../corpus/$$t -max_len=4096 \
	    -runs=$(FUZZ_RUNS) -max_total_time=$(SECONDS_FUZZ) -jobs=$(FUZZ_JOBS) -workers=$(FUZZ_JOBS) \
	    -artifact_prefix=../../artifacts/$$t/ -print_final_stats=1 >/dev/null 2>&1 ) || true; \
	done
	node scripts/fuzz-report.mjs tests/fuzz $(FUZZ_TARGETS)

tools:
	@scripts/ensure-tools.sh build

tools-test:
	@scripts/ensure-tools.sh test

clean:
	rm -rf dist target node_modules
