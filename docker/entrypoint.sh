#!/bin/sh
# Container entry point: `connexidp ...` runs the admin CLI (for example `connexidp keys rotate` before the first start);
# anything else starts the server, after checking that the mounted secrets are readable so a missing mount fails with
# a clear message instead of a stack trace. exec: the process receives the container's stop signal directly.
set -eu
home=${CONNEXIDP_HOME:-/app}

if [ "${1:-}" = connexidp ]; then
  shift
  exec dotnet "$home/cli/connexidp.dll" "$@"
fi

for secret in "${Tls__CertificatePath:-}" "${Tls__KeyPath:-}" "${Passwords__Pepper__File:-}" "${DataProtection__Certificate__Path:-}"; do
  if [ -n "$secret" ] && [ ! -r "$secret" ]; then
    echo "connexidp: cannot read $secret; mount it (see docker/README.md)" >&2
    exit 78
  fi
done

exec dotnet "$home/server/ConnexIdP.Server.dll" "$@"
