#!/usr/bin/env bash
# The browser tests: a real yiwang server on a fresh SQLite store with the demo city, driven
# through Debian's chromium by playwright-core. usage: tests/e2e/run.sh path/to/yiwang
set -euo pipefail
bin=${1:?usage: run.sh YIWANG}
here=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d /tmp/yiwang-e2e.XXXXXX)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
[ -x /usr/bin/chromium ] || { echo "e2e: /usr/bin/chromium is missing (scripts/deps.sh installs it)" >&2; exit 1; }
[ -d "$here/tests/node_modules/playwright-core" ] || { echo "e2e: run 'npm ci' in tests/ (make test does)" >&2; exit 1; }
db="sqlite:$tmp/e2e.db"
"$bin" demo --db "$db" >/dev/null
# SMS leave through the outbox to a command that appends each to a file per phone number, where
# the tests read a one-time code (tests/api/sms.mjs)
mkdir -p "$tmp/sms"
export YW_SMS_DIR="$tmp/sms" YW_SMS_COMMAND='cat >> "$YW_SMS_DIR/$1.txt" && echo >> "$YW_SMS_DIR/$1.txt"'
YW_SERVER_LOG="$tmp/server.log" bash "$here/tests/start-server.sh" "$bin" "$db" "$here/web" "$tmp/url" ||
  { cat "$tmp/server.log" >&2; exit 1; }
server_pid=$(cat "$tmp/url.pid")
export YW_URL=$(cat "$tmp/url") YW_SHOTS="$here/tests/e2e/screenshots" YW_BIN=$(realpath "$bin")
mkdir -p "$YW_SHOTS"
cd "$here/tests/e2e"
status=0
# YW_E2E_ONLY="office.test.mjs figures.test.mjs" runs those files alone (while working on them)
for f in ${YW_E2E_ONLY:-./*.test.mjs}; do node --test --test-reporter=spec "$f" || status=$?; done
exit $status
