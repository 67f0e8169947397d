#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster on loopback for the tests.
#   eval "$(bash tests/pg.sh start)"   # exports YW_PG_DIR and YW_TEST_PG_URL
#   bash tests/pg.sh stop "$YW_PG_DIR"
# As root the server runs as the 'postgres' user (PostgreSQL refuses root). A cluster that
# cannot start is an error: the tests fail, they do not skip. Tests run it with fsync off;
# YW_PG_FSYNC=on (the write benchmark) keeps PostgreSQL's durability.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "pg.sh: PostgreSQL server binaries not found (scripts/deps.sh installs postgresql-15)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
  dir=$(mktemp -d /tmp/yiwang-pg.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  as_owner "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  # a free port: let the kernel pick one, then hand it to postgres
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
         echo $((20000 + RANDOM % 20000)))
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=${YW_PG_FSYNC:-off} -c max_connections=200" start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
  echo "export YW_PG_DIR=$dir YW_PG_PORT=$port YW_TEST_PG_URL=postgresql://postgres@127.0.0.1:$port/postgres"
  ;;
stop)
  dir=${2:?usage: pg.sh stop DIR}
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
newdb)
  # pg.sh newdb PORT NAME: creates an empty database and prints its URL
  port=${2:?} name=${3:?}
  psql -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "CREATE DATABASE \"$name\"" >/dev/null
  echo "postgresql://postgres@127.0.0.1:$port/$name"
  ;;
*)
  echo "usage: pg.sh start | stop DIR | newdb PORT NAME" >&2
  exit 2
  ;;
esac
