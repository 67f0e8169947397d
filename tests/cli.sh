#!/usr/bin/env bash
# The yiwang command line: help, bad flags (one line, exit 2), init twice, a city without the
# demo (admin create, dept import, backup, a server started elsewhere), demo with its catalog,
# catalog export and import (a second run changes nothing, bad items by index), the synthetic
# market-entity registry and its CSV import (bad rows by line, a second run unchanged), policy
# matching (a second run creates nothing), calendar answers, refusals and loading a year, `audit verify` naming a tampered entry,
# and certificates: every `yiwang cert` subcommand, the import, and `yiwang verify`.
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
check "bad listen" 2 "^yiwang serve: --listen 应为 主机:端口，如127.0.0.1:8080 \(--listen takes HOST:PORT, e.g. 127.0.0.1:8080\) — field listen$" -- \
  "$bin" serve --listen nowhere
check "bad listen port" 2 "--listen PORT 应在0至65535之间 \(--listen PORT must be from 0 to 65535\)" -- "$bin" serve --listen 127.0.0.1:65536
check "bad trusted proxy" 2 "--trusted-proxy: 10.0.0.0/33 is not an address or CIDR range" -- "$bin" serve --trusted-proxy 10.0.0.0/33
check "bad workers" 2 "--workers must be" -- "$bin" serve --workers 0
check "bad uploads dir" 2 "^yiwang serve: --uploads-dir /nonexistent-yw is not a writable directory$" -- "$bin" serve --uploads-dir /nonexistent-yw
check "bad clock" 2 "^yiwang serve: --clock 2025-09-31T10:00: give a time in Asia/Shanghai as YYYY-MM-DDTHH:MM, e.g. 2025-09-28T10:00$" -- "$bin" serve --clock 2025-09-31T10:00
check "clock without minutes" 2 "give a time in Asia/Shanghai as YYYY-MM-DDTHH:MM" -- "$bin" serve --clock 2025-09-28T10
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
check "admin create: password too short" 1 "^yiwang admin create: .*\(the password must be 8 to 128 characters \(letters, digits or symbols\)\) — field password$" -- \
  bash -c "echo short | '$bin' admin create --db '$cdb' --login wangmin --name 王敏 --region 370200"
check "admin create: no password" 1 "no password given" -- \
  bash -c "'$bin' admin create --db '$cdb' --login wangmin --name 王敏 --region 370200 </dev/null"
check "nothing made by refusals" 0 "^0 0$" -- sqlite3 -separator " " "$city" \
  "SELECT (SELECT COUNT(*) FROM accounts), (SELECT COUNT(*) FROM departments)"
check "admin create" 0 "^administrator wangmin \(王敏\) created in department ADMIN 系统管理 \(new, region 370200\)$" -- \
  bash -c "echo operator-pw-1 | '$bin' admin create --db '$cdb' --login wangmin --name 王敏 --region 370200"
check "admin create: login taken" 1 "an account with this login already exists\) — field login" -- \
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
  check "terminal: the passwords differ" 1 "again: [[:space:]]*yiwang admin create: 两次输入的密码不一致 \(the two passwords differ\) — field password" -- \
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
check "dept import" 1 "depts.csv:4: refused: .*379999.*field region_code.*depts.csv:5: refused: .*\(a department with this name already exists\) — field name.*depts.csv:6: refused: 3 columns where the header has 4.*depts.csv: 3 created, 0 already there, 3 refused" -- \
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
check "dept import: not UTF-8" 1 "gbk.csv: 文件不是UTF-8编码（第2行）.*\(the file is not UTF-8 \(line 2\)" -- "$bin" dept import "$tmp/gbk.csv" --db "$cdb"
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

check "demo" 0 "demo city loaded: 31 departments, 37 accounts.*demo catalog: 74 items, 74 added.*demo bundles: 10 bundles, 10 added.*demo ledger: 1 plan of 24 measures added, 11 progress reports, 1 urgings" -- "$bin" demo --db "$db"
check "demo again" 0 "demo city already loaded.*demo catalog: 74 items, 0 added, 0 changed, 74 unchanged.*demo bundles: 10 bundles, 0 added, 10 unchanged.*demo ledger: 1 plan of 24 measures, unchanged" -- "$bin" demo --db "$db"
# the item catalog, on a store of its own: export, the same file again changes nothing, bad items
# reported by index and skipped while the good one is saved, files that are not catalogs
kdb="sqlite:$tmp/catalog.db"
"$bin" demo --db "$kdb" >/dev/null 2>&1
check "catalog export" 0 '^\{"format":"yiwang-catalog","items":\[' -- \
  sh -c "\"\$1\" catalog export --db \"\$2\" > \"\$3\" && head -c 40 \"\$3\"" _ "$bin" "$kdb" "$tmp/catalog.json"
check "catalog export: 74 items" 0 "^74$" -- sh -c "grep -c '^{\"code\"' \"\$1\"" _ "$tmp/catalog.json"
check "catalog import: same file, nothing changes" 0 "74 items: 0 created, 0 updated, 74 unchanged, 0 refused" -- \
  "$bin" catalog import "$tmp/catalog.json" --db "$kdb"
item='"name":"测试事项","type":"行政备案","department":"QD-SCJG","region":"370200","fee_fen":0,"online_depth":"全程网办","visits":0'
printf '{"format":"yiwang-catalog","items":[{"code":"T-0001",%s,"statutory_days":5,"promised_days":1},{"code":"T-0002",%s,"statutory_days":5,"promised_days":9},{"code":"T-0003",%s,"statutory_days":5,"promised_days":1,"materials":[{"name":"甲","requirement":"required","accepted_as":["fax"]}]},{"code":"T-0004",%s,"statutory_days":5,"promised_days":1,"department":"QD-NONE"}]}' \
  "$item" "$item" "$item" "${item/\"department\":\"QD-SCJG\",/}" > "$tmp/bad-catalog.json"
check "catalog import: bad items by index" 1 "item 1 \(T-0002\): /items/1/promised_days: .*item 2 \(T-0003\): /items/2/materials/0/accepted_as: .*item 3 \(T-0004\): /items/3/department: .*4 items: 1 created, 0 updated, 0 unchanged, 3 refused" -- \
  "$bin" catalog import "$tmp/bad-catalog.json" --db "$kdb"
check "catalog: the good item is there" 0 "^1$" -- sqlite3 "$tmp/catalog.db" "SELECT count(*) FROM items WHERE code LIKE 'T-%'"
echo 'code,name' > "$tmp/not-catalog.json"
check "catalog import: not JSON" 1 "not-catalog.json: .*not JSON.*line 1" -- "$bin" catalog import "$tmp/not-catalog.json" --db "$kdb"
check "catalog import: no file" 2 "expected FILE.json" -- "$bin" catalog import --db "$kdb"

# the market-entity registry: the synthetic one (the same rows for the same N), and a CSV import
# with bad rows refused by line, the rest loaded, and a second run that changes nothing
ddb="sqlite:$tmp/entities-demo.db"
check "demo --entities" 0 "demo entities: 3000 entities, 3000 added, 0 changed, 0 unchanged in [0-9.]+ s \([0-9]+ rows/s\)" -- \
  "$bin" demo --db "$ddb" --entities 3000
check "demo --entities again" 0 "demo entities: 3000 entities, 0 added, 0 changed, 3000 unchanged" -- "$bin" demo --db "$ddb" --entities 3000
check "demo --entities: bad N" 2 "^yiwang demo: --entities takes a number of entities from 0 to 100000000$" -- "$bin" demo --db "$ddb" --entities 2k
# matching every active policy over that registry: counts and time on the last line; a second
# run creates no grant twice; one entity alone (the 3000 and the demo enterprise)
check "match" 0 $'\n3001 entities, [0-9]+ policies, [0-9]+ matches in [0-9.]+ s$' -- "$bin" match --db "$ddb"
check "match again creates nothing" 0 $'^grants created: 0, .*\n3001 entities' -- "$bin" match --db "$ddb"
check "match one entity" 0 $'\n[01] entities, [0-9]+ policies, [0-9]+ matches in' -- "$bin" match --db "$ddb" --entity 91370202MA3CXK7TXN
check "match: bad flag" 2 "unknown option --frob" -- "$bin" match --db "$ddb" --frob
# the same as a job (its reader a second connection to the same store), with progress by entities
check "jobs run policy.match" 0 'policy.match +done +3001/3001 entities matched' -- "$bin" jobs run policy.match --db "$ddb"
edb="sqlite:$tmp/entities.db"
"$bin" demo --db "sqlite:$tmp/entities-a.db" --entities 500 >/dev/null 2>&1
"$bin" demo --db "sqlite:$tmp/entities-b.db" --entities 500 >/dev/null 2>&1
if command -v sqlite3 >/dev/null; then
  q="SELECT uscc, name, region, industry, revenue_fen, labels FROM entities ORDER BY uscc"
  rows_a=$(sqlite3 "$tmp/entities-a.db" "$q" | md5sum) rows_b=$(sqlite3 "$tmp/entities-b.db" "$q" | md5sum)
  check "demo --entities: the same rows for the same N" 0 "^same$" -- bash -c "[ '$rows_a' = '$rows_b' ] && echo same"
else
  skipped=$((skipped + 1))
fi
cat > "$tmp/entities.csv" <<'CSV'
uscc,name,kind,legal_rep,capital_fen,industry,region,established_on,scale,employees,revenue_fen,rd_ratio_bp,labels,credit
91370202MA3CXK7T0X,坏代码有限公司,company,李四,1,51,370202,2015-01-01,micro,1,1,0,,A
91370202MA3CXK7TXN,青岛海川数字科技有限公司,company,张三,500000000,6513,370202,2019-05-20,small,35,1200000000,450,hnte|专精特新,A
92370203MA000YY14T,青岛市海岳餐饮店,individual_business,李四,1000000,62,379999,2015-01-01,micro,3,800000,0,,B
91370202MA3CXK7TXN,青岛海川数字科技有限公司,company,张三,500000000,9999,370202,2019-05-20,small,35,1200000000,450,,A
CSV
check "entity import: bad rows by line" 1 "entities.csv:2: refused: .*field uscc.*entities.csv:4: refused: .*field region.*entities.csv:5: refused: .*field industry.*entities.csv: 4 rows read: 1 added, 0 changed, 0 unchanged, 3 refused in" -- \
  "$bin" entity import "$tmp/entities.csv" --db "$edb"
check "entity import again changes nothing" 1 "entities.csv: 4 rows read: 0 added, 0 changed, 1 unchanged, 3 refused" -- \
  "$bin" entity import "$tmp/entities.csv" --db "$edb"
check "entity import: no header" 1 "第1行应为表头.*line 1 must be the header uscc,name,kind" -- "$bin" entity import "$tmp/depts.csv" --db "$edb"
check "entity import: no file" 2 "expected FILE.csv" -- "$bin" entity import --db "$edb"
check "entity import: missing file" 1 "cannot open .*nope.csv" -- "$bin" entity import "$tmp/nope.csv" --db "$edb"
check "entity lapsing" 0 "^0 dormancies lapse within 30 days$" -- "$bin" entity lapsing --db "$edb"
check "catalog export: no file" 2 "unexpected argument x.json" -- "$bin" catalog export x.json --db "$kdb"
check "catalog: neither" 2 "unexpected argument frob" -- "$bin" catalog frob
# the calendar, on a store of its own: answers, provisional past the official calendar, then
# loading a year's arrangement makes the same question official with a later date
cal="sqlite:$tmp/cal.db" year2027="$(cd "$(dirname "$0")" && pwd)/data/calendar-2027-fictional.tsv"
check "calendar store" 0 "store ready" -- "$bin" init --db "$cal"
check "calendar add" 0 "^2024-02-19$" -- "$bin" calendar add 2024-02-08 3 --db "$cal"
check "calendar count" 0 "^3$" -- "$bin" calendar count 2025-01-27 2025-02-07 --db "$cal"
check "calendar make-up day" 0 "working day" -- "$bin" calendar day 2025-02-08 --db "$cal"
check "calendar without a store" 0 "^2024-02-19$" -- bash -c "cd '$tmp' && '$bin' calendar add 2024-02-08 3"
check "calendar bad date" 1 "YYYY-MM-DD" -- "$bin" calendar add 2024/02/08 3
check "calendar before its data" 1 "begins on 2004-01-01" -- "$bin" calendar add 2003-12-31 3
check "calendar bad N" 2 "N must be" -- "$bin" calendar add 2024-02-08 many
check "calendar --year without load" 2 "go with load" -- "$bin" calendar add 2024-02-08 3 --year 2027
check "calendar provisional answer" 0 "^2027-01-04$" -- bash -c "'$bin' calendar add 2026-12-28 5 --db '$cal' 2>/dev/null"
check "calendar provisional note" 0 "^\(provisional: the official arrangement for 2027 is not loaded\)$" -- \
  bash -c "'$bin' calendar add 2026-12-28 5 --db '$cal' 2>&1 >/dev/null"
check "calendar load dry run" 0 "^2027: 20 holidays, 2 make-up working days; checked, nothing saved; the calendar would cover 2004 to 2027$" -- \
  "$bin" calendar load "$year2027" --dry-run --db "$cal"
check "calendar still provisional" 0 "provisional" -- "$bin" calendar add 2026-12-28 5 --db "$cal"
printf 'date\tkind\tname\n2027-01-01\tholiday\tNewYear\n2027-01-04\tworkday\tNewYear\n' >"$tmp/bad.tsv"
check "calendar load bad file" 1 "line 3: 2027-01-04 is a weekday" -- "$bin" calendar load "$tmp/bad.tsv" --db "$cal"
printf 'date\tkind\tname\n' >"$tmp/2028.tsv"
for d in 01-01 05-01 10-01 10-02 10-03; do printf '2028-%s\tholiday\tX\n' "$d" >>"$tmp/2028.tsv"; done
check "calendar load after a gap" 1 "load the arrangement for 2027 first" -- "$bin" calendar load "$tmp/2028.tsv" --db "$cal"
check "calendar load missing file" 1 "无法打开文件“$tmp/none.tsv” \(cannot open $tmp/none.tsv: No such file or directory\) — field file" -- "$bin" calendar load "$tmp/none.tsv" --db "$cal"
check "calendar load" 0 "^2027: 20 holidays, 2 make-up working days; loaded; the calendar covers 2004 to 2027$" -- \
  "$bin" calendar load "$year2027" --db "$cal"
check "calendar now official" 0 "^2027-01-05$" -- bash -c "'$bin' calendar add 2026-12-28 5 --db '$cal' 2>&1"
check "calendar years" 0 "2026	built-in	33 holidays	6 make-up working days.*2027	loaded	20 holidays	2 make-up working days	.*calendar-2027-fictional.tsv" -- \
  "$bin" calendar years --db "$cal"
check "calendar load again" 0 "replacing the arrangement loaded before" -- "$bin" calendar load "$year2027" --db "$cal"
check "calendar loads audited" 0 "^2$" -- sqlite3 "$tmp/cal.db" "SELECT COUNT(*) FROM audit_log WHERE action = 'calendar.load'"
# the chain's length is what the demo and the steps above wrote (the demo grows with its data)
entries() { sqlite3 "$1" "SELECT MAX(seq) FROM audit_log"; }
check "audit intact" 0 "audit chain intact: $(entries "$tmp/cli.db") entries" -- "$bin" audit verify --db "$db"

# ledger import on the project's own test plans (tests/data/plans/README.md lists their counts):
# the counts on standard error, one JSON object per measure, nothing saved on a dry run
here=$(cd "$(dirname "$0")/.." && pwd)
plans="$here/tests/data/plans"
check "ledger dry run" 0 "10 sections, 22 measures, 14 deadlines, 21 units \(19 matched, 2 unmatched\), 5 lines not placed, 0 units named in an annex; dry run, nothing saved.*企业服务专员办公室.*营商环境督查中心" -- \
  "$bin" ledger import "$plans/numbered-with-units.txt" --year 2023 --dry-run --db "$db"
# (the demo's plan has 24 measures of its own)
check "nothing saved" 0 "^0$" -- sqlite3 "$tmp/cli.db" "SELECT COUNT(*) FROM ledger_measures m JOIN ledger_plans p ON p.id = m.plan_id WHERE p.title NOT LIKE '%演示数据%'"
check "ledger json" 0 '^\{"section":"\(一\)市场准入与退出领域","number":1,"title":"压缩企业开办时间","text":"1\.压缩企业开办时间。' -- \
  bash -c "'$bin' ledger import '$plans/numbered-with-units.txt' --year 2023 --dry-run --json --db '$db' 2>/dev/null | head -1"
check "ledger json lines" 0 "^18$" -- bash -c "'$bin' ledger import '$plans/traditional-garbled-annex.txt' --year 2023 --dry-run --json --db '$db' 2>/dev/null | wc -l"
check "ledger annex" 0 "12 sections, 18 measures, 6 deadlines, 4 units \(4 matched, 0 unmatched\), 12 lines not placed, 10 units named in an annex.*units named only in the annex:.*市人力資源社會保障局" -- \
  "$bin" ledger import "$plans/traditional-garbled-annex.txt" --year 2023 --dry-run --db "$db"
check "ledger two plans" 0 "5 measures, 3 deadlines, 8 units.*11 lines not placed.*2 plans printed one after the other, each to be saved as a plan of its own:.*某市优化营商环境行动计划: 3 measures.*某市政务服务提升方案: 2 measures" -- \
  "$bin" ledger import "$plans/two-documents.txt" --year 2025 --dry-run --db "$db"
check "ledger import" 0 "16 sections, 18 measures, 5 deadlines, 16 units \(14 matched, 2 unmatched\), 10 lines not placed, 0 units named in an annex; saved" -- \
  "$bin" ledger import "$plans/unnumbered-clauses.txt" --year 2024 --db "$db"
check "saved" 0 "^18$" -- sqlite3 "$tmp/cli.db" "SELECT COUNT(*) FROM ledger_measures m JOIN ledger_plans p ON p.id = m.plan_id WHERE p.title NOT LIKE '%演示数据%'"
# the same plan again: refused naming the plan; replaced with --replace, everything kept
check "ledger import again" 1 "plan_exists|已导入" -- "$bin" ledger import "$plans/unnumbered-clauses.txt" --year 2024 --db "$db"
cplan=$(sqlite3 "$tmp/cli.db" "SELECT id FROM ledger_plans WHERE title NOT LIKE '%演示数据%' ORDER BY imported_at DESC LIMIT 1")
check "ledger replace" 0 "replaced plan $cplan: 18 measures kept, 0 changed, 0 added, 0 removed" -- \
  "$bin" ledger import "$plans/unnumbered-clauses.txt" --year 2024 --replace "$cplan" --db "$db"
check "ledger map" 0 "^市文旅局 → QD-WLJ: applied to 1 measure unit\(s\)$" -- "$bin" ledger map 市文旅局 QD-WLJ --db "$db"
printf '\x89PNG\r\n\x1a\n\x00\x00' >"$tmp/binary.txt"
check "binary file" 1 "不是纯文本" -- "$bin" ledger import "$tmp/binary.txt" --year 2024 --db "$db"
: >"$tmp/empty.txt"
check "empty file" 1 "文件为空" -- "$bin" ledger import "$tmp/empty.txt" --year 2024 --db "$db"
printf '1.\xc9\xfa\xb2\xfa\n' >"$tmp/gbk.txt"
check "wrong encoding" 1 "不是UTF-8编码" -- "$bin" ledger import "$tmp/gbk.txt" --year 2024 --db "$db"
check "still 18" 0 "^18$" -- sqlite3 "$tmp/cli.db" "SELECT COUNT(*) FROM ledger_measures m JOIN ledger_plans p ON p.id = m.plan_id WHERE p.title NOT LIKE '%演示数据%'"
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
  check "seed saved" 0 "^69$" -- sqlite3 "$tmp/seeds.db" "SELECT COUNT(*) FROM ledger_measures m JOIN ledger_plans p ON p.id = m.plan_id WHERE p.title NOT LIKE '%演示数据%'"
  check "seed map" 0 "applied to [1-9]" -- "$bin" ledger map 上合示范区管委 QD-SWJ --db "$sdb"
else
  skipped=$((skipped + 6))
  echo "SKIP published plans (6 checks): $seeds does not exist and YW_SEEDS is not set"
fi

check "audit intact after the ledger" 0 "audit chain intact: $(entries "$tmp/cli.db") entries" -- "$bin" audit verify --db "$db"

# signed checkpoints of the chain's head: the key (mode 0600, never overwritten, registered in the
# store: the next entry), a checkpoint, verify reaching it; a forged one, another key and a cut
# tail fail
key="$tmp/signing.key"
head=$(($(entries "$tmp/cli.db") + 1))
check "keygen" 0 "key_id [0-9a-f]{16}.*public_key [A-Za-z0-9+/]{43}=.*registered in the store" -- \
  "$bin" audit keygen --key "$key" --db "$db"
check "key file mode 0600" 0 "^600$" -- stat -c %a "$key"
check "keygen never overwrites" 1 "already exists" -- "$bin" audit keygen --key "$key" --db "$db"
check "checkpoint needs a key" 2 "needs the key file" -- env -u YW_SIGNING_KEY "$bin" audit checkpoint --db "$db"
check "checkpoint" 0 '^\{"seq":'$head',"head":"[0-9a-f]{64}","at":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{12}Z","key_id":"[0-9a-f]{16}","public_key":"[A-Za-z0-9+/]{43}=","signature":"[A-Za-z0-9+/]{86}=="\}$' -- \
  "$bin" audit checkpoint --key "$key" --db "$db"
YW_SIGNING_KEY="$key" "$bin" audit checkpoint --db "$db" >"$tmp/checkpoints"
check "verify reaches the checkpoint" 0 "intact: $head entries.*entry $head.*reached.*all 1 checkpoint" -- \
  "$bin" audit verify --db "$db" --checkpoint "$tmp/checkpoints"
chmod 640 "$key"
check "key file open to the group" 1 "open to group or others \(mode 0640\)" -- "$bin" audit checkpoint --key "$key" --db "$db"
chmod 600 "$key"
public_key=$(sed -n 's/^# public_key //p' "$key")
check "verify with the key pinned" 0 "all 1 checkpoint" -- \
  "$bin" audit verify --db "$db" --checkpoint "$tmp/checkpoints" --public-key "$public_key"
"$bin" audit keygen --key "$tmp/other.key" --db "sqlite:$tmp/other.db" >/dev/null 2>&1
check "another key is not trusted" 1 "UNKNOWN KEY" -- "$bin" audit verify --db "$db" --checkpoint "$tmp/checkpoints" \
  --public-key "$(sed -n 's/^# public_key //p' "$tmp/other.key")"
YW_SIGNING_KEY="$tmp/other.key" "$bin" audit checkpoint --db "sqlite:$tmp/other.db" >"$tmp/other-checkpoints" 2>/dev/null
check "nor a key not registered" 1 "UNKNOWN KEY.*not a signing key registered" -- \
  "$bin" audit verify --db "$db" --checkpoint "$tmp/other-checkpoints"
sed "s/\"seq\":$head/\"seq\":$((head - 1))/" "$tmp/checkpoints" >"$tmp/forged"
check "forged checkpoint" 1 "BAD SIGNATURE" -- "$bin" audit verify --db "$db" --checkpoint "$tmp/forged"
printf '# kept hourly\n\nnot a checkpoint\n' >>"$tmp/forged"
check "not a checkpoint line" 1 "line 4 is not a checkpoint" -- "$bin" audit verify --db "$db" --checkpoint "$tmp/forged"
sqlite3 "$tmp/cli.db" "DELETE FROM audit_log WHERE seq > 121"
check "cut tail: the chain alone is whole" 0 "intact: 121 entries" -- "$bin" audit verify --db "$db"
check "cut tail found" 1 "NOT REACHED.*entry $head is missing.*ends at entry 121" -- \
  "$bin" audit verify --db "$db" --checkpoint "$tmp/checkpoints"
# the server signs the head too, with --signing-key, for supervisors and admins
chmod 644 "$key"
check "serve refuses an open key file" 1 "open to group or others" -- \
  timeout 20 "$bin" serve --db "$db" --listen 127.0.0.1:0 --signing-key "$key"
chmod 600 "$key"
YW_SERVER_LOG="$tmp/cp-serve.log" bash "$(dirname "$0")/start-server.sh" "$bin" "$db" "$(dirname "$0")/../web" \
  "$tmp/cpurl" --signing-key "$key"
cpurl=$(cat "$tmp/cpurl")
token=$(curl -s -H 'content-type: application/json' -d '{"login":"supervisor","password":"yiwang2026"}' \
  "$cpurl/api/v1/session" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
curl -s -H "authorization: Bearer $token" "$cpurl/api/v1/audit/checkpoint" >"$tmp/http-checkpoint"
kill -TERM "$(cat "$tmp/cpurl.pid")"
for _ in $(seq 1 100); do kill -0 "$(cat "$tmp/cpurl.pid")" 2>/dev/null || break; sleep 0.1; done
check "checkpoint over HTTP" 0 '^\{"seq":[0-9]+,"head":"[0-9a-f]{64}",.*"signature":"[A-Za-z0-9+/]{86}=="\}$' -- \
  cat "$tmp/http-checkpoint"
check "verify reaches the server's checkpoint" 0 "intact.*all 1 checkpoint" -- \
  "$bin" audit verify --db "$db" --checkpoint "$tmp/http-checkpoint"
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
check "HSTS on API answers under TLS" 0 "strict-transport-security: max-age=63072000" -- \
  curl -sk -D - -o /dev/null "$tlsurl/healthz"
check "HSTS on static files under TLS" 0 "strict-transport-security: max-age=63072000" -- \
  curl -sk -D - -o /dev/null "$tlsurl/"
check "HSTS on h2o's own 413 under TLS" 0 "413.*strict-transport-security: max-age=63072000" -- \
  curl -sk --http1.1 -D - -o /dev/null -H 'content-type: application/json' -H 'content-length: 20000000' \
  --data-binary @/dev/null --max-time 5 "$tlsurl/api/v1/session"
kill -TERM "$(cat "$tmp/tlsurl.pid")" 2>/dev/null
check "bad TLS key" 1 "cannot load the TLS certificate" -- "$bin" serve --db "$db" --listen 127.0.0.1:0 \
  --tls-cert "$tmp/cert.pem" --tls-key "$tmp/cert.pem"
check "TLS certificate without its key" 1 "--tls-cert 与 --tls-key 须同时提供 \(--tls-cert and --tls-key go together\)" -- \
  "$bin" serve --db "$db" --listen 127.0.0.1:0 --tls-cert "$tmp/cert.pem"

# API keys: made with the key alone on the last line, listed without it, revoked once
keydb="sqlite:$tmp/keys.db"
check "apikey create prints the key last" 0 $'open311\t5/min.*\nywk_[A-Za-z0-9_-]{43}$' -- \
  "$bin" apikey create --name 热线对接 --scopes open311 --rate 5 --db "$keydb"
check "apikey create without a name" 2 "--name NAME is required" -- "$bin" apikey create --db "$keydb"
check "apikey create with a bad rate" 2 "--rate must be requests a minute" -- "$bin" apikey create --name x --rate 0 --db "$keydb"
check "apikey create with an unknown scope" 1 "unknown scope everything .*field scopes" -- \
  "$bin" apikey create --name x --scopes open311,everything --db "$keydb"
keyid=$("$bin" apikey list --db "$keydb" | cut -f1)
check "apikey list shows no secret" 0 "^$keyid"$'\t热线对接\topen311\t5/min\tcreated [^\t]* by system$' -- \
  "$bin" apikey list --db "$keydb"
check "apikey revoke" 0 "revoked .* by system$" -- "$bin" apikey revoke "$keyid" --db "$keydb"
check "apikey revoke twice" 1 "revoked already" -- "$bin" apikey revoke "$keyid" --db "$keydb"
check "apikey revoke unknown" 1 "no API key NOPE" -- "$bin" apikey revoke NOPE --db "$keydb"

# rules: one rule on one record; a refused rule names its node; a suite in tests.json's form
check "rule eval" 0 '^true$' -- "$bin" rule eval '{"and":[{">=":[{"var":"employees"},20]},{"in":["专精特新",{"var":"labels"}]}]}' \
  '{"employees":25,"labels":["专精特新"]}'
check "rule eval: refused rule" 2 'refused: .*unknown operator "frob".* — field /and/0$' -- "$bin" rule eval '{"and":[{"frob":[1]}]}' '{}'
check "rule explain" 0 'false  and.*false  >=: 12 >= 20  \(at "/and/0"\).*true  in: "专精特新" in \["专精特新"\]' -- \
  "$bin" rule explain '{"and":[{">=":[{"var":"employees"},20]},{"in":["专精特新",{"var":"labels"}]}]}' \
  '{"employees":12,"labels":["专精特新"]}'
check "rule eval: bad data" 2 'the data is not JSON' -- "$bin" rule eval '{"var":"a"}' '{bad'
check "rule test: the JsonLogic suite" 0 '^278 passed, 0 failed$' -- sh -c "'$bin' rule test '$here/tests/data/jsonlogic/tests.json' | tail -1"
printf '["a comment", [{"+":[1,1]}, null, 2], [{"+":[1,1]}, null, 3]]' >"$tmp/suite.json"
check "rule test: a failing case" 1 'FAIL case 2: .*gave 2, expected 3.*1 passed, 1 failed' -- "$bin" rule test "$tmp/suite.json"

# jobs, on a store of their own: run one here with its progress, list it, show it; a wrong verb
# or kind is refused
jdb="sqlite:$tmp/jobs.db"
"$bin" demo --db "$jdb" >/dev/null 2>&1
jn=$(($(entries "$tmp/jobs.db") + 1)) # the demo's entries and the job's own
check "jobs run" 0 "audit.verify +done +$jn/$jn entries checked" -- "$bin" jobs run audit.verify --db "$jdb"
check "jobs list" 0 'audit.verify +done' -- "$bin" jobs list --db "$jdb"
check "jobs show" 0 'result: \{"intact":true,"checked":'$jn'\}' -- bash -c "'$bin' jobs show \$('$bin' jobs --db '$jdb' | head -1 | cut -d' ' -f1) --db '$jdb'"
check "jobs: forget old idempotency keys" 0 'idempotency.expire +done .*result: \{"removed":0\}|idempotency.expire +done' -- \
  "$bin" jobs run idempotency.expire --db "$jdb"
check "jobs unknown kind" 1 "no job of kind frob" -- "$bin" jobs run frob --db "$jdb"
check "jobs bad verb" 2 "expected list, show ID or run KIND" -- "$bin" jobs frob --db "$jdb"

# certificates (电子证照): the types, issuing one whose compact credential `yiwang verify` accepts,
# list, show, suspend, reinstate and revoke, verify's refusals, and the import with its bad rows by
# line and a re-run changing nothing. In a directory of their own: the signing key is made there.
mkdir -p "$tmp/certwd" && cd "$tmp/certwd" || exit 1
certdb="sqlite:$tmp/certwd/certs.db"
"$abs_bin" demo --db "$certdb" >/dev/null 2>&1
check "cert types: tab separated" 0 $'(^|\n)YYZZ\t营业执照\t青岛市市场监督管理局\n' -- "$abs_bin" cert types --db "$certdb"
"$abs_bin" cert issue --db "$certdb" --type SPJY --holder 91370202MA3CXK7TXN --name 青岛海川数字科技有限公司 \
  --fields '{"entity.name":"青岛海川数字科技有限公司","food.items":"热食类食品制售"}' >issued.out 2>issued.err
check "cert issue prints a compact credential" 0 '^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$' -- cat issued.out
check "verify accepts it" 0 $'^valid\t证照有效.*\n1\\.2\\.156\\.3005\\.2\\.SPJY\\.[^\t]+\t食品经营许可证\t青岛海川数字科技有限公司$' -- \
  "$abs_bin" verify --db "$certdb" issued.out
check "verify from standard input" 0 '^valid' -- bash -c "'$abs_bin' verify --db '$certdb' - <issued.out"
ident=$("$abs_bin" cert list --db "$certdb" --holder 91370202MA3CXK7TXN | grep -m1 $'\t食品经营许可证\t' | cut -f1)
check "cert list: identifier, type, holder, state" 0 $'(^|\n)1\\.2\\.156\\.3005\\.2\\.SPJY\\.[^\t]+\t食品经营许可证\t青岛海川数字科技有限公司\tvalid(\n|$)' -- \
  "$abs_bin" cert list --db "$certdb" --holder 91370202MA3CXK7TXN
check "cert show prints the credential" 0 "^$(cat issued.out)$" -- "$abs_bin" cert show --db "$certdb" "$ident"
check "cert suspend needs a reason" 2 "suspend needs --reason TEXT" -- "$abs_bin" cert suspend --db "$certdb" "$ident"
check "cert suspend" 0 $'\tsuspended$' -- "$abs_bin" cert suspend --db "$certdb" "$ident" --reason 停业整顿
check "verify says suspended" 1 '^suspended' -- "$abs_bin" verify --db "$certdb" issued.out
check "cert reinstate" 0 $'\tvalid$' -- "$abs_bin" cert reinstate --db "$certdb" "$ident" --reason 整改完成
check "verify after reinstating" 0 '^valid' -- "$abs_bin" verify --db "$certdb" issued.out
check "cert revoke" 0 $'\trevoked$' -- "$abs_bin" cert revoke --db "$certdb" "$ident" --reason 依法吊销
check "verify says revoked" 1 '^revoked	.*revoked' -- "$abs_bin" verify --db "$certdb" issued.out
check "cert revoke twice" 1 "revoked" -- "$abs_bin" cert revoke --db "$certdb" "$ident" --reason 再次
# tampered: another holder's name in the payload, the signature kept
jws=$(cat issued.out)
payload=$(printf '%s' "$jws" | cut -d. -f2 | tr '_-' '/+' | base64 -d 2>/dev/null | sed 's/青岛海川数字科技有限公司/青岛海川数字科技有限公吗/g' |
  base64 -w0 | tr '/+' '_-' | tr -d '=')
printf '%s.%s.%s' "$(cut -d. -f1 issued.out)" "$payload" "$(cut -d. -f3 issued.out)" >tampered.jwt
check "verify of a tampered credential" 1 '^bad_signature' -- "$abs_bin" verify --db "$certdb" tampered.jwt
printf 'not a credential at all\n' >garbage.jwt
check "verify of garbage" 1 '^malformed' -- "$abs_bin" verify --db "$certdb" garbage.jwt
check "verify of a missing file" 1 "nowhere.jwt" -- "$abs_bin" verify --db "$certdb" nowhere.jwt
check "verify without a file" 2 "give the credential's file" -- "$abs_bin" verify --db "$certdb"
check "cert without a verb" 2 "expected types, issue, list" -- "$abs_bin" cert --db "$certdb"
printf '%s\n' 'type,number,holder,holder_name,valid_from,valid_until,entity.name' \
  '营业执照,YZ-IMP-1,91370202MA3CXK7TXN,青岛海川数字科技有限公司,2020-01-01,,青岛海川数字科技有限公司' \
  '营业执照,YZ-IMP-2,91370202MA3CXK7TXM,校验码错误,,,' \
  'SPJY,JY-IMP-3,91370202MA3CXK7TXN,青岛海川数字科技有限公司,2022-01-01,2021-12-31,' \
  '营业执照,YZ-IMP-4,91370202MA3CXK7TXN,青岛海川数字科技有限公司,,,' >certs.csv
check "cert import: bad rows by line, the others imported" 1 \
  "certs.csv:3: refused: .*USCC\) — field holder.*certs.csv:4: refused: .*valid until must come after valid from\) — field valid_until.*certs.csv: 4 rows read: 2 imported, 0 already there, 2 refused" -- \
  "$abs_bin" cert import --db "$certdb" certs.csv
check "cert import again changes nothing" 1 "certs.csv: 4 rows read: 0 imported, 2 already there, 2 refused" -- \
  "$abs_bin" cert import --db "$certdb" certs.csv
printf '%s\n' '{"type":"营业执照","number":"YZ-IMP-5","holder":"91370202MA3CXK7TXN","holder_name":"青岛海川数字科技有限公司"}' \
  '{"type":"营业执照","number":"YZ-IMP-6"' >certs.jsonl
check "cert import of JSON lines" 1 "certs.jsonl:2: refused: .*not one JSON object.*1 imported, 0 already there, 1 refused" -- \
  "$abs_bin" cert import --db "$certdb" certs.jsonl
check "cert import: the imported verify" 0 '^valid' -- bash -c "'$abs_bin' cert show --db '$certdb' \$('$abs_bin' cert list --db '$certdb' | grep -m1 青岛海川 | cut -f1) | '$abs_bin' verify --db '$certdb' -"
check "cert import of a missing file" 1 "nowhere.csv" -- "$abs_bin" cert import --db "$certdb" nowhere.csv
check "audit intact after the certificates" 0 "audit chain intact" -- "$abs_bin" audit verify --db "$certdb"
cd - >/dev/null || exit 1

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
