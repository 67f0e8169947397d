#!/usr/bin/env bash
# Runs the API tests against a real yiwang server on one store: a fresh SQLite file, or a fresh
# database on the test PostgreSQL cluster (tests/pg.sh, started by tests/run-all.sh). The server
# is the binary under test (the sanitizer build under `make test`); after the tests it is
# stopped with SIGTERM and must exit 0 with nothing from the sanitizers in its log.
# usage: tests/api/run.sh sqlite|postgres path/to/yiwang
set -euo pipefail
store=${1:?usage: run.sh sqlite|postgres YIWANG}
bin=${2:?usage: run.sh sqlite|postgres YIWANG}
here=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d /tmp/yiwang-api.XXXXXX)
server_pid=

cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

case "$store" in
sqlite) db="sqlite:$tmp/api.db" ;;
postgres)
  [ -n "${YW_PG_PORT:-}" ] || { echo "api tests: YW_PG_PORT not set; run through tests/run-all.sh" >&2; exit 1; }
  db=$(bash "$here/tests/pg.sh" newdb "$YW_PG_PORT" "yw_api_$$_$RANDOM")
  ;;
*) echo "api tests: unknown store $store" >&2; exit 2 ;;
esac

"$bin" demo --db "$db" >/dev/null
# SMS leave through the real outbox and a command that appends each to a file per phone number,
# where the tests read them (tests/api/sms.mjs): one-time codes are never shown in the outbox
mkdir -p "$tmp/sms"
export YW_SMS_DIR="$tmp/sms" YW_SMS_COMMAND='cat >> "$YW_SMS_DIR/$1.txt" && echo >> "$YW_SMS_DIR/$1.txt"'
YW_SERVER_LOG="$tmp/server.log" bash "$here/tests/start-server.sh" "$bin" "$db" "$here/web" "$tmp/url" --trusted-proxy 127.0.0.1/32,::1 &
wait $! || { cat "$tmp/server.log" >&2; exit 1; }
server_pid=$(cat "$tmp/url.pid")
export YW_URL=$(cat "$tmp/url") YW_DB="$db" YW_BIN="$bin" YW_STORE="$store"
echo "api tests on $store at $YW_URL"

cd "$here/tests/api"
status=0
# one file at a time, in this order (node's own runner would sort them and may run them at
# once); seeds (the published plans, skipped without them) after the ledger's own; the
# rate-limit file locks this address out of logging in, so it runs last
# YW_API_ONLY="cases bundles" runs those files alone (while working on them)
for f in ${YW_API_ONLY:-server session contract idempotency accounts accountadmin logincode reference audit jobs ledger seeds roles calendar catalog guides site bundles cases behalf corrections casefiles casenumbers documents reviews messages notify waiting inbox urge uploads entities dereg policies payments certs certdesk certimport apikeys certjose certkeys certreuse ratelimit}; do
  node --test --test-reporter=spec "$f.test.mjs" || status=$?
done

kill -TERM "$server_pid"
server_status=0
wait_for=0
while kill -0 "$server_pid" 2>/dev/null && [ $wait_for -lt 150 ]; do sleep 0.1; wait_for=$((wait_for + 1)); done
if kill -0 "$server_pid" 2>/dev/null; then
  echo "api tests: the server did not stop within 15 s of SIGTERM" >&2
  server_status=1
fi
server_pid=
if grep -qE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:' "$tmp/server.log"; then
  echo "api tests: the sanitizers reported errors in the server:" >&2
  grep -A30 -E 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:' "$tmp/server.log" | head -60 >&2
  server_status=1
fi
grep -q 'server: stopped' "$tmp/server.log" || { echo "api tests: the server did not shut down cleanly" >&2; tail -20 "$tmp/server.log" >&2; server_status=1; }
[ $status -eq 0 ] && [ $server_status -eq 0 ]
