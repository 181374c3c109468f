#!/usr/bin/env bash
# Creates a development / test certificate authority in DIR (default certs/ca): a self-signed CA certificate
# (SHA-256, ECDSA P-256 or RSA), its private key, and the openssl "ca" database (index.txt, serial) that
# make-leaf.sh signs with and an OCSP responder (`openssl ocsp -index DIR/index.txt ...`) answers from.
# Usage: certs/make-ca.sh [--dir DIR] [--key ec|rsa] [--days N] [--name "CN"]
set -euo pipefail
. "$(dirname "$0")/key.sh"
dir=certs/ca; key=ec; days=365; name="ConnexIdP Development CA"
while (($#)); do
  case "$1" in
    --dir) dir=$2; shift 2 ;;
    --key) key=$2; shift 2 ;;
    --days) days=$2; shift 2 ;;
    --name) name=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

mkdir -p "$dir/issued"
new_key "$key" 3072 "$dir/ca.key"
openssl req -new -x509 -sha256 -key "$dir/ca.key" -out "$dir/ca.pem" -days "$days" -subj "/CN=$name" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
  -addext "subjectKeyIdentifier=hash"
: > "$dir/index.txt"
echo "unique_subject = no" > "$dir/index.txt.attr"
openssl rand -hex 16 > "$dir/serial"
echo "CA written to $dir/ca.pem (key $dir/ca.key)"
