#!/usr/bin/env bash
# Load test of POST /connect/token (client_credentials, client_secret_basic) on this machine only.
#
#   bench/token-endpoint/run.sh [CONFIG...]      CONFIG: defaults shipped es256 postgres   (default: defaults shipped es256)
#
#   defaults  "OpenIddict defaults": client secret in OpenIddict's PBKDF2 format (10,000 iterations), SQLite with
#             synchronous=FULL and no busy_timeout (Microsoft.Data.Sqlite's own retry loop), RS256
#   shipped   ConnexIdP as shipped: keyed HMAC secret check, WAL + synchronous=NORMAL + busy_timeout, RS256
#   es256     as shipped, with ES256 token signing keys
#   postgres  as shipped, on a throwaway PostgreSQL server (127.0.0.1), RS256
#
# Each configuration gets a fresh data directory, key directory, pepper and self-signed TLS certificate, a Release
# build of the server pinned to CPU 0 in the Production environment, and wrk pinned to CPU 1 with CONNECTIONS
# connections: a warm-up (rounds of 10 s: at least WARMUP_MIN seconds, then until two agree within 3 %, at most
# WARMUP seconds) discarded, then DURATION seconds measured. Every response other than 200 is an error.
# Afterwards the number of token rows is compared with the number of tokens issued (each token must have its row).
#
# Environment: DURATION (20, at most 300), WARMUP_MIN (120), WARMUP (300, at most 600), CONNECTIONS (16, at most 256),
# BENCH_SERVER_ARGS (extra server arguments, e.g. to try a setting), BENCH_NO_BUILD=1 (reuse the last build),
# BENCH_ARTIFACTS (build output folder; default bench/results/build, so two builds can be compared with BENCH_NO_BUILD=1).
# Traffic goes to 127.0.0.1 only; every run is bounded in time and stops by itself.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-300}
WARMUP_MIN=${WARMUP_MIN:-120}
WARMUP_ROUND=10
CONNECTIONS=${CONNECTIONS:-16}
THREADS=2
configs=("$@")
((${#configs[@]})) || configs=(defaults shipped es256)

die() { echo "run.sh: $*" >&2; exit 1; }
log() { printf '==> %s\n' "$*" >&2; }

[[ $DURATION =~ ^[0-9]+$ && $DURATION -ge 1 && $DURATION -le 300 ]] || die "DURATION must be 1-300 seconds"
[[ $WARMUP =~ ^[0-9]+$ && $WARMUP -le 600 ]] || die "WARMUP must be 0-600 seconds"
[[ $WARMUP_MIN =~ ^[0-9]+$ && $WARMUP_MIN -le $WARMUP ]] || die "WARMUP_MIN must be 0-WARMUP seconds"
[[ $CONNECTIONS =~ ^[0-9]+$ && $CONNECTIONS -ge $THREADS && $CONNECTIONS -le 256 ]] || die "CONNECTIONS must be $THREADS-256"
for c in "${configs[@]}"; do
  case $c in defaults | shipped | es256 | postgres) ;; *) die "unknown configuration '$c' (defaults shipped es256 postgres)" ;; esac
done
[ "$(nproc)" -ge 2 ] || die "needs 2 CPUs (server on CPU 0, load generator on CPU 1)"

install_missing() {
  local need=()
  command -v wrk >/dev/null || need+=(wrk)
  command -v openssl >/dev/null || need+=(openssl)
  command -v sqlite3 >/dev/null || need+=(sqlite3)
  command -v curl >/dev/null || need+=(curl)
  if [[ " ${configs[*]} " == *" postgres "* ]]; then ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need+=(postgresql); fi
  if ((${#need[@]})); then
    log "installing ${need[*]}"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
}

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

work=""
server_pid=""
pg_stop=()
pg_dir=""
cleanup() {
  stop_server
  stop_postgres
  [ -z "$work" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}

stop_postgres() {
  if ((${#pg_stop[@]})); then "${pg_stop[@]}" >/dev/null 2>&1 || true; pg_stop=(); fi
  if [ -n "$pg_dir" ]; then rm -rf "$pg_dir"; pg_dir=""; fi
}

# start_postgres: a throwaway server in its own temporary folder (initdb refuses root: it runs as postgres), on 127.0.0.1.
start_postgres() {
  local dir bin run=() port
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  dir=$(mktemp -d -t connexidp-bench-pg-XXXXXX)
  pg_dir=$dir
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; run=(runuser -u postgres --); fi
  port=$(free_port)
  "${run[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
  # Pinned with the server: the database's CPU is part of what a token costs.
  taskset -c 0 "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null || { cat "$dir/log" >&2; return 1; }
  pg_stop=("${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop)
  PG_PORT=$port
}

# utime + stime of a process, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

build() {
  artifacts=${BENCH_ARTIFACTS:-$root/bench/results/build}
  if [ "${BENCH_NO_BUILD:-}" != 1 ]; then
    log "building the server and the setup helper (Release)"
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    dotnet build "$root/src/ConnexIdP.Server/ConnexIdP.Server.csproj" -c Release --artifacts-path "$artifacts" -nologo -v quiet >/dev/null \
      || die "server build failed (dotnet build src/ConnexIdP.Server -c Release)"
    dotnet build "$here/ConnexIdP.Bench.TokenSetup/ConnexIdP.Bench.TokenSetup.csproj" -c Release --artifacts-path "$artifacts" -nologo -v quiet >/dev/null \
      || die "setup helper build failed"
  fi
  server_dll="$artifacts/bin/ConnexIdP.Server/release/ConnexIdP.Server.dll"
  setup_dll="$artifacts/bin/ConnexIdP.Bench.TokenSetup/release/ConnexIdP.Bench.TokenSetup.dll"
  [ -f "$server_dll" ] && [ -f "$setup_dll" ] || die "build output missing under $artifacts"
}

# config_failed REASON: records that the current configuration could not be measured and stops what it started.
config_failed() {
  log "$name: $*"
  echo "$name FAILED: $*" >>"$out"
  failures=1
  stop_server
  stop_postgres
  [ -z "$work" ] || rm -rf "$work"
  work=""
}

# run_config NAME: appends one result line (see token.lua) prefixed with the configuration's name to $out.
# Runs in the main shell (never in a pipeline or $(...)) so that the EXIT trap stops what it started.
run_config() {
  local name=$1 port args=() setup_args=() db_args=() count_rows
  work=$(mktemp -d -t connexidp-bench-XXXXXX)
  mkdir -p "$work/data" "$work/keys" "$work/tls"
  port=$(free_port)

  # Called as `run_config ... || true`, where bash ignores set -e: every step that can fail is checked.
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/tls/key.pem" -out "$work/tls/cert.pem" 2>/dev/null \
    || { config_failed "openssl could not make the TLS certificate"; return 1; }
  # Outside Development the server requires an RSA certificate for the Data Protection key ring.
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=connexidp-bench-dataprotection" \
    -keyout "$work/tls/dataprotection.key" -out "$work/tls/dataprotection.pem" 2>/dev/null \
    || { config_failed "openssl could not make the Data Protection certificate"; return 1; }
  local pepper; pepper=$(openssl rand -base64 32)

  case $name in
    postgres)
      start_postgres || { config_failed "PostgreSQL did not start"; return 1; }
      db_args=(--Database:Provider=PostgreSql "--Database:ConnectionString=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=connexidp_bench;Maximum Pool Size=64")
      count_rows() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d connexidp_bench -tAc 'SELECT count(*) FROM "OpenIddictTokens"'; }
      ;;
    *)
      db_args=("--Database:ConnectionString=Data Source=$work/data/connexidp.db")
      count_rows() { sqlite3 "$work/data/connexidp.db" 'SELECT count(*) FROM OpenIddictTokens'; }
      ;;
  esac

  # Shared by the setup helper and the server: same database, keys and pepper.
  args=("${db_args[@]}" "--Keys:Directory=$work/keys" "--Passwords:Pepper:Value=$pepper"
    "--DataProtection:Certificate:Path=$work/tls/dataprotection.pem" "--DataProtection:Certificate:KeyPath=$work/tls/dataprotection.key")
  case $name in
    defaults) args+=(--Database:Sqlite:Synchronous=Full --Database:Sqlite:BusyTimeoutMilliseconds=0 --Keys:Algorithm=RS256); setup_args=(--Bench:SecretFormat=Pbkdf2) ;;
    shipped | postgres) args+=(--Keys:Algorithm=RS256) ;;
    es256) args+=(--Keys:Algorithm=ES256) ;;
  esac

  DOTNET_ENVIRONMENT=Production dotnet "$setup_dll" "${args[@]}" "${setup_args[@]}" "--Bench:SecretFile=$work/secret" >&2 \
    || { config_failed "setup failed"; return 1; }

  log "$name: starting the server on https://127.0.0.1:$port (CPU 0)"
  # shellcheck disable=SC2086 # BENCH_SERVER_ARGS is a list of arguments
  ASPNETCORE_ENVIRONMENT=Production taskset -c 0 dotnet "$server_dll" "${args[@]}" \
    "--urls=https://127.0.0.1:$port" "--Tokens:Issuer=https://localhost:$port/" \
    "--Tls:CertificatePath=$work/tls/cert.pem" "--Tls:KeyPath=$work/tls/key.pem" \
    ${BENCH_SERVER_ARGS:-} >"$work/server.log" 2>&1 &
  server_pid=$!

  local ready=""
  for _ in $(seq 1 120); do
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; { config_failed "the server exited"; return 1; }; }
    if curl -skf -o /dev/null "https://127.0.0.1:$port/.well-known/openid-configuration"; then ready=1; break; fi
    sleep 0.5
  done
  [ -n "$ready" ] || { cat "$work/server.log" >&2; { config_failed "the server did not answer within 60 s"; return 1; }; }

  local basic; basic=$(printf '%s:%s' bench-client "$(cat "$work/secret")" | base64 -w0)
  local status
  status=$(curl -sk -o "$work/first.json" -w '%{http_code}' -H "Authorization: Basic $basic" \
    -d grant_type=client_credentials -d scope=api1 "https://127.0.0.1:$port/connect/token")
  [ "$status" = 200 ] && grep -q '"access_token"' "$work/first.json" \
    || { cat "$work/first.json" >&2; echo >&2; tail -50 "$work/server.log" >&2; { config_failed "a single token request answered $status"; return 1; }; }

  # Warm-up in rounds of 10 s: at least WARMUP_MIN seconds, then until two consecutive rounds agree within 3 %, at most
  # WARMUP seconds. On one core the runtime's tiered JIT needs about two minutes of load to reach its final code
  # (throughput sits at about 40 % of its steady value, then climbs): a short warm-up measures the JIT, not the server.
  local url="https://127.0.0.1:$port/connect/token" warm_ok=0 warmed=0 previous=0 round rps
  while [ "$warmed" -lt "$WARMUP" ]; do
    round=$((WARMUP - warmed < WARMUP_ROUND ? WARMUP - warmed : WARMUP_ROUND))
    warm=$(BENCH_BASIC=$basic taskset -c 1 wrk -t"$THREADS" -c"$CONNECTIONS" -d"${round}s" --timeout 10s -s "$here/token.lua" "$url" | grep '^RESULT') \
      || { config_failed "wrk failed during warm-up"; return 1; }
    warmed=$((warmed + round))
    warm_ok=$((warm_ok + $(sed -n 's/.* ok=\([0-9]*\).*/\1/p' <<<"$warm")))
    rps=$(sed -n 's/.* rps=\([0-9]*\).*/\1/p' <<<"$warm")
    log "$name: warm-up ${warmed}s: $rps tokens/s"
    if [ "$warmed" -ge "$WARMUP_MIN" ] && [ "$previous" -gt 0 ] \
      && [ $((rps * 100)) -ge $((previous * 97)) ] && [ $((rps * 100)) -le $((previous * 103)) ]; then break; fi
    previous=$rps
  done
  log "$name: measuring ${DURATION}s, $CONNECTIONS connections (CPU 1)"
  local cpu_before cpu_after
  cpu_before=$(cpu_ticks "$server_pid")
  result=$(BENCH_BASIC=$basic taskset -c 1 wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$here/token.lua" "$url" | grep '^RESULT') \
    || { config_failed "wrk failed"; return 1; }
  cpu_after=$(cpu_ticks "$server_pid")

  # Every 200 carried a token whose row must be in the database (1 for the single check above).
  local issued rows
  issued=$(( 1 + warm_ok + $(sed -n 's/.* ok=\([0-9]*\).*/\1/p' <<<"$result") ))
  stop_server
  rows=$(count_rows)
  [ "$rows" -ge "$issued" ] || { log "$name: only $rows token rows for $issued tokens issued"; rows_missing=1; }
  stop_postgres
  rm -rf "$work"; work=""
  # Server CPU per token: unlike tokens/s, it hardly moves when other processes share CPU 0.
  local requests cpu_ms
  requests=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$result")
  cpu_ms=$(awk -v t=$((cpu_after - cpu_before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.3f", n ? t * 1000 / hz / n : 0 }')
  echo "${result/RESULT/$name} server_cpu_ms_per_token=$cpu_ms warmup_s=$warmed issued=$issued token_rows=$rows" | tee -a "$out"
}

install_missing
build
mkdir -p "$root/bench/results"
out="$root/bench/results/token-endpoint-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs); wrk -t$THREADS -c$CONNECTIONS, warm-up ${WARMUP_MIN}-${WARMUP}s until steady, measured ${DURATION}s"
  echo "# git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet 2>/dev/null || echo '+changes'); load average $(cut -d' ' -f1-3 /proc/loadavg); extra server args: ${BENCH_SERVER_ARGS:-none}"
} | tee "$out"
for c in "${configs[@]}"; do
  run_config "$c" || true
done

# rows >= issued: every token a client received has its row (a few more: requests in flight when wrk stopped).
printf '\n%-9s %10s %9s %9s %7s %13s %s\n' config "tokens/s" "p50 ms" "p99 ms" errors "CPU ms/token" "rows/issued"
grep -v -e '^#' -e ' FAILED: ' "$out" | while read -r name rest; do
  get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $rest"; }
  printf '%-9s %10s %9s %9s %7s %13s %s\n' "$name" "$(get rps)" "$(get p50_ms)" "$(get p99_ms)" "$(get errors)" "$(get server_cpu_ms_per_token)" "$(get token_rows)/$(get issued)"
done
log "results in ${out#"$root"/}"
grep ' FAILED: ' "$out" >&2 || true
[ -z "${rows_missing:-}" ] || die "some issued tokens have no row"
[ -z "${failures:-}" ] || die "some configurations could not be measured"
