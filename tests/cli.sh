#!/usr/bin/env bash
# The yiwang command line: help, bad flags (one line, exit 2), init twice, a city without the
# demo (admin create, dept import, backup, a server started elsewhere), demo, calendar answers
# and refusals, and `audit verify` naming a tampered entry.
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
migrations=$(ls "$(dirname "$0")/../src/store/schema/"*.sql | wc -l)
check "init" 0 "store ready \(sqlite\): $migrations migration" -- "$bin" init --db "$db"
check "init again changes nothing" 0 "store ready \(sqlite\): 0 migration" -- "$bin" init --db "$db"

# a city without the demo: an administrator, the departments from a CSV file, a backup, and a
# server started from another directory that finds its web files and lets the administrator in
city="$tmp/city.db" cdb="sqlite:$tmp/city.db"
abs_bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
"$bin" init --db "$cdb" >/dev/null 2>&1
check "help lists the operator's commands" 0 "init.*admin.*dept.*backup.*demo" -- "$bin" --help
check "admin create needs --login and --name" 2 "^yiwang admin create: --login NAME and --name NAME are required$" -- \
  "$bin" admin create --db "$cdb" --name 王敏
check "admin create: --region or --department" 2 "--region is for creating the department ADMIN" -- \
  "$bin" admin create --db "$cdb" --login wangmin --name 王敏 --region 370200 --department X
check "admin create: ADMIN needs a region" 1 "department ADMIN \(系统管理\) does not exist yet: give --region CODE" -- \
  bash -c "echo operator-pw-1 | '$bin' admin create --db '$cdb' --login wangmin --name 王敏"
check "admin create: a bad region" 1 "region code 370299" -- \
  bash -c "echo operator-pw-1 | '$bin' admin create --db '$cdb' --login wangmin --name 王敏 --region 370299"
check "admin create: password too short" 1 "^yiwang admin create: password must be 8 to 128 bytes — field password$" -- \
  bash -c "echo short | '$bin' admin create --db '$cdb' --login wangmin --name 王敏 --region 370200"
check "admin create: no password" 1 "no password given" -- \
  bash -c "'$bin' admin create --db '$cdb' --login wangmin --name 王敏 --region 370200 </dev/null"
check "nothing made by refusals" 0 "^0 0$" -- sqlite3 -separator " " "$city" \
  "SELECT (SELECT COUNT(*) FROM accounts), (SELECT COUNT(*) FROM departments)"
check "admin create" 0 "^administrator wangmin \(王敏\) created in department ADMIN 系统管理 \(new, region 370200\)$" -- \
  bash -c "echo operator-pw-1 | '$bin' admin create --db '$cdb' --login wangmin --name 王敏 --region 370200"
check "admin create: login taken" 1 "an account with this login already exists — field login" -- \
  bash -c "echo operator-pw-2 | '$bin' admin create --db '$cdb' --login wangmin --name 王二"
check "the administrator" 0 "^wangmin staff admin ADMIN 370200$" -- sqlite3 -separator " " "$city" \
  "SELECT a.login, a.kind, a.roles, d.code, d.region_code FROM accounts a JOIN departments d ON d.id = a.department_id"
check "audited by the system" 0 "^system department.create,system account.create$" -- sqlite3 "$city" \
  "SELECT group_concat(actor || ' ' || action) FROM (SELECT actor, action FROM audit_log ORDER BY seq)"
if command -v python3 >/dev/null; then
  # on a terminal: asked twice without echo; two different answers are refused
  tty_admin() { # LOGIN FIRST SECOND: runs admin create on a pseudo-terminal, prints what it showed
    python3 - "$bin" "$cdb" "$@" <<'PY'
import os, pty, sys, time
binary, db, login, first, second = sys.argv[1:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(binary, [binary, "admin", "create", "--db", db, "--login", login, "--name", "终端", "--department", "ADMIN"])
seen = b""
def read_until(prompt):  # prompt None: until the command has ended
    global seen
    start, end = len(seen), time.time() + 20
    while time.time() < end:
        try:
            data = os.read(fd, 1024)
        except OSError:
            return
        if not data:
            return
        seen += data
        if prompt and prompt in seen[start:]:
            return
read_until(b"bytes): ")
os.write(fd, first.encode() + b"\n")
read_until(b"again: ")
os.write(fd, second.encode() + b"\n")
read_until(None)
_, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode(errors="replace").replace("\r", ""))
sys.exit(os.waitstatus_to_exitcode(status))
PY
  }
  check "terminal: the passwords differ" 1 "again: [[:space:]]*yiwang admin create: the two passwords differ" -- \
    tty_admin liming operator-pw-3 operator-pw-4
  check "terminal: no echo, created" 0 \
    "^password for liming \(8 to 128 bytes\): [[:space:]]*the same password again: [[:space:]]*administrator liming" -- \
    tty_admin liming operator-pw-3 operator-pw-3
fi

# departments from a CSV file (BOM, CRLF, quotes): good rows created, bad ones named by line
printf '\xef\xbb\xbfcode,name,region_code,aliases\r\n' >"$tmp/depts.csv"
printf 'QD-XZSP,青岛市行政审批服务局,370200,市行政审批局|市审批局\r\n' >>"$tmp/depts.csv"     # 2
printf '"QD-SWJ","青岛市商务局,外事办",370200,"市商务局；""商务"""\r\n' >>"$tmp/depts.csv"   # 3
printf 'QD-BAD,青岛市某局,379999,\r\n' >>"$tmp/depts.csv"                                     # 4: no such region
printf 'QD-DUP,青岛市行政审批服务局,370200,\r\n' >>"$tmp/depts.csv"                           # 5: a taken name
printf 'QD-COLS,青岛市三列局,370200\r\n' >>"$tmp/depts.csv"                                   # 6: three columns
printf '\r\nQD-JYJ,青岛市教育局,370202,市教育局\r\n' >>"$tmp/depts.csv"                      # 8
check "dept import" 1 "depts.csv:4: refused: .*379999.*field region_code.*depts.csv:5: refused: a department with this name already exists — field name.*depts.csv:6: refused: 3 columns where the header has 4.*depts.csv: 3 created, 0 already there, 3 refused" -- \
  "$bin" dept import "$tmp/depts.csv" --db "$cdb"
check "dept list" 0 "QD-SWJ	青岛市商务局,外事办	370200	\"商务\"\|市商务局" -- "$bin" dept list --db "$cdb"
counts="SELECT (SELECT COUNT(*) FROM departments), (SELECT COUNT(*) FROM department_aliases),
  (SELECT COUNT(*) FROM audit_log WHERE action = 'department.create')"
check "departments saved, audited" 0 "^4 5 4$" -- sqlite3 -separator " " "$city" "$counts"
check "dept import again changes nothing" 1 "depts.csv: 0 created, 3 already there, 3 refused" -- \
  "$bin" dept import "$tmp/depts.csv" --db "$cdb"
check "nothing changed" 0 "^4 5 4$" -- sqlite3 -separator " " "$city" "$counts"
printf 'code,name,region_code\nQD-JYJ,青岛市教育局,370202\n' >"$tmp/depts2.csv"
check "same code, other aliases: refused" 1 "depts2.csv:2: refused: a department with this code exists already" -- \
  "$bin" dept import "$tmp/depts2.csv" --db "$cdb"
printf 'code,name,region_code\nQD-GAJ,青岛市公安局,370200\n' >"$tmp/depts3.csv"
check "dept import all good" 0 "^depts3.csv: 1 created, 0 already there, 0 refused" -- \
  bash -c "cd '$tmp' && '$abs_bin' dept import depts3.csv --db '$cdb'"
printf 'code,name,region_code\nQD-X,\xc9\xcc\xce\xf1,370200\n' >"$tmp/gbk.csv"
check "dept import: not UTF-8" 1 "gbk.csv: the file is not UTF-8 \(line 2\)" -- "$bin" dept import "$tmp/gbk.csv" --db "$cdb"
printf 'name,code,region_code\n' >"$tmp/noheader.csv"
check "dept import: no header" 1 "line 1: the first line must be the header code,name,region_code,aliases" -- \
  "$bin" dept import "$tmp/noheader.csv" --db "$cdb"
check "dept import: missing file" 1 "cannot open" -- "$bin" dept import "$tmp/none.csv" --db "$cdb"
check "dept import needs a file" 2 "expected FILE.csv" -- "$bin" dept import --db "$cdb"

# backup: a consistent copy that SQLite finds whole, with the same contents; never over a file
check "backup" 0 "^backup written to $tmp/city-backup.db: [0-9.]+ MiB" -- "$bin" backup "$tmp/city-backup.db" --db "$cdb"
check "backup intact" 0 "^ok$" -- sqlite3 "$tmp/city-backup.db" "PRAGMA integrity_check"
everything="SELECT (SELECT COUNT(*) FROM departments), (SELECT COUNT(*) FROM department_aliases),
  (SELECT COUNT(*) FROM accounts), (SELECT COUNT(*) FROM audit_log), (SELECT MAX(hash) FROM audit_log)"
check "backup holds the same" 0 "^$(sqlite3 -separator " " "$city" "$everything")$" -- \
  sqlite3 -separator " " "$tmp/city-backup.db" "$everything"
check "backup only for its owner" 0 "^600$" -- stat -c %a "$tmp/city-backup.db"
check "backup never overwrites" 1 "city-backup.db exists already" -- "$bin" backup "$tmp/city-backup.db" --db "$cdb"
check "the backup's audit chain" 0 "audit chain intact: $(sqlite3 "$city" "SELECT COUNT(*) FROM audit_log") entries" -- "$bin" audit verify --db "sqlite:$tmp/city-backup.db"
check "backup needs FILE" 2 "expected FILE" -- "$bin" backup --db "$cdb"
if [ -n "${YW_TEST_PG_URL:-}" ]; then
  check "backup of PostgreSQL" 1 "pg_dump --format=custom --file=$tmp/pg.dump" -- "$bin" backup "$tmp/pg.dump" --db "$YW_TEST_PG_URL"
fi

# the server finds its web files wherever it is started from, and refuses to start without them
(cd / && exec env -u YW_WEB_DIR "$abs_bin" serve --db "$cdb" --listen 127.0.0.1:0 --workers 1 \
  >"$tmp/elsewhere.out" 2>"$tmp/elsewhere.log") &
elsewhere_pid=$!
for _ in $(seq 1 300); do grep -q "listening" "$tmp/elsewhere.out" 2>/dev/null && break; sleep 0.1; done
elsewhere=$(grep -oE 'http://[0-9.:]*' "$tmp/elsewhere.out")
check "started from /, / answers 200" 0 "^200$" -- curl -s -o /dev/null -w '%{http_code}' "$elsewhere/"
check "the administrator logs in" 0 "^201$" -- curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' \
  -d '{"login":"wangmin","password":"operator-pw-1"}' "$elsewhere/api/v1/session"
kill -TERM "$elsewhere_pid"
wait "$elsewhere_pid"
check "where the web files were found is logged" 0 "browser UI from /.*/web" -- cat "$tmp/elsewhere.log"
check "no web files: refuses to start" 1 "no index.html in $tmp: the browser UI is not there" -- \
  env YW_WEB_DIR="$tmp" "$bin" serve --db "$cdb" --listen 127.0.0.1:0
check "--web without web files" 1 "no index.html in $tmp/none" -- "$bin" serve --db "$cdb" --listen 127.0.0.1:0 --web "$tmp/none"

check "demo" 0 "demo city loaded: 31 departments, 6 accounts" -- "$bin" demo --db "$db"
check "demo again" 0 "demo city already loaded" -- "$bin" demo --db "$db"
check "calendar add" 0 "^2024-02-19$" -- "$bin" calendar add 2024-02-08 3
check "calendar count" 0 "^3$" -- "$bin" calendar count 2025-01-27 2025-02-07
check "calendar make-up day" 0 "working day" -- "$bin" calendar day 2025-02-08
check "calendar bad date" 1 "YYYY-MM-DD" -- "$bin" calendar add 2024/02/08 3
check "calendar past its data" 1 "covers 2004-01-01 to 2026-12-31" -- "$bin" calendar add 2026-12-20 30
check "calendar bad N" 2 "N must be" -- "$bin" calendar add 2024-02-08 many
check "audit intact" 0 "audit chain intact: 37 entries" -- "$bin" audit verify --db "$db"

# ledger import: the counts on standard error, one JSON object per measure, nothing saved on a dry run
seeds="$(cd "$(dirname "$0")/../.." && pwd)/shared/seeds"
check "ledger dry run" 0 "118 measures.*dry run, nothing saved" -- "$bin" ledger import "$seeds/liaocheng-hitech-2022-action-plan.txt" --year 2022 --dry-run --db "$db"
check "nothing saved" 0 "^0$" -- sqlite3 "$tmp/cli.db" "SELECT COUNT(*) FROM ledger_measures"
check "ledger json" 0 '^\{"section":"\(一\)开办企业领域\(含个体户、农村合作社\)","number":1,"title":"强化企业开办“4012”品牌效应"' -- \
  bash -c "'$bin' ledger import '$seeds/liaocheng-hitech-2022-action-plan.txt' --year 2022 --dry-run --json --db '$db' 2>/dev/null | head -1"
check "ledger json lines" 0 "^100$" -- bash -c "'$bin' ledger import '$seeds/qingdao-2022-2024-three-year-plan.txt' --year 2022 --dry-run --json --db '$db' 2>/dev/null | wc -l"
check "ledger import" 0 "69 measures.*saved" -- "$bin" ledger import "$seeds/qingdao-2024-one-thing-measures.txt" --year 2024 --db "$db"
check "saved" 0 "^69$" -- sqlite3 "$tmp/cli.db" "SELECT COUNT(*) FROM ledger_measures"
check "ledger map" 0 "applied to [1-9]" -- "$bin" ledger map 上合示范区管委 QD-SWJ --db "$db"
printf '\x89PNG\r\n\x1a\n\x00\x00' >"$tmp/binary.txt"
check "binary file" 1 "binary" -- "$bin" ledger import "$tmp/binary.txt" --year 2024 --db "$db"
: >"$tmp/empty.txt"
check "empty file" 1 "empty" -- "$bin" ledger import "$tmp/empty.txt" --year 2024 --db "$db"
printf '1.\xc9\xfa\xb2\xfa\n' >"$tmp/gbk.txt"
check "wrong encoding" 1 "not UTF-8" -- "$bin" ledger import "$tmp/gbk.txt" --year 2024 --db "$db"
check "still 69" 0 "^69$" -- sqlite3 "$tmp/cli.db" "SELECT COUNT(*) FROM ledger_measures"
check "ledger needs a year" 2 "--year YYYY is required" -- "$bin" ledger import "$tmp/gbk.txt" --db "$db"
check "missing file" 1 "cannot open" -- "$bin" ledger import "$tmp/none.txt" --year 2024 --db "$db"

check "audit intact after the ledger" 0 "audit chain intact: 39 entries" -- "$bin" audit verify --db "$db"
sqlite3 "$tmp/cli.db" "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 5"
id=$(sqlite3 "$tmp/cli.db" "SELECT id FROM audit_log WHERE seq = 5")
check "audit tampered" 1 "BROKEN at entry 5 \(id $id\)" -- "$bin" audit verify --db "$db"

# serve: answers the request in flight when SIGTERM comes; TLS with HTTP/2; the header timeout
here=$(cd "$(dirname "$0")/.." && pwd)
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

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
