#!/usr/bin/env bash
# Runs every ConnexIdP test project against real services, installing what the tests need when it is missing:
# PostgreSQL (started here in a temporary directory on a free port), Chromium (for the browser tests), and openssl and
# testssl.sh (for the transport tests).
# The last line is the totals over every test project: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

log() { printf '==> %s\n' "$*" >&2; }

install_missing() {
  local need=()
  ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need+=(postgresql)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v openssl >/dev/null 2>&1 || need+=(openssl)        # TLS handshakes, the test CA and its OCSP responder
  command -v testssl >/dev/null 2>&1 || need+=(testssl.sh)     # the TLS scan in the transport tests
  if ((${#need[@]})); then
    log "installing ${need[*]}"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
      || { echo "could not install ${need[*]}" >&2; exit 1; }
  fi
}

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

pg_dir=""
start_postgres() {
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pg_dir=$(mktemp -d -t connexidp-pg-XXXXXX)
  local port; port=$(free_port)
  local run=()
  if [ "$(id -u)" = 0 ]; then chown postgres "$pg_dir"; run=(runuser -u postgres --); fi
  "${run[@]}" "$bin/initdb" -D "$pg_dir/data" -A trust -U postgres --no-sync >/dev/null || return 1
  "${run[@]}" "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w start \
    -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300" >/dev/null || { cat "$pg_dir/log" >&2; return 1; }
  export CONNEXIDP_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Include Error Detail=true"
  PG_STOP=("${run[@]}" "$bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop)
  log "PostgreSQL on 127.0.0.1:$port"
}

cleanup() {
  if [ -n "$pg_dir" ]; then "${PG_STOP[@]}" >/dev/null 2>&1; rm -rf "$pg_dir"; fi
}
trap cleanup EXIT

install_missing
start_postgres || { echo "PostgreSQL did not start" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v node >/dev/null 2>&1 && export PLAYWRIGHT_NODEJS_PATH=$(command -v node)

log "building"
dotnet build ConnexIdP.sln -c Release -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }

results=$(mktemp -d -t connexidp-results-XXXXXX)
passed=0; failed=0; skipped=0
for project in tests/*/; do
  name=$(basename "$project")
  [ -f "$project/$name.csproj" ] || continue
  grep -q '<IsTestProject>true</IsTestProject>' "$project/$name.csproj" || continue
  log "testing $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$results/$name.trx" --logger "console;verbosity=minimal"
  trx="$results/$name.trx"
  if [ ! -f "$trx" ]; then
    echo "$name produced no results: counted as one failure" >&2
    failed=$((failed + 1)); continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); executed=$(get executed); p=$(get passed)
  passed=$((passed + p)); failed=$((failed + executed - p)); skipped=$((skipped + total - executed))
done
rm -rf "$results"

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
