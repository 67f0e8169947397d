#!/usr/bin/env bash
# Match sweep (issue 9): yiwang's columnar batch matcher (BUILD/bench_match) over ROWS synthetic
# market entities × every rule of POLICIES (bench/match/policies.json: 200 JsonLogic eligibility
# rules), beside the peers a city would otherwise use, evaluating the same rules over the same
# rows in the same run (bench/match/peers.mjs): json-logic-engine's compiled rules, DuckDB SQL,
# SQLite SQL. Prints entity-policy pairs per second for each, the ratio yiwang/peer, the targets
# (full sweep < 1 s, ≥ 20× the fastest peer, peak < 1024 MiB), and fails (exit 1) when a peer's
# match count differs from yiwang's on a rule both evaluated. See bench/README.md.
# usage: bench/match.sh BUILD [ROWS] [POLICIES]     defaults: 2008000 bench/match/policies.json
# env: YW_MATCH_RULES   rules the peers evaluate, the first K of POLICIES (default all 200: the
#                       same rules as yiwang, like for like; 20 is quicker and kinder to them)
#      YW_MATCH_ROWS_CSV run only the peers, on this CSV (no bench_match needed)
#      YW_MATCH_KEEP=1   keep the temporary directory (rows.csv, the counts)
#      YW_MATCH_DUCKDB_THREADS  DuckDB's threads (default: its own, all cores)
#      YW_MATCH_REPEAT   each measurement (yiwang's and each peer's) repeated, the fastest kept (default 3)
# exit: 0 done, 1 a mismatch or a failure, 2 bench_match is not built (and no YW_MATCH_ROWS_CSV)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: bench/match.sh BUILD [ROWS] [POLICIES]}
rows=${2:-2008000}
policies=${3:-$here/bench/match/policies.json}
rules=${YW_MATCH_RULES:-$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).length)' "$policies")}
m=$here/bench/match

command -v node >/dev/null || { echo "bench: node is missing (scripts/deps.sh installs it)" >&2; exit 1; }
if [ -z "${YW_MATCH_ROWS_CSV:-}" ] && [ ! -x "$build/bench_match" ]; then
  echo "bench: $build/bench_match is not built yet; to run the peers alone, set YW_MATCH_ROWS_CSV=ROWS.csv" >&2
  exit 2
fi
# the peers' packages, pinned by bench/match/package-lock.json; installed on the first run
if [ ! -d "$m/node_modules/json-logic-engine" ] || [ ! -d "$m/node_modules/@duckdb/node-api" ] \
   || [ "$m/package-lock.json" -nt "$m/node_modules/.package-lock.json" ]; then
  echo "bench: installing the match peers' packages into bench/match/node_modules" >&2
  (cd "$m" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
command -v sqlite3 >/dev/null || echo "bench: sqlite3 is missing (apt-get install sqlite3): the SQLite peer is skipped" >&2

tmp=$(mktemp -d /tmp/yiwang-match.XXXXXX)
if [ "${YW_MATCH_KEEP:-}" = 1 ]; then echo "bench: keeping $tmp" >&2; else trap 'rm -rf "$tmp"' EXIT; fi

if [ -n "${YW_MATCH_ROWS_CSV:-}" ]; then
  csv=$YW_MATCH_ROWS_CSV
  youts=- ycounts=-
  echo "bench: peers only, on $csv (YW_MATCH_ROWS_CSV)" >&2
else
  csv=$tmp/rows.csv youts=$tmp/yiwang.out ycounts=$tmp/yiwang-counts.json
  "$build/bench_match" --rows "$rows" --policies "$policies" --csv "$csv" --counts "$ycounts" \
    --repeat "${YW_MATCH_REPEAT:-3}" | tee "$youts"
fi
status=0
node --max-old-space-size=8192 "$m/peers.mjs" "$csv" "$policies" --rules "$rules" --counts "$tmp/peer-counts.json" \
  ${YW_MATCH_DUCKDB_THREADS:+--threads "$YW_MATCH_DUCKDB_THREADS"} --repeat "${YW_MATCH_REPEAT:-3}" \
  | tee "$tmp/peers.out" || status=1
node "$m/report.mjs" "$youts" "$tmp/peers.out" "$ycounts" "$tmp/peer-counts.json" || status=1
exit $status
