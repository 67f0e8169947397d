#!/usr/bin/env bash
# Crash test of the write path: under 32 concurrent writers the server is killed with SIGKILL;
# after a restart on the same store every write it had acknowledged must be there, and the
# audit chain intact. Group commit acknowledges a write only after its batch committed.
# usage: tests/durability/run.sh sqlite|postgres path/to/yiwang
set -euo pipefail
store=${1:?usage: run.sh sqlite|postgres YIWANG}
bin=${2:?usage: run.sh sqlite|postgres YIWANG}
here=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d /tmp/yiwang-crash.XXXXXX)
pid=
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
case "$store" in
sqlite) db="sqlite:$tmp/crash.db" ;;
postgres) db=$(bash "$here/tests/pg.sh" newdb "${YW_PG_PORT:?run through tests/run-all.sh}" "yw_crash_$$_$RANDOM") ;;
*) exit 2 ;;
esac
# the sanitizers' exit-time reports make no sense for a process killed on purpose
export ASAN_OPTIONS=detect_leaks=0

"$bin" demo --db "$db" >/dev/null
cat >"$tmp/plan.txt" <<'PLAN'
崩溃测试市优化营商环境措施
一、政务服务
1.推行企业开办全程网办。〔牵头单位:市市场监管局;责任单位:市行政审批局〕2026年12月底前完成。
PLAN
"$bin" ledger import "$tmp/plan.txt" --year 2026 --db "$db" 2>/dev/null

start() {
  YW_SERVER_LOG="$tmp/server.log" bash "$here/tests/start-server.sh" "$bin" "$db" "$here/web" "$tmp/url" --no-access-log
  pid=$(cat "$tmp/url.pid")
  url=$(cat "$tmp/url")
}
start
token=$(curl -sf -H 'content-type: application/json' -d '{"login":"officer","password":"yiwang2026"}' "$url/api/v1/session" |
  sed -E 's/.*"token":"([^"]+)".*/\1/')
measure=$(curl -sf -H "authorization: Bearer $token" "$url/api/v1/ledger/measures?limit=1" |
  sed -E 's/.*"measures":\[\{"id":"([^"]+)".*/\1/')

node "$here/tests/durability/load.mjs" "$url" "$token" "$measure" "$tmp/acked" 32 20 >"$tmp/load.out" &
load=$!
# kill once a good number of writes is acknowledged, while more are in flight
for _ in $(seq 1 200); do
  [ -f "$tmp/acked" ] && [ "$(wc -l <"$tmp/acked")" -ge 300 ] && break
  sleep 0.05
done
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
pid=
wait "$load" || true
cat "$tmp/load.out"

start
# the session survived the crash too: it was acknowledged
node "$here/tests/durability/check.mjs" "$url" "$token" "$measure" "$tmp/acked"
kill -TERM "$pid"
wait "$pid" 2>/dev/null || true
pid=
"$bin" audit verify --db "$db"
echo "1 passed, 0 failed"
