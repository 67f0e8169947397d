#!/usr/bin/env bash
# The yiwang command line: help, bad flags (one line, exit 2), init twice, demo, calendar
# answers and refusals, and `audit verify` naming a tampered entry.
# usage: tests/cli.sh path/to/yiwang
set -uo pipefail
bin=${1:?usage: cli.sh YIWANG}
tmp=$(mktemp -d /tmp/yiwang-cli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 skipped=0

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
migrations=$(ls "$(dirname "$0")/../src/store/schema/"*.sql | wc -l)
check "init" 0 "store ready \(sqlite\): $migrations migration" -- "$bin" init --db "$db"
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

# ledger import on the project's own test plans (tests/data/plans/README.md lists their counts):
# the counts on standard error, one JSON object per measure, nothing saved on a dry run
here=$(cd "$(dirname "$0")/.." && pwd)
plans="$here/tests/data/plans"
check "ledger dry run" 0 "10 sections, 22 measures, 14 deadlines, 21 units \(19 matched, 2 unmatched\), 5 lines not placed, 0 units named in an annex; dry run, nothing saved.*企业服务专员办公室.*营商环境督查中心" -- \
  "$bin" ledger import "$plans/numbered-with-units.txt" --year 2023 --dry-run --db "$db"
check "nothing saved" 0 "^0$" -- sqlite3 "$tmp/cli.db" "SELECT COUNT(*) FROM ledger_measures"
check "ledger json" 0 '^\{"section":"\(一\)市场准入与退出领域","number":1,"title":"压缩企业开办时间","text":"1\.压缩企业开办时间。' -- \
  bash -c "'$bin' ledger import '$plans/numbered-with-units.txt' --year 2023 --dry-run --json --db '$db' 2>/dev/null | head -1"
check "ledger json lines" 0 "^18$" -- bash -c "'$bin' ledger import '$plans/traditional-garbled-annex.txt' --year 2023 --dry-run --json --db '$db' 2>/dev/null | wc -l"
check "ledger annex" 0 "12 sections, 18 measures, 6 deadlines, 4 units \(4 matched, 0 unmatched\), 12 lines not placed, 10 units named in an annex.*units named only in the annex:.*市人力資源社會保障局" -- \
  "$bin" ledger import "$plans/traditional-garbled-annex.txt" --year 2023 --dry-run --db "$db"
check "ledger import" 0 "16 sections, 18 measures, 5 deadlines, 16 units \(14 matched, 2 unmatched\), 4 lines not placed, 0 units named in an annex; saved" -- \
  "$bin" ledger import "$plans/unnumbered-clauses.txt" --year 2024 --db "$db"
check "saved" 0 "^18$" -- sqlite3 "$tmp/cli.db" "SELECT COUNT(*) FROM ledger_measures"
check "ledger map" 0 "^市文旅局 → QD-WLJ: applied to 1 measure unit\(s\)$" -- "$bin" ledger map 市文旅局 QD-WLJ --db "$db"
printf '\x89PNG\r\n\x1a\n\x00\x00' >"$tmp/binary.txt"
check "binary file" 1 "不是纯文本" -- "$bin" ledger import "$tmp/binary.txt" --year 2024 --db "$db"
: >"$tmp/empty.txt"
check "empty file" 1 "文件为空" -- "$bin" ledger import "$tmp/empty.txt" --year 2024 --db "$db"
printf '1.\xc9\xfa\xb2\xfa\n' >"$tmp/gbk.txt"
check "wrong encoding" 1 "不是UTF-8编码" -- "$bin" ledger import "$tmp/gbk.txt" --year 2024 --db "$db"
check "still 18" 0 "^18$" -- sqlite3 "$tmp/cli.db" "SELECT COUNT(*) FROM ledger_measures"
check "ledger needs a year" 2 "--year YYYY is required" -- "$bin" ledger import "$tmp/gbk.txt" --db "$db"
check "missing file" 1 "cannot open" -- "$bin" ledger import "$tmp/none.txt" --year 2024 --db "$db"

# the published plans, not in the repository: $YW_SEEDS, or ../shared/seeds beside it; in a
# store of their own so that the counts above stay exact
seeds=${YW_SEEDS:-$(dirname "$here")/shared/seeds}
if [ -n "${YW_SEEDS:-}" ] || [ -d "$seeds" ]; then
  sdb="sqlite:$tmp/seeds.db"
  "$bin" demo --db "$sdb" >/dev/null 2>&1
  check "seed dry run" 0 "118 measures.*dry run, nothing saved" -- \
    "$bin" ledger import "$seeds/liaocheng-hitech-2022-action-plan.txt" --year 2022 --dry-run --db "$sdb"
  check "seed json" 0 '^\{"section":"\(一\)开办企业领域\(含个体户、农村合作社\)","number":1,"title":"强化企业开办“4012”品牌效应"' -- \
    bash -c "'$bin' ledger import '$seeds/liaocheng-hitech-2022-action-plan.txt' --year 2022 --dry-run --json --db '$sdb' 2>/dev/null | head -1"
  check "seed json lines" 0 "^100$" -- \
    bash -c "'$bin' ledger import '$seeds/qingdao-2022-2024-three-year-plan.txt' --year 2022 --dry-run --json --db '$sdb' 2>/dev/null | wc -l"
  check "seed import" 0 "69 measures.*saved" -- "$bin" ledger import "$seeds/qingdao-2024-one-thing-measures.txt" --year 2024 --db "$sdb"
  check "seed saved" 0 "^69$" -- sqlite3 "$tmp/seeds.db" "SELECT COUNT(*) FROM ledger_measures"
  check "seed map" 0 "applied to [1-9]" -- "$bin" ledger map 上合示范区管委 QD-SWJ --db "$sdb"
else
  skipped=$((skipped + 6))
  echo "SKIP published plans (6 checks): $seeds does not exist and YW_SEEDS is not set"
fi

check "audit intact after the ledger" 0 "audit chain intact: 39 entries" -- "$bin" audit verify --db "$db"
sqlite3 "$tmp/cli.db" "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 5"
id=$(sqlite3 "$tmp/cli.db" "SELECT id FROM audit_log WHERE seq = 5")
check "audit tampered" 1 "BROKEN at entry 5 \(id $id\)" -- "$bin" audit verify --db "$db"

# serve: answers the request in flight when SIGTERM comes; TLS with HTTP/2; the header timeout
YW_SERVER_LOG="$tmp/serve.log" bash "$here/tests/start-server.sh" "$bin" "$db" "$here/web" "$tmp/url" --timeout 2
url=$(cat "$tmp/url") pid=$(cat "$tmp/url.pid")
# a client that sends half a request header is cut off after --timeout
t0=$(date +%s)
check "header timeout closes the connection" 0 "" -- \
  timeout 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/${url##*:} 2>/dev/null || exit 0; printf 'GET / HTTP/1.1\r\nHost: x\r\n' >&3; cat <&3 >/dev/null"
check "the timeout is the configured one" 0 "" -- test $(( $(date +%s) - t0 )) -lt 8
# a login takes a while (Argon2id): stop the server while it runs
curl -s -o "$tmp/login.json" -w '%{http_code}' -H 'content-type: application/json' \
  -d "{\"login\":\"admin\",\"password\":\"yiwang2026\"}" "$url/api/v1/session" >"$tmp/login.status" &
curl_pid=$!
sleep 0.05
kill -TERM "$pid"
wait "$curl_pid"
check "request in flight finishes on SIGTERM" 0 "^201$" -- cat "$tmp/login.status"
for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
check "server exits after SIGTERM" 1 "" -- kill -0 "$pid"
check "shutdown is logged" 0 "server: stopped" -- cat "$tmp/serve.log"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
YW_SERVER_LOG="$tmp/tls.log" bash "$here/tests/start-server.sh" "$bin" "$db" "$here/web" "$tmp/tlsurl" \
  --tls-cert "$tmp/cert.pem" --tls-key "$tmp/key.pem" --timeout 2 || cat "$tmp/tls.log"
tlsurl=$(cat "$tmp/tlsurl")
check "https with HTTP/2" 0 '\{"status":"ok".*\} ?2 200 $' -- \
  curl -sk --http2 -w '%{http_version} %{http_code} ' -o /dev/stdout "$tlsurl/healthz"
check "cookie is Secure under TLS" 0 "Secure" -- curl -sk -D - -o /dev/null -H 'content-type: application/json' \
  -d '{"login":"clerk","password":"yiwang2026"}' "$tlsurl/api/v1/session"
kill -TERM "$(cat "$tmp/tlsurl.pid")" 2>/dev/null
check "bad TLS key" 1 "cannot load the TLS certificate" -- "$bin" serve --db "$db" --listen 127.0.0.1:0 \
  --tls-cert "$tmp/cert.pem" --tls-key "$tmp/cert.pem"

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
