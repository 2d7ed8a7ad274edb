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

case "${1:-}" in
  -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
  -*) echo "unknown option '$1': deploy/keys.sh [dir] (--help)" >&2; exit 2 ;;
esac
if [ $# -gt 1 ]; then echo "deploy/keys.sh takes one folder, got $#: deploy/keys.sh [dir]" >&2; exit 2; fi
dir=${1:-secrets}
if [ -e "$dir" ] && [ ! -d "$dir" ]; then echo "$dir is a file: name a folder (it is made if it does not exist)" >&2; exit 2; fi
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
