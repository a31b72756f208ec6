# The README's commands. `make test` is what CI runs.
SWIFT ?= swift
PREFIX ?= /usr/local
RELEASE_BIN := .build/release/wh

.PHONY: deps build install test lint format bench demo

deps:
	@scripts/install-deps.sh

# The Swift runtime and Foundation are linked into the binary (libpq, librdkafka and the C libraries stay shared):
# it starts in about 8 ms instead of 13, which every short command (an incremental build, a no-op build) feels.
# Concrete generic types get their metadata from accessor functions instead of from their mangled names at run
# time: resolving a name checks its generic requirements by scanning every protocol conformance in the binary
# (about 9,000), which cost a no-op build about 5 ms of CPU.
RELEASE_FLAGS := --static-swift-stdlib -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors
build: deps
	$(SWIFT) build -c release --product wh $(RELEASE_FLAGS)
	@echo "wh built at $(RELEASE_BIN) (run 'make install' to copy it to $(PREFIX)/bin)"

demo: build
	scripts/demo.sh

install: build
	install -m 0755 $(RELEASE_BIN) $(PREFIX)/bin/wh

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

# The tests' full output (Postgres's notices included) goes to .build/test.log; the terminal gets the failures and
# Swift Testing's closing summary, and the exit code is swift test's.
test: deps lint
	$(SWIFT) build --build-tests
	SWIFT=$(SWIFT) scripts/run-tests.sh

# Each benchmark writes a Markdown table to bench/out/ and stdout; a failing one does not stop the others,
# but makes `make bench` fail at the end.
bench: build
	@status=0; \
	for script in bench/compile.sh bench/seed.sh bench/ingest_csv.sh bench/run.sh bench/test.sh bench/swap.sh bench/kafka.sh bench/ingest_kafka.sh bench/rebuild.sh bench/incremental.sh bench/dbt_utils.sh bench/serve.sh; do \
		echo "== $$script"; \
		$$script || { echo "== $$script failed" >&2; status=1; }; \
	done; \
	exit $$status
