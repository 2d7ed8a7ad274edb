#!/usr/bin/env bash
# Makes the deployment's two keys as files: <dir>/admin-key (tenants and their keys: `siamese admin ...`) and
# <dir>/service-key (match's calls to embed). 32 random bytes each, base64 (44 characters). An existing file is kept,
# so running it again never locks anyone out.
#   deploy/keys.sh [dir]            default dir: secrets (git-ignored), what docker-compose.yml mounts
# Kubernetes takes the same files: kubectl -n siamese create secret generic siamese-keys \
#   --from-file=secrets/admin-key --from-file=secrets/service-key --dry-run=client -o yaml > deploy/k8s/base/keys-secret.yaml
# The folder is 0700 (other users of this machine cannot reach the keys); the files are 0644 because the services
# run as uid 1654 in their containers, where compose bind-mounts each file at /run/secrets/<name>.
set -euo pipefail

dir=${1:-secrets}
umask 077
mkdir -p "$dir"
chmod 700 "$dir"
for name in admin-key service-key; do
  file="$dir/$name"
  if [ -s "$file" ]; then
    echo "$file exists: kept"
    continue
  fi
  head -c 32 /dev/urandom | base64 | tr -d '\n' > "$file"
  chmod 644 "$file"
  echo "$file written"
done
