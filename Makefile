# The two commands a new user runs: `make serve` and `make test`. Both set up what is missing.

PORT ?= 8080
# A build cache outside the clone, so a fresh clone (CI's included) reuses earlier builds.
# One per clone's path: cargo judges freshness by file times, not contents, so two clones
# sharing one cache could each take the other's build as their own.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/kdalite/target$(subst /,-,$(CURDIR))
export CHROMEDRIVER ?= /usr/bin/chromedriver

WASM := $(CARGO_TARGET_DIR)/wasm32-unknown-unknown/wasm-release/kdalite.wasm

.PHONY: serve test web setup setup-test test-native test-browser test-e2e bench
# A recipe that fails leaves no half-made file behind.
.DELETE_ON_ERROR:

serve: web
	node scripts/serve.mjs --port $(PORT) --dir www

test: setup-test web test-native test-browser test-e2e

setup:
	@scripts/setup.sh web

setup-test:
	@scripts/setup.sh test

# The page: the engine and UI compiled to wasm and bound for the browser. cargo leaves the
# .wasm untouched when nothing changed, so binding only runs again when the code did.
# (No wasm-opt: npm's binaryen runs as JavaScript, took 8 minutes here, and saved 1% gzipped.)
# Then a brotli and a gzip copy of each file that changed, which the server sends instead.
web: setup
	cargo build --lib --target wasm32-unknown-unknown --profile wasm-release
	@$(MAKE) --no-print-directory www/pkg/kdalite_bg.wasm www/chart.js www/editor.js
	node scripts/compress.mjs www

# The page's JavaScript from npm, bundled by esbuild: the chart (uPlot and its CSS, loaded the
# first time a chart draws) and the SQL editor (CodeMirror 6, loaded as the page opens).
www/%.js: src/ui/%.js package-lock.json
	node_modules/.bin/esbuild $< --bundle --format=esm --minify --log-level=warning --outfile=$@

www/pkg/kdalite_bg.wasm: $(WASM)
	wasm-bindgen --target web --no-typescript --remove-name-section --out-dir www/pkg $(WASM)
	@ls -l www/pkg/kdalite_bg.wasm | awk '{ printf "web: www/pkg/kdalite_bg.wasm is %.1f MB", $$5 / 1e6 }'
	@gzip -c www/pkg/kdalite_bg.wasm | wc -c | awk '{ printf " (%.1f MB gzipped)\n", $$1 / 1e6 }'

test-native:
	cargo test

# The same SQL cases, in headless Chromium.
test-browser:
	wasm-pack test --headless --chrome

# Throughput of each window kind, natively and in headless Chromium (figures, not tests).
bench: setup-test web
	cargo bench --bench windows
	node scripts/bench-browser.mjs
	node scripts/bench-page.mjs

# The real page, driven in Chromium: type a query, run it, wait for rows, take a screenshot.
test-e2e:
	node --test tests/e2e/
