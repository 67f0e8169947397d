#!/usr/bin/env bash
# Runs the whole suite from a sanitizer build: starts a throw-away PostgreSQL cluster (the unit
# tests of the store and the API tests use it), runs ctest, and stops the cluster whatever
# happens. usage: tests/run-all.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: run-all.sh BUILD_DIR [CTEST_ARGS…]}
shift
here=$(cd "$(dirname "$0")/.." && pwd)
eval "$(bash "$here/tests/pg.sh" start)"
trap 'bash "$here/tests/pg.sh" stop "$YW_PG_DIR"' EXIT
export YW_TEST_PG_URL YW_PG_PORT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:abort_on_error=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$build"
status=0
ctest --output-on-failure -j 2 "$@" || status=$?
# what could not run here says so in its output (the published plans, which are not part of the
# repository, for one); ctest shows that output only on failure, so repeat those lines
skips=$({ grep -hE '^SKIP |^﹣ ' Testing/Temporary/LastTest.log 2>/dev/null || true; } | sed -E 's/^﹣ (.*) \([0-9.]+ms\) # /\1: /' | sort | uniq -c)
[ -z "$skips" ] || printf 'skipped:\n%s\n' "$skips"
exit $status
