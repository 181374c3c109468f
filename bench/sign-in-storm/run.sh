#!/usr/bin/env bash
# Sign-in storm: the password hashing gate under a flood of sign-ins, on this machine only.
#
#   bench/sign-in-storm/run.sh
#
# Builds the server, the admin CLI and the storm client (ConnexIdP.Bench.SignInStorm) in Release. In a fresh temporary
# directory: a self-signed TLS certificate (openssl), a random pepper handed to the CLI and the server in the environment
# variable Passwords__Pepper__Value, and a random password; the CLI creates the SQLite database, the signing key (keys
# rotate) and one account with that password (users add). The server starts in the Production environment
# at production Argon2 cost (m = 64 MiB, t = 3, p = 1) on 127.0.0.1 (a port it picks), pinned to SERVER_CPUS, with the
# hashing gate's defaults (Passwords:Hashing: one hash at a time per CPU it may use, 4 waiting per hash for at most 3 s,
# 2 per email, as many per address as hashes at a time). The storm client, pinned to CLIENT_CPUS, fetches the sign-in
# page once (antiforgery cookie and token) and fires CONCURRENCY sign-in POSTs at once, ROUNDS times, over HTTP/1.1
# keep-alive connections from SOURCES loopback addresses (127.0.1.x): a third at the account with wrong passwords, the
# rest at unknown emails. Meanwhile a probe on its own thread asks for the discovery document every 10 ms and the
# server's resident memory is sampled every 20 ms.
#
# Before the storm the account's owner signs in once from the probe's client, which keeps the known-device cookie.
#
# Source detection (the PasswordSpraying, CredentialStuffing and RepeatedGuessing rules) is switched off unless
# DETECTION=1: with it on, the loopback sources are blocked within the first rounds and the storm measures 403s, not
# hashing; a storm from more addresses than detection catches (a botnet) is the case that loads the hashing gate. The
# account's own backoff cannot be switched off in Production: most attempts at the account are refused with 429.
#
# Targets: peak server memory (VmHWM) < hash slots x 64 MiB + 300 MiB; no answer other than the documented ones (401;
# 503 with Retry-After when hashing is at capacity; 429 with Retry-After from the account's backoff; 403 from a source
# block); every discovery request during the storm under 100 ms; the owner's correct sign-in afterwards, from the known
# device. Exit status 2 when a target is missed.
#
# Before the measured rounds the same storm runs WARMUP_ROUNDS times unmeasured: on one core the tiered JIT needs many
# calls before the sign-in path runs its final code (the token endpoint needs about 100 s of load), and a storm on a
# server that has run for a while is the case worth measuring.
#
# Environment: CONCURRENCY (500, at most 2000), ROUNDS (5, at most 50), WARMUP_ROUNDS (10, at most 100), SOURCES (50,
# at most 1000), NEW_CONNECTIONS=1 (every measured burst on new connections, so each attempt brings a TLS handshake),
# SERVER_CPUS (0), CLIENT_CPUS (1), DETECTION=1 (source detection left on), BENCH_SERVER_ARGS (extra server arguments, e.g. to try a setting),
# BENCH_NO_BUILD=1 (reuse the last build), BENCH_ARTIFACTS (build output folder; default bench/results/build),
# BENCH_PERF=FILE (record the server with `perf record -g` during the run into FILE, with the runtime's perf map for
# managed frames; read it with perf report), BENCH_COUNTERS=FILE (the server's System.Runtime counters each second
# during the run, CSV, with dotnet-counters), BENCH_NICE=N (run the server and the storm client at nice N, e.g. -10 as
# root, so that other work on a shared machine does not take their CPUs; the results' header says so).
# Traffic goes to 127.0.0.1 only; the run is bounded (ROUNDS bursts) and stops by itself.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
CONCURRENCY=${CONCURRENCY:-500}
ROUNDS=${ROUNDS:-5}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-10}
SOURCES=${SOURCES:-50}
SERVER_CPUS=${SERVER_CPUS:-0}
CLIENT_CPUS=${CLIENT_CPUS:-1}
NICE=${BENCH_NICE:-0}
MEMORY_KIB=65536
EMAIL=storm@example.com

die() { echo "run.sh: $*" >&2; exit 1; }
log() { printf '==> %s\n' "$*" >&2; }

[[ $CONCURRENCY =~ ^[0-9]+$ && $CONCURRENCY -ge 1 && $CONCURRENCY -le 2000 ]] || die "CONCURRENCY must be 1-2000"
[[ $ROUNDS =~ ^[0-9]+$ && $ROUNDS -ge 1 && $ROUNDS -le 50 ]] || die "ROUNDS must be 1-50"
[[ $WARMUP_ROUNDS =~ ^[0-9]+$ && $WARMUP_ROUNDS -le 100 ]] || die "WARMUP_ROUNDS must be 0-100"
[[ $SOURCES =~ ^[0-9]+$ && $SOURCES -ge 1 && $SOURCES -le 1000 ]] || die "SOURCES must be 1-1000"
[[ $NICE =~ ^-?[0-9]+$ && $NICE -ge -20 && $NICE -le 19 ]] || die "BENCH_NICE must be -20 to 19"
[[ $SERVER_CPUS =~ ^[0-9,-]+$ && $CLIENT_CPUS =~ ^[0-9,-]+$ ]] || die "SERVER_CPUS and CLIENT_CPUS are CPU lists for taskset (e.g. 0 or 0,1)"
[ "$(nproc)" -ge 2 ] || die "needs 2 CPUs (server and storm client apart)"
command -v openssl >/dev/null || die "needs openssl (apt-get install openssl)"

work=""
server_pid=""
perf_pid=""
counters_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; fi
}
cleanup() {
  if [ -n "$counters_pid" ]; then kill "$counters_pid" 2>/dev/null || true; wait "$counters_pid" 2>/dev/null || true; fi
  if [ -n "$perf_pid" ]; then kill -INT "$perf_pid" 2>/dev/null || true; wait "$perf_pid" 2>/dev/null || true; fi
  stop_server
  [ -z "$work" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build() {
  artifacts=${BENCH_ARTIFACTS:-$root/bench/results/build}
  if [ "${BENCH_NO_BUILD:-}" != 1 ]; then
    log "building the server, the CLI and the storm client (Release)"
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    local project
    for project in src/ConnexIdP.Server src/ConnexIdP.Cli bench/sign-in-storm/ConnexIdP.Bench.SignInStorm; do
      dotnet build "$root/$project" -c Release --artifacts-path "$artifacts" -nologo -v quiet >/dev/null || die "build failed (dotnet build $project -c Release)"
    done
  fi
  server_dll="$artifacts/bin/ConnexIdP.Server/release/ConnexIdP.Server.dll"
  cli_dll="$artifacts/bin/ConnexIdP.Cli/release/connexidp.dll"
  storm_dll="$artifacts/bin/ConnexIdP.Bench.SignInStorm/release/ConnexIdP.Bench.SignInStorm.dll"
  [ -f "$server_dll" ] && [ -f "$cli_dll" ] && [ -f "$storm_dll" ] || die "build output missing under $artifacts"
}

build
work=$(mktemp -d -t connexidp-storm-XXXXXX)
mkdir -p "$work/data" "$work/keys"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/tls.pem" 2>/dev/null \
  || die "openssl could not make the TLS certificate"
# Outside Development the server requires an RSA certificate for the Data Protection key ring.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=connexidp-bench-dataprotection" \
  -keyout "$work/dataprotection.key" -out "$work/dataprotection.pem" 2>/dev/null \
  || die "openssl could not make the Data Protection certificate"
head -c 24 /dev/urandom | base64 | tr -d '\n' >"$work/password"

# Shared by the CLI and the server: database, keys, pepper and Argon2 cost, all from the environment.
export DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production
export Database__ConnectionString="Data Source=$work/data/connexidp.db"
export Keys__Directory="$work/keys"
export DataProtection__Certificate__Path="$work/dataprotection.pem" DataProtection__Certificate__KeyPath="$work/dataprotection.key"
export Passwords__Pepper__Value; Passwords__Pepper__Value=$(head -c 32 /dev/urandom | base64)
export Passwords__Argon2__MemoryKiB=$MEMORY_KIB Passwords__Argon2__Iterations=3 Passwords__Argon2__Parallelism=1
if [ "${DETECTION:-}" != 1 ]; then
  export SignInDefence__Rules__PasswordSpraying__Enabled=false SignInDefence__Rules__CredentialStuffing__Enabled=false \
    SignInDefence__Rules__RepeatedGuessing__Enabled=false
fi

log "creating the signing key and the account $EMAIL with the CLI"
(cd "$work" && dotnet "$cli_dll" keys rotate >/dev/null) || die "connexidp keys rotate failed"
(cd "$work" && dotnet "$cli_dll" users add --email "$EMAIL" --password-stdin <"$work/password" >/dev/null) || die "connexidp users add failed"

# perf cannot name managed frames in the runtime's double-mapped (W^X) code: the map needs it off.
[ -z "${BENCH_PERF:-}" ] || export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
log "starting the server on 127.0.0.1 (CPUs $SERVER_CPUS)"
# shellcheck disable=SC2086 # BENCH_SERVER_ARGS is a list of arguments
(cd "$work" && exec nice -n "$NICE" taskset -c "$SERVER_CPUS" dotnet "$server_dll" \
  --urls=https://127.0.0.1:0 --Tokens:Issuer=https://localhost/ "--Tls:CertificatePath=$work/tls.pem" "--Tls:KeyPath=$work/key.pem" \
  ${BENCH_SERVER_ARGS:-}) >"$work/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 120); do
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; die "the server exited"; }
  grep -q 'Application started' "$work/server.log" && break
  sleep 0.5
done
port=$(sed -n 's|.*Now listening on: https://127.0.0.1:\([0-9]*\).*|\1|p' "$work/server.log" | head -1)
[ -n "$port" ] || { cat "$work/server.log" >&2; die "the server did not start listening within 60 s"; }

# The gate logs its limits at start-up: the memory target follows its number of hash slots.
slots=$(sed -n 's/.*Password hashing: \([0-9]*\) at once.*/\1/p' "$work/server.log" | head -1)
[ -n "$slots" ] || { cat "$work/server.log" >&2; die "the server did not log its password hashing limits"; }

mkdir -p "$root/bench/results"
out="$root/bench/results/sign-in-storm-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs); server on CPUs $SERVER_CPUS, storm client on CPUs $CLIENT_CPUS, both at nice $NICE"
  echo "# git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet 2>/dev/null || echo '+changes'); load average $(cut -d' ' -f1-3 /proc/loadavg); extra server args: ${BENCH_SERVER_ARGS:-none}; source detection $([ "${DETECTION:-}" = 1 ] && echo on || echo off)"
  echo "# $(grep -m1 -o 'Password hashing: .*' "$work/server.log")"
} | tee "$out"

if [ -n "${BENCH_COUNTERS:-}" ]; then
  command -v dotnet-counters >/dev/null || PATH="$PATH:$HOME/.dotnet/tools"
  command -v dotnet-counters >/dev/null || die "BENCH_COUNTERS needs dotnet-counters (dotnet tool install -g dotnet-counters)"
  dotnet-counters collect -p "$server_pid" --refresh-interval 1 --format csv -o "$BENCH_COUNTERS" --counters System.Runtime >/dev/null 2>&1 &
  counters_pid=$!
fi
if [ -n "${BENCH_PERF:-}" ]; then
  perf record -F 999 -g -p "$server_pid" -o "$BENCH_PERF" >/dev/null 2>&1 &
  perf_pid=$!
fi
log "storm: $CONCURRENCY sign-in attempts at once x $ROUNDS rounds from $SOURCES addresses (CPUs $CLIENT_CPUS)"
status=0
nice -n "$NICE" taskset -c "$CLIENT_CPUS" dotnet "$storm_dll" "--Storm:Url=https://127.0.0.1:$port/" "--Storm:Certificate=$work/tls.pem" \
  "--Storm:Email=$EMAIL" "--Storm:PasswordFile=$work/password" "--Storm:ServerPid=$server_pid" \
  "--Storm:Concurrency=$CONCURRENCY" "--Storm:Rounds=$ROUNDS" "--Storm:WarmupRounds=$WARMUP_ROUNDS" "--Storm:Sources=$SOURCES" \
  "--Storm:NewConnections=$([ "${NEW_CONNECTIONS:-}" = 1 ] && echo true || echo false)" \
  "--Storm:HashSlots=$slots" "--Storm:MemoryKiB=$MEMORY_KIB" | tee -a "$out" || status=$?

if [ -n "$perf_pid" ]; then kill -INT "$perf_pid"; wait "$perf_pid" || true; perf_pid=""; fi
if [ -n "$counters_pid" ]; then kill "$counters_pid"; wait "$counters_pid" || true; counters_pid=""; fi
{
  echo "server log: $(grep -c 'Password hashing at capacity' "$work/server.log" || true) busy report line(s), $(grep -cE '^(fail|crit):' "$work/server.log" || true) error line(s)"
  grep -E -A3 '^(fail|crit):' "$work/server.log" | head -40 || true
} | tee -a "$out"
stop_server
log "results in ${out#"$root"/}"
[ "$status" -eq 0 ] || die "a target was missed or the storm client failed (exit $status)"
