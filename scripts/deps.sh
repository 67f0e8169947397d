#!/usr/bin/env bash
# Installs the Debian packages yiwang needs to build, test and benchmark, only those that are
# missing, quietly. `make run`, `make test` and .ci/run call it first, so a fresh machine needs
# nothing else. Set YW_DEPS_SKIP=1 to skip (for a machine managed another way).
set -euo pipefail
[ "${YW_DEPS_SKIP:-0}" = 1 ] && exit 0

# build: compiler, CMake, pkg-config and the libraries DESIGN.md chose
pkgs=(build-essential cmake pkg-config clang
      libh2o-evloop-dev libjansson-dev libsodium-dev libsqlite3-dev libpq-dev libssl-dev
      libcmocka-dev libxlsxwriter-dev)
# a case's documents as PDF (受理回执, 决定书 …): cairo and pango lay them out in WenQuanYi Zen Hei,
# the CJK font the browser tests use too; libqrencode draws their verification QR codes
pkgs+=(libcairo2-dev libpango1.0-dev libqrencode-dev fonts-wqy-zenhei)
# certificates' status lists are GZIP-compressed (W3C Bitstring Status List): zlib
pkgs+=(zlib1g-dev)
# tests: a throw-away PostgreSQL 15 server, a real browser, node for playwright-core, curl,
# pdftotext to read the documents' PDFs back, zbarimg to read the certificates' QR codes back,
# xmllint to check their SVG
pkgs+=(postgresql-15 chromium sqlite3 curl openssl poppler-utils zbar-tools libxml2-utils)
# node and npm: Debian's, unless the machine already has a node with npm of its own
command -v npm >/dev/null 2>&1 || pkgs+=(nodejs npm)
# fuzzing with libFuzzer, and benchmarks with wrk
pkgs+=(libclang-rt-14-dev wrk)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
