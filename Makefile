# SimGate: the README's commands. Each target installs what it needs first (Debian/Ubuntu).
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: run test bench bundle deps ui-deps ui e2e-deps rust-test lint ui-test api-check e2e desktop-test crash-test clean-data

## Install the system packages and npm dependencies that are missing.
deps:
	scripts/install-deps.sh

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	touch $@

tests/e2e/node_modules/.package-lock.json: tests/e2e/package-lock.json
	cd tests/e2e && npm ci --no-audit --no-fund
	touch $@

ui-deps: ui/node_modules/.package-lock.json
e2e-deps: tests/e2e/node_modules/.package-lock.json

## Build the web UI into ui/dist.
ui: ui-deps
	cd ui && npm run build

## Start SimGate: the desktop app with the demo modem, or `simgate serve --demo` when there is no display.
run: deps ui
	scripts/run.sh

## Every test: Rust (unit, integration, doc), lints, a short crash test, UI unit tests, the API client check,
## Playwright end to end and the desktop window tests.
test: deps ui-deps e2e-deps
	$(MAKE) lint
	$(MAKE) rust-test
	scripts/crash-test.sh --quick
	$(MAKE) ui-test
	$(MAKE) api-check
	$(MAKE) ui
	$(MAKE) e2e
	$(MAKE) desktop-test

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

rust-test:
	$(CARGO) build -p simgate
	$(CARGO) nextest run --no-fail-fast
	$(CARGO) test --doc

ui-test: ui-deps
	cd ui && npm run lint && npm test

## The committed OpenAPI document and the generated TypeScript client must match the server.
api-check: ui-deps
	$(CARGO) run -q -p simgate -- openapi | diff -u ui/src/lib/api/openapi.json - \
	  || { echo "ui/src/lib/api/openapi.json is stale: run 'cargo run -p simgate -- openapi > ui/src/lib/api/openapi.json && (cd ui && npm run gen:api)'"; exit 1; }
	cd ui && npm run check:api

e2e: e2e-deps
	$(CARGO) build -p simgate
	cd tests/e2e && npm test

desktop-test: ui
	tests/desktop/smoke.sh

## Crash safety: 2,000 messages, 10 x kill -9 over 3 simulated modems, judged by the modems' ledgers.
crash-test:
	scripts/crash-test.sh

## Benchmarks: codec ns per PDU, the modem link's ceiling (driver <-> simulators, nothing else), then the
## HTTP -> queue -> modem pipeline and modem-time efficiency.
bench:
	$(CARGO) bench -p simgate-pdu
	$(CARGO) bench -p simgate-modem --bench link
	scripts/bench-pipeline.sh

## Build the .deb and .rpm installers.
bundle: deps ui
	SIMGATE_SKIP_UI_BUILD=1 scripts/bundle.sh
