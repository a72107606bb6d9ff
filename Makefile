# zt: the two commands are `make run` and `make test`; see README.md.
SHELL := /bin/bash
JOBS ?= 2
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_SECONDS ?= 60
SANITIZE_FUZZ_SECONDS ?= 15
CMAKE_GEN := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")
STACK := deploy/local/stack.sh
# ccache keyed on paths relative to the checkout, so a fresh clone elsewhere
# (CI) reuses the cache of an earlier build of the same sources.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
export CCACHE_MAXSIZE ?= 5G

.PHONY: deps configure build test test-unit run stop purge bench bench-sfu bench-kms bench-delivery fuzz test-sanitize clean format \
  images images-prebuilt

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

# Everything: hermetic, vectors, PostgreSQL, Redis and end-to-end tests.
test: build
	@bash $(STACK) data-up
	@source .run/env.sh && ctest --test-dir $(BUILD) -j$(JOBS) --output-on-failure --timeout 600

run: build
	@bash $(STACK) run

stop:
	@bash $(STACK) down

# Stop the stack and delete its state (.run/ and the PostgreSQL cluster).
purge:
	@bash $(STACK) purge

bench: build
	@bash scripts/run-benchmarks.sh $(BUILD)

bench-sfu: build
	@bash scripts/bench-sfu.sh $(BUILD)

bench-kms: build
	@bash scripts/bench-kms.sh $(BUILD)

bench-delivery: build
	@bash scripts/bench-delivery.sh $(BUILD)

# One clang build serves both the sanitizer pass and fuzzing: ASan+UBSan
# everywhere, libFuzzer coverage instrumentation (fuzzer-no-link) on every
# library, libFuzzer linked into the fuzz_* targets only.
# -O1 with line tables only: symbolized reports at a fraction of the compile
# time of full debug info (this build is the longer half of CI).
SANITIZE_CMAKE := CC=clang-14 CXX=clang++-14 cmake -S . -B $(ASAN_BUILD) $(CMAKE_GEN) \
  -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -gline-tables-only" \
  "-DCMAKE_C_FLAGS_RELEASE=-O1 -gline-tables-only" -DZT_SANITIZE=ON -DZT_FUZZ=ON -DZT_WERROR=OFF

# libFuzzer targets built with Debian's clang, each run for FUZZ_SECONDS.
fuzz: deps
	@$(SANITIZE_CMAKE) >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS) --target zt_fuzzers
	@bash scripts/run-fuzzers.sh $(ASAN_BUILD) $(FUZZ_SECONDS)

# ASan+UBSan: the hermetic tests, then each fuzz target from its seed corpus.
test-sanitize: deps
	@$(SANITIZE_CMAKE) >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS) --target zt_hermetic zt_fuzzers
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN_BUILD) -L 'unit|vectors' -j$(JOBS) --output-on-failure --timeout 900
	@FUZZ_SEED=1 bash scripts/run-fuzzers.sh $(ASAN_BUILD) $(SANITIZE_FUZZ_SECONDS)

# Container images (docker/): compiled in their build stage on Debian 12, on
# a base image made locally when no registry is reachable (scripts/base-image.sh).
images:
	@bash scripts/images.sh build
	@bash scripts/images.sh check

# The same images from the binaries of `make build` (fast; what the tests use).
images-prebuilt: build
	@bash scripts/images.sh build --prebuilt
	@bash scripts/images.sh check

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	@bash $(STACK) down || true
	@rm -rf $(BUILD) $(ASAN_BUILD)
