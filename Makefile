# Glassbox: `make run` builds the site and serves it on 127.0.0.1; `make test` runs every test.
# Both install what is missing first (see `tools`). Nothing here downloads a prebuilt binary.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PORT ?= 8080
# The course a build shows (make dist COURSE=../my-course) and the preview's port (make serve).
COURSE ?= lessons
SERVE_PORT ?= 3000
CARGO_TARGET_DIR ?= target
CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(PATH)

TRUNK_VERSION := 0.22.1
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/"/, "", $$3); print $$3}' Cargo.lock)
E2E := tests/e2e
EDITOR := site/js/editor

.PHONY: help run dist app serve editor sizes test lint test-native test-e2e check-lessons bench tools tool-rust tool-clang tool-trunk tool-wasm-bindgen tool-chromium tool-npm clean

help:
	@echo "make run    build the site and serve it at http://127.0.0.1:$(PORT)/"
	@echo "make test   run every test (native Rust + Python, the wasm build, headless Chromium)"
	@echo "make dist   build the static site into dist/ (COURSE=dir: an educator's course instead of lessons/)"
	@echo "make serve  preview a course in the app, reloading on every save: make serve COURSE=../my-course"
	@echo "make bench  print sizes and load times"

run: tools dist
	node $(E2E)/serve.mjs --root dist --port $(PORT)

# The app (the same for every course), then the course it loads at start (course.json, compiled
# by a small parser-only binary), then the offline copy's manifest over both, then the .br and .gz
# copies a server sends instead (site/js/compress.mjs; DEPLOYING.md says how to serve them).
dist: app
	cargo run --quiet -p glassbox-content --no-default-features --features parse --bin glassbox-course -- $(COURSE) dist/course.json
	node site/js/make-sw.mjs dist
	node site/js/compress.mjs dist
	@$(MAKE) --no-print-directory sizes

# After trunk, the interpreter's wasm loses its function names (4.7 MB raw, 0.2 MB brotli; they only
# label stack traces): site/js/strip-wasm.mjs. The UI's wasm keeps them: index.html pins its hash.
app: tool-rust tool-clang tool-trunk tool-wasm-bindgen editor
	trunk build --release
	node site/js/strip-wasm.mjs dist/glassbox-worker_bg.wasm

# An educator's preview: the app, and `glassbox serve` answering course.json from COURSE live.
serve: app
	cargo build --quiet -p glassbox-content --bin glassbox
	$(CARGO_TARGET_DIR)/debug/glassbox serve $(COURSE) --port $(SERVE_PORT) --site dist

# The code editor (CodeMirror 6) bundled by esbuild into site/js/build/editor.js, which trunk
# copies to dist/. npm ci runs only when node_modules is missing or older than the lock file.
editor:
	@command -v npm >/dev/null || { echo "Node.js 20+ and npm are needed for the editor bundle: install them and re-run."; exit 1; }
	@if [ ! -f $(EDITOR)/node_modules/.package-lock.json ] || [ $(EDITOR)/package-lock.json -nt $(EDITOR)/node_modules/.package-lock.json ]; then \
	  echo "[setup] the code editor's npm packages (CodeMirror 6, esbuild) from the committed lockfile"; \
	  npm ci --prefix $(EDITOR) --no-audit --no-fund; \
	fi
	npm run --silent --prefix $(EDITOR) build

sizes:
	@for f in dist/*.wasm; do printf '%-40s %8.1f MB\n' "$$f" "$$(stat -c %s "$$f" | awk '{print $$1/1e6}')"; done

test: tools lint test-native dist test-e2e

# Formatting and lints, native and wasm (the site's browser-only code is compiled only for wasm).
lint: tool-rust
	@echo "[lint] cargo fmt --check, then clippy natively and for wasm32 (-D warnings)"
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p glassbox-site --target wasm32-unknown-unknown --lib --bins -- -D warnings

# One `cargo test` for the whole workspace: each package selection resolves features anew, and a
# second selection (the site alone) rebuilt RustPython natively (8 minutes cold). The last step
# prints the lessons' table with the `glassbox` binary `cargo test` has just built (`cargo run`
# would resolve features without the dev-dependencies and rebuild RustPython too).
test-native: tool-rust
	cargo test --workspace
	@$(MAKE) --no-print-directory test-parity
	$(CARGO_TARGET_DIR)/debug/glassbox check lessons/

# The ORM beside real Django 5.2 (tests/parity/): the same cases run by CPython + Django and by
# glassbox's interpreter, results and query counts compared. Django comes from PyPI, pinned with
# hashes, into a virtual environment made again only when requirements.txt changes.
PARITY_VENV := $(CARGO_TARGET_DIR)/parity-venv
.PHONY: test-parity
test-parity: tool-rust
	@python3 -c 'import sys, venv, ensurepip; assert sys.version_info >= (3, 10)' 2>/dev/null || { echo "Python 3.10+ with venv is needed for the parity suite: install python3 and python3-venv, then re-run."; exit 1; }
	@if ! cmp -s tests/parity/requirements.txt $(PARITY_VENV)/requirements.txt; then \
	  echo "[setup] Django 5.2 for the parity suite, from PyPI with pinned hashes, into $(PARITY_VENV) (once)"; \
	  rm -rf $(PARITY_VENV) && python3 -m venv $(PARITY_VENV); \
	  $(PARITY_VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r tests/parity/requirements.txt; \
	  cp tests/parity/requirements.txt $(PARITY_VENV)/requirements.txt; \
	fi
	cargo test --workspace --no-run --quiet
	$(PARITY_VENV)/bin/python tests/parity/run.py --glassbox $(CARGO_TARGET_DIR)/debug/glassbox

# Every lesson parses, its examples run, and each exercise is proven (start fails, solution passes).
check-lessons: tool-rust
	cargo run --quiet -p glassbox-content --bin glassbox -- check lessons/

test-e2e: tool-chromium tool-npm
	cd $(E2E) && node --test --test-concurrency=1 *.test.mjs

# Glassbox beside Pyodide (bench/compare.mjs; Pyodide from npm, pinned in bench/package-lock.json
# and installed only for this), then sizes and cold starts in Chromium, then each
# runtime/benches/*.py natively and in the browser.
bench: tools dist
	@if [ ! -f bench/node_modules/.package-lock.json ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then \
	  echo "[setup] Pyodide from npm, the benchmark's reference, from bench/package-lock.json"; \
	  npm ci --prefix bench --no-audit --no-fund; \
	fi
	node bench/compare.mjs
	cargo build --quiet --release -p glassbox-content
	@for f in $$(ls runtime/benches/*.py | grep -v /timing.py); do echo "== $$f (native, release build)"; target/release/glassbox run $$f; done
	cd $(E2E) && node bench.mjs

# ---- tools: each step checks first, so a warm machine skips straight past them ----

tools: tool-rust tool-clang tool-trunk tool-wasm-bindgen tool-chromium tool-npm

# rust-toolchain.toml pins the toolchain, its components and the wasm target. rustup installs a
# toolchain file's channel on first use only when RUSTUP_AUTO_INSTALL is not 0, so install it
# explicitly: `rustup toolchain install` with no name reads rust-toolchain.toml (rustup >= 1.28).
tool-rust:
	@command -v rustup >/dev/null || { echo "Rust is needed: install rustup from your package manager or rustup.rs, then re-run."; exit 1; }
	@if ! rustup run "$$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)" rustc --version >/dev/null 2>&1 \
	   || ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then \
	  echo "[setup] Rust toolchain from rust-toolchain.toml, with the wasm32 target (a few minutes, once)"; \
	  rustup toolchain install; \
	fi

# Installs a Debian package when its command is missing (as root), or says exactly what to run.
# $(1): the command, $(2): the package, $(3): what for.
define apt_install
	@if ! command -v $(1) >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2); \
	  else \
	    echo "$(2) is needed $(3): run 'sudo apt-get install $(2)' and re-run."; exit 1; \
	  fi; \
	fi
endef

# SQLite is C: gcc builds it natively, clang builds it for wasm32 (through sqlite-wasm-rs).
tool-clang:
	@command -v clang >/dev/null || echo "[setup] clang from Debian (SQLite is C; clang compiles it to wasm32)"
	$(call apt_install,clang,clang,to build SQLite for the browser)

tool-trunk:
	@if [ "$$(trunk --version 2>/dev/null)" != "trunk $(TRUNK_VERSION)" ]; then \
	  echo "[setup] trunk $(TRUNK_VERSION), the static-site builder, compiled from crates.io: about 15 minutes on 2 cores, once (it has ~400 dependencies)"; \
	  cargo install trunk --version $(TRUNK_VERSION) --locked; \
	fi

tool-wasm-bindgen:
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "[setup] wasm-bindgen-cli $(WASM_BINDGEN_VERSION) compiled from crates.io (must equal the wasm-bindgen crate in Cargo.lock): about 3 minutes, once"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; \
	fi

tool-chromium:
	@command -v chromium >/dev/null || echo "[setup] Chromium from Debian, for the headless browser tests (a few minutes, once)"
	$(call apt_install,chromium,chromium,for the browser tests)

tool-npm:
	@if [ ! -f $(E2E)/node_modules/.package-lock.json ] || [ $(E2E)/package-lock.json -nt $(E2E)/node_modules/.package-lock.json ]; then \
	  echo "[setup] the browser tests' npm packages (playwright-core, no browser download) from the committed lockfile"; \
	  npm ci --prefix $(E2E) --no-audit --no-fund; \
	fi

clean:
	cargo clean
	rm -rf dist $(E2E)/node_modules $(EDITOR)/node_modules site/js/build
