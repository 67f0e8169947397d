#!/usr/bin/env bash
# The yiwang command line: help, bad flags (one line, exit 2), init twice, demo, calendar
# answers and refusals, and `audit verify` naming a tampered entry.
# usage: tests/cli.sh path/to/yiwang
set -uo pipefail
bin=${1:?usage: cli.sh YIWANG}
tmp=$(mktemp -d /tmp/yiwang-cli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

check() { # check NAME EXPECTED_STATUS EXPECTED_OUTPUT_REGEX -- COMMAND…
  local name=$1 want=$2 pattern=$3
  shift 4
  local out status
  out=$("$@" 2>&1)
  status=$?
  if [ "$status" -eq "$want" ] && [[ "$out" =~ $pattern ]]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    printf 'FAIL %s: exit %s (want %s), output:\n%s\n' "$name" "$status" "$want" "$out"
  fi
}

db="sqlite:$tmp/cli.db"
check "help" 0 "commands:.*serve.*init.*demo.*audit.*calendar" -- "$bin" --help
check "per-command help" 0 "usage: yiwang serve .*--listen" -- "$bin" serve --help
check "help COMMAND" 0 "usage: yiwang calendar" -- "$bin" help calendar
check "no command" 2 "usage: yiwang" -- "$bin"
check "unknown command" 2 "^yiwang: unknown command frobnicate" -- "$bin" frobnicate
check "unknown flag" 2 "^yiwang serve: unknown option --frob \(see yiwang serve --help\)$" -- "$bin" serve --frob
check "flag without value" 2 "needs a value" -- "$bin" init --db
check "bad listen" 2 "--listen" -- "$bin" serve --listen nowhere
check "bad workers" 2 "--workers must be" -- "$bin" serve --workers 0
check "bad db url" 1 "--db must be" -- "$bin" init --db mysql://x/y
check "init" 0 "store ready \(sqlite\): 1 migration" -- "$bin" init --db "$db"
check "init again changes nothing" 0 "store ready \(sqlite\): 0 migration" -- "$bin" init --db "$db"
check "demo" 0 "demo city loaded: 31 departments, 6 accounts" -- "$bin" demo --db "$db"
check "demo again" 0 "demo city already loaded" -- "$bin" demo --db "$db"
check "calendar add" 0 "^2024-02-19$" -- "$bin" calendar add 2024-02-08 3
check "calendar count" 0 "^3$" -- "$bin" calendar count 2025-01-27 2025-02-07
check "calendar make-up day" 0 "working day" -- "$bin" calendar day 2025-02-08
check "calendar bad date" 1 "YYYY-MM-DD" -- "$bin" calendar add 2024/02/08 3
check "calendar past its data" 1 "covers 2004-01-01 to 2026-12-31" -- "$bin" calendar add 2026-12-20 30
check "calendar bad N" 2 "N must be" -- "$bin" calendar add 2024-02-08 many
check "audit intact" 0 "audit chain intact: 37 entries" -- "$bin" audit verify --db "$db"
sqlite3 "$tmp/cli.db" "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 5"
id=$(sqlite3 "$tmp/cli.db" "SELECT id FROM audit_log WHERE seq = 5")
check "audit tampered" 1 "BROKEN at entry 5 \(id $id\)" -- "$bin" audit verify --db "$db"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
