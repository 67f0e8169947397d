#!/usr/bin/env bash
# Starts `yiwang serve` on a free loopback port in the background and waits until it listens.
# Writes the base URL to URL_FILE and the server's pid to URL_FILE.pid; the log goes to
# $YW_SERVER_LOG. usage: start-server.sh YIWANG DB WEB_DIR URL_FILE [extra serve flags…]
set -euo pipefail
bin=$1 db=$2 web=$3 urlfile=$4
shift 4
log=${YW_SERVER_LOG:-/dev/null}
"$bin" serve --db "$db" --listen 127.0.0.1:0 --workers 2 --web "$web" "$@" >"$urlfile.out" 2>"$log" &
pid=$!
echo $pid >"$urlfile.pid"
for _ in $(seq 1 300); do
  if url=$(grep -oE 'https?://[0-9.:]*/' "$urlfile.out" 2>/dev/null); then
    echo "${url%/}" >"$urlfile"
    exit 0
  fi
  kill -0 $pid 2>/dev/null || { echo "start-server: yiwang serve exited" >&2; exit 1; }
  sleep 0.1
done
echo "start-server: yiwang serve did not start within 30 s" >&2
kill $pid
exit 1
