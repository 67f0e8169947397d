#!/usr/bin/env bash
# Runs every fuzz target of a YW_FUZZ build for SECONDS each, with a corpus kept in
# fuzz-corpus/ (ignored by git) and seeds from tests/fuzz/seeds/. A target that crashes does not
# stop the others: all of them run, and the script fails at the end naming those that crashed.
# usage: run.sh BUILD SECONDS
set -euo pipefail
build=${1:?usage: run.sh BUILD SECONDS}
secs=${2:-30}
build=$(cd "$build" && pwd)
here=$(cd "$(dirname "$0")/../.." && pwd)
ran=0
failed=()
for f in "$build"/fuzz_*; do
  [ -x "$f" ] || continue
  name=$(basename "$f")
  corpus="$here/fuzz-corpus/$name"
  mkdir -p "$corpus"
  seeds=()
  [ -d "$here/tests/fuzz/seeds/$name" ] && seeds=("$here/tests/fuzz/seeds/$name")
  echo "== $name: $secs s"
  ran=$((ran + 1))
  status=0
  (cd "$here/fuzz-corpus" && "$f" -max_total_time="$secs" -max_len=4096 -print_final_stats=1 "$corpus" "${seeds[@]}") \
    >"$here/fuzz-corpus/$name.log" 2>&1 || status=$?
  grep -E 'stat::number_of_executed_units|stat::new_units_added|ERROR|runtime error|Done' "$here/fuzz-corpus/$name.log" || true
  if [ $status -ne 0 ]; then
    echo "$name found a crash (exit $status): see fuzz-corpus/$name.log and the crash-* file in fuzz-corpus/" >&2
    failed+=("$name")
  fi
done
if [ $ran -eq 0 ]; then
  echo "no fuzz target in $build: configure it with -DYW_FUZZ=ON (clang)" >&2
  exit 1
fi
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzzing failed: ${failed[*]} (${#failed[@]} of $ran targets)" >&2
  exit 1
fi
echo "fuzzing passed: $ran targets, $secs s each"
