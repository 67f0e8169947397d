# The front door: `make run` serves the demo city, `make test` runs every test under the
# sanitizers on both stores and in a real browser. CMake does the building (CMakeLists.txt).
.PHONY: all build deps run test bench fuzz clean node_modules

BUILD      ?= build
SAN_BUILD  ?= build-san
FUZZ_BUILD ?= build-fuzz
DB         ?= sqlite:var/yiwang.db
LISTEN     ?= 127.0.0.1:8080
JOBS       ?= $(shell nproc)

all: build

deps:
	@bash scripts/deps.sh

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target yiwang

run: deps build
	@$(BUILD)/yiwang init --db $(DB)
	@$(BUILD)/yiwang demo --db $(DB)
	@echo "open http://$(LISTEN)/ in a browser: the portal; log in (top right) with an account above (Ctrl-C stops the server)"
	@exec $(BUILD)/yiwang serve --db $(DB) --listen $(LISTEN)

node_modules:
	@cd tests && (npm ci --no-audit --no-fund --loglevel=error >/dev/null || npm ci --no-audit --no-fund)

# the optimized build too: -O2 finds warnings (maybe-uninitialized, format-truncation) that the
# sanitizer build at -O0 does not, and `make run` must build
test: deps node_modules build
	@cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DYW_SANITIZE=ON >/dev/null
	@cmake --build $(SAN_BUILD) -j $(JOBS)
	@bash tests/run-all.sh $(SAN_BUILD)

bench: deps build
	@cmake --build $(BUILD) -j $(JOBS) --target bench_hello bench_insert bench_match bench_certimport bench_certverify
	@bash bench/http.sh $(BUILD)
	@bash bench/match.sh $(BUILD)
	@bash bench/certs.sh $(BUILD)

fuzz: deps
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DYW_FUZZ=ON -DYW_SANITIZE=ON >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS)
	@bash tests/fuzz/run.sh $(FUZZ_BUILD) $${FUZZ_SECONDS:-30}

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(FUZZ_BUILD)
