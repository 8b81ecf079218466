# diagnose — build, test, demo, bench, install.
#
# `make demo` and `make test` first make sure the C libraries' -dev packages are present (pkg-config --exists).
# As root they install what is missing with apt-get; otherwise they print the exact command and stop.

PREFIX      ?= /usr/local
SWIFT       ?= swift
CONFIG      ?= debug
BUILD_FLAGS ?=
# pkg-config name -> Debian package providing it
DEPS        := libcurl:libcurl4-openssl-dev yaml-0.1:libyaml-dev sqlite3:libsqlite3-dev libcrypto:libssl-dev
BIN_DEBUG   := .build/debug/diagnose
BIN_RELEASE := .build/release/diagnose
FUZZ_SECONDS ?= 60
# fuzz: libFuzzer targets of diagnose-fuzz (docs/fuzzing.md). FUZZ_TARGETS picks a subset, FUZZ_SMOKE_SECONDS is
# the per-target time of `make fuzz-smoke` (CI).
FUZZ_TARGETS ?= json yaml har ndjson raw curl-verbose curl form spec schema rules
FUZZ_SMOKE_SECONDS ?= 5
FUZZ_SCRATCH := .build-fuzz
FUZZ_BIN     := $(FUZZ_SCRATCH)/release/diagnose-fuzz
FUZZ_FLAGS   := -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING -Xswiftc -use-ld=lld

.PHONY: all build release test demo bench conformance fuzz install uninstall clean deps

all: build

## deps: check the system libraries; install them as root, else print the apt-get line and stop.
deps:
	@missing=""; \
	command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"; \
	for pair in $(DEPS); do \
	  pc=$${pair%%:*}; pkg=$${pair#*:}; \
	  if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists $$pc; then missing="$$missing $$pkg"; fi; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "diagnose: installing missing packages:$$missing"; \
	    for p in $$missing; do \
	      apt-cache show $$p >/dev/null 2>&1 || { echo "diagnose: $$p unknown to apt, running apt-get update"; apt-get update -q || exit 1; break; }; \
	    done; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing || exit 1; \
	  else \
	    echo "diagnose: error: missing system libraries:$$missing" >&2; \
	    if command -v apt-get >/dev/null 2>&1; then \
	      echo "help: install them with:  sudo apt-get install -y$$missing" >&2; \
	    else \
	      echo "help: on macOS:  brew install curl libyaml sqlite openssl@3 pkg-config" >&2; \
	    fi; \
	    exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

release: deps
	$(SWIFT) build -c release $(BUILD_FLAGS)

## test: the whole suite (unit + end-to-end). Reads ../shared/corpus where present; skips those tests otherwise.
test: deps
	$(SWIFT) build $(BUILD_FLAGS)
	$(SWIFT) test $(BUILD_FLAGS)

## demo: check the shipped example recordings against the shipped example spec.
DEMO_WEBHOOK_SECRET := whsec_demoSigningSecret0123456789
demo: release
	@echo "== diagnose spec specs/payments.yaml"
	@$(BIN_RELEASE) spec specs/payments.yaml
	@echo
	@echo "== diagnose check --spec specs/payments.yaml --webhook-secret whsec_… recordings/"
	@$(BIN_RELEASE) check --spec specs/payments.yaml --webhook-secret $(DEMO_WEBHOOK_SECRET) --color always \
	  recordings/checkout-ok.har recordings/ticket-4711.har recordings/app-log.ndjson \
	  recordings/ticket-create-customer.curl recordings/refund-verbose.txt recordings/webhook-deliveries.har; \
	  status=$$?; echo; \
	  echo "(diagnose exited with $$status: 1 means it found errors, which these recordings are made to show;"; \
	  echo " try 'diagnose explain encoding.json-body-on-form-endpoint' or add --format markdown)"

## bench: every benchmark section in its own process (so each peak-memory figure is its own);
## BENCH_ARGS=section… runs some; BENCH_LARGE=1 adds the 1.6 GB scan; BENCH_JOBS=N sets check's CheckRun jobs.
bench: release
	@sections="$(BENCH_ARGS)"; [ -n "$$sections" ] || sections=$$(.build/release/diagnose-bench --list); \
	for s in $$sections; do .build/release/diagnose-bench $$s || exit 1; echo; done
	@[ -n "$(BENCH_ARGS)" ] || { echo "## replay: diagnose replay --repeat 1000 vs curl, keep-alive, loopback server"; \
	  DIAGNOSE_REPLAY_BENCH=1 $(SWIFT) test -c release $(BUILD_FLAGS) --filter ReplayBenchmark 2>&1 | grep -E 'replay|curl|µs|ratio' ; }

conformance: deps
	DIAGNOSE_CONFORMANCE_TABLE=1 $(SWIFT) test $(BUILD_FLAGS) --filter ConformanceTable

.PHONY: fuzz-build fuzz-smoke

## fuzz-build: the libFuzzer + AddressSanitizer build of diagnose-fuzz (its own scratch path, release mode).
fuzz-build: deps
	$(SWIFT) build -c release --product diagnose-fuzz --scratch-path $(FUZZ_SCRATCH) $(FUZZ_FLAGS)

## fuzz: run every target for FUZZ_SECONDS (default 60) each; fails on a crash, leak, timeout (> 2 s) or OOM (> 2 GB).
fuzz: fuzz-build
	Fuzz/run.sh $(FUZZ_BIN) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

## fuzz-smoke: build the fuzzers and run each for a few seconds (CI), so the targets keep building and running.
fuzz-smoke: fuzz-build
	Fuzz/run.sh $(FUZZ_BIN) $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)

install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BIN_RELEASE) $(DESTDIR)$(PREFIX)/bin/diagnose
	install -d $(DESTDIR)$(PREFIX)/share/diagnose/kb/zh-Hans
	install -m 0644 docs/kb/*.md $(DESTDIR)$(PREFIX)/share/diagnose/kb/
	install -m 0644 docs/kb/zh-Hans/*.md $(DESTDIR)$(PREFIX)/share/diagnose/kb/zh-Hans/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/diagnose
	rm -rf $(DESTDIR)$(PREFIX)/share/diagnose

clean:
	rm -rf .build .build-* .build_*
