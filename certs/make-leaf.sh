#!/usr/bin/env bash
# Issues a short-lived TLS server certificate from the CA made by make-ca.sh: SHA-256, ECDSA P-256 (default) or
# RSA 2048, subjectAltName set, and the CA's OCSP responder named in Authority Information Access so the server
# can staple. Writes OUT/tls.pem (the certificate followed by the CA certificate) and OUT/tls.key, each to a
# temporary file first and then renamed, key first, so a server watching OUT never reads a half-written file.
# Usage: certs/make-leaf.sh [--ca DIR] [--out DIR] [--name localhost] [--san "DNS:localhost,IP:127.0.0.1"]
#                           [--key ec|rsa] [--hours 24] [--start "YYYY-MM-DD HH:MM:SS"]
#                           [--ocsp-url http://127.0.0.1:8888]
set -euo pipefail
. "$(dirname "$0")/key.sh"
ca=certs/ca; out=certs/server; name=localhost; san=""; key=ec; hours=24; start=""; ocsp="http://127.0.0.1:8888"
while (($#)); do
  case "$1" in
    --ca) ca=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --name) name=$2; shift 2 ;;
    --san) san=$2; shift 2 ;;
    --key) key=$2; shift 2 ;;
    --hours) hours=$2; shift 2 ;;
    --start) start=$2; shift 2 ;;
    --ocsp-url) ocsp=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$san" ] || san="DNS:$name"
[ -f "$ca/ca.pem" ] && [ -f "$ca/ca.key" ] || { echo "no CA in $ca: run certs/make-ca.sh first" >&2; exit 1; }

mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

new_key "$key" 2048 "$work/tls.key"

# Five minutes of back-dating absorbs clock skew between this machine and clients.
from=$(date -u -d "${start:-now} - 5 minutes" +%Y%m%d%H%M%SZ)
until=$(date -u -d "${start:-now} + $hours hours" +%Y%m%d%H%M%SZ)
usage="digitalSignature"; [ "$key" = rsa ] && usage="digitalSignature,keyEncipherment"
cat > "$work/ca.cnf" <<CNF
[ ca ]
default_ca = local
[ local ]
dir = $ca
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir/issued
certificate = \$dir/ca.pem
private_key = \$dir/ca.key
default_md = sha256
policy = anything
copy_extensions = none
[ anything ]
commonName = supplied
[ leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,$usage
extendedKeyUsage = serverAuth
subjectAltName = $san
authorityInfoAccess = OCSP;URI:$ocsp
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
openssl req -new -key "$work/tls.key" -subj "/CN=$name" -out "$work/tls.csr"
openssl ca -batch -notext -config "$work/ca.cnf" -extensions leaf -startdate "$from" -enddate "$until" \
  -in "$work/tls.csr" -out "$work/leaf.pem" 2>"$work/ca.log" || { cat "$work/ca.log" >&2; exit 1; }
cat "$work/leaf.pem" "$ca/ca.pem" > "$work/tls.pem"

mv -f "$work/tls.key" "$out/tls.key.new" && mv -f "$out/tls.key.new" "$out/tls.key"
mv -f "$work/tls.pem" "$out/tls.pem.new" && mv -f "$out/tls.pem.new" "$out/tls.pem"
echo "$(openssl x509 -in "$out/tls.pem" -noout -serial -enddate) -> $out/tls.pem"
