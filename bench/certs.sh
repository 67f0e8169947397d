#!/usr/bin/env bash
# Certificates (issue 16), each beside its ceiling measured in the same run on the same machine:
#
# 1. Verification: bench_certverify runs yw_cert_verify in process on one store connection (the
#    same credential again and again, then a mix of 1,000) beside libsodium's raw
#    crypto_sign_verify_detached on the same bytes; then wrk posts the same credential to
#    POST /api/v1/verify with several connections (the server with its default two workers).
#    Target: in process at least 0.70 of raw.
# 2. The import: `yiwang cert import` of ROWS 营业执照 of the demo registry (the file made by
#    bench_certimport gen: entity i of `yiwang demo --entities`, valid USCCs, no registry needed)
#    into a new SQLite store, every row checked, signed, written and audited; beside the raw
#    signing rate (crypto_sign_detached of 20,000 of the same credentials' signing inputs, one
#    thread). Target: at least 0.50 of raw signing, the store's writes counted.
#
# usage: bench/certs.sh BUILD_DIR [ROWS]   (ROWS default 2008000, the city's registry; env
#        BENCH_SECONDS for the verification's measurements, BENCH_CONNECTIONS for wrk's)
set -euo pipefail
build=$(cd "${1:?usage: certs.sh BUILD_DIR [ROWS]}" && pwd)
rows=${2:-2008000}
secs=${BENCH_SECONDS:-4}
conns=${BENCH_CONNECTIONS:-8}
here=$(cd "$(dirname "$0")/.." && pwd)
for b in yiwang bench_certimport bench_certverify; do
  [ -x "$build/$b" ] || { echo "bench: $build/$b is not built" >&2; exit 2; }
done
tmp=$(mktemp -d /tmp/yiwang-certs.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
cd "$tmp" # the signing key is made here (var/signing.key)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN {print (r >= t) ? "met" : "NOT met"}'; }

# ---- the import ----
db="sqlite:$tmp/certs.db"
"$build/yiwang" init --db "$db" >/dev/null 2>&1
"$build/bench_certimport" gen "$tmp/licences.csv" "$rows"
echo "import: $rows 营业执照 of the demo registry ($(du -m "$tmp/licences.csv" | cut -f1) MiB of CSV) into SQLite"
out=$("$build/yiwang" cert import --db "$db" "$tmp/licences.csv" 2>"$tmp/import.err") || { cat "$tmp/import.err" >&2; exit 1; }
echo "$out"
imported=$(sed -E 's/.*: ([0-9]+) imported.*/\1/' <<<"$out")
isecs=$(sed -E 's/.* in ([0-9.]+) s .*/\1/' <<<"$out")
[ "$imported" = "$rows" ] || { echo "bench: $imported of $rows imported" >&2; exit 1; }
read -r raw_sign payload <<<"$("$build/bench_certimport" raw "$db" 20000)"
irate=$(awk -v n="$imported" -v s="$isecs" 'BEGIN {printf "%.0f", n / s}')
ir=$(ratio "$irate" "$raw_sign")
printf '%-52s %14s %8s\n' 'import' 'certs/s' 'ratio'
printf '%-52s %14.0f %8s\n' "raw Ed25519 signing, 1 thread ($payload-byte inputs)" "$raw_sign" '1.00'
printf '%-52s %14.0f %8s\n' "yiwang cert import (checked, signed, written)" "$irate" "$ir"
echo "target (import >= 0.50 of raw signing): $(verdict "$ir" 0.50)"

# ---- verification ----
echo
read -r same mix raw_same raw_mix n < <("$build/bench_certverify" "$db" "$secs" |
  sed -E 's/same=([0-9]+) mix=([0-9]+) raw_same=([0-9]+) raw_mix=([0-9]+) credentials=([0-9]+)/\1 \2 \3 \4 \5/')
sqlite3 "$tmp/certs.db" "SELECT jws FROM certificates ORDER BY id LIMIT 1" >"$tmp/one.jwt"
YW_SERVER_LOG="$tmp/server.log" bash "$here/tests/start-server.sh" "$build/yiwang" "$db" "$here/web" "$tmp/url"
pids+=("$(cat "$tmp/url.pid")")
url=$(cat "$tmp/url")
cat >"$tmp/verify.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/vc+jwt"
wrk.body = io.open("$tmp/one.jwt"):read("*a")
LUA
wrk -t1 -c"$conns" -d1s -s "$tmp/verify.lua" "$url/api/v1/verify" >/dev/null 2>&1 # warm up
wout=$(wrk -t1 -c"$conns" -d"${secs}s" -s "$tmp/verify.lua" "$url/api/v1/verify")
if grep -q "Non-2xx" <<<"$wout"; then echo "bench: POST /api/v1/verify answered errors" >&2; exit 1; fi
api=$(awk '/^Requests\/sec:/ {print $2}' <<<"$wout")
printf '%-52s %14s %8s\n' "verification ($n credentials)" 'verified/s' 'ratio'
printf '%-52s %14.0f %8s\n' 'raw crypto_sign_verify_detached, same bytes' "$raw_same" '1.00'
printf '%-52s %14.0f %8s\n' 'yw_cert_verify in process, one credential' "$same" "$(ratio "$same" "$raw_same")"
printf '%-52s %14.0f %8s\n' 'raw crypto_sign_verify_detached, the mix' "$raw_mix" '1.00'
printf '%-52s %14.0f %8s\n' 'yw_cert_verify in process, the mix' "$mix" "$(ratio "$mix" "$raw_mix")"
printf '%-52s %14.0f %8s\n' "POST /api/v1/verify, $conns connections, 2 workers" "$api" "$(ratio "$api" "$raw_same")"
echo "target (in process >= 0.70 of raw): one credential $(verdict "$(ratio "$same" "$raw_same")" 0.70)," \
  "the mix $(verdict "$(ratio "$mix" "$raw_mix")" 0.70)"
