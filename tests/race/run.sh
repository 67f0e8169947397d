#!/usr/bin/env bash
# The race suite (race.test.mjs): decisions taken at once on two servers must have one winner.
# usage: tests/race/run.sh sqlite|postgres SERVERS YIWANG
#   postgres 2: two `yiwang serve` processes on one PostgreSQL database (the city's scale-out);
#   sqlite 1 / postgres 1: one server, both URLs the same (its one writer's group commit).
# Needs the test cluster of tests/pg.sh for postgres (tests/run-all.sh starts it). Each server
# must stop cleanly with nothing from the sanitizers in its log.
set -euo pipefail
store=${1:?usage: run.sh sqlite|postgres SERVERS YIWANG}
servers=${2:?usage: run.sh sqlite|postgres SERVERS YIWANG}
bin=${3:?usage: run.sh sqlite|postgres SERVERS YIWANG}
here=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d /tmp/yiwang-race.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

case "$store" in
sqlite) db="sqlite:$tmp/race.db" ;;
postgres)
  [ -n "${YW_PG_PORT:-}" ] || { echo "race tests: YW_PG_PORT not set; run through tests/run-all.sh" >&2; exit 1; }
  db=$(bash "$here/tests/pg.sh" newdb "$YW_PG_PORT" "yw_race_$$_$RANDOM")
  ;;
*) echo "race tests: unknown store $store" >&2; exit 2 ;;
esac
[ "$store" = sqlite ] && [ "$servers" != 1 ] && { echo "race tests: several servers need PostgreSQL" >&2; exit 2; }

"$bin" demo --db "$db" >/dev/null
urls=()
for i in $(seq 1 "$servers"); do
  YW_SERVER_LOG="$tmp/server$i.log" bash "$here/tests/start-server.sh" "$bin" "$db" "$here/web" "$tmp/url$i" \
    --trusted-proxy 127.0.0.1/32,::1 --no-access-log || { cat "$tmp/server$i.log" >&2; exit 1; }
  pids+=("$(cat "$tmp/url$i.pid")")
  urls+=("$(cat "$tmp/url$i")")
done
[ "$servers" = 1 ] && urls+=("${urls[0]}")
export YW_URLS="${urls[*]}"
echo "race tests on $store, $servers server(s): $YW_URLS"

status=0
(cd "$here/tests/race" && node --test --test-reporter=spec race.test.mjs) || status=$?

server_status=0
for i in $(seq 1 "$servers"); do
  p=${pids[$((i - 1))]}
  kill -TERM "$p"
  for _ in $(seq 1 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$p" 2>/dev/null; then echo "race tests: server $i did not stop within 15 s" >&2; server_status=1; fi
  if grep -qE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:' "$tmp/server$i.log"; then
    echo "race tests: the sanitizers reported errors in server $i:" >&2
    grep -A30 -E 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:' "$tmp/server$i.log" | head -60 >&2
    server_status=1
  fi
done
pids=()
[ $status -eq 0 ] && [ $server_status -eq 0 ]
