#!/usr/bin/env bash
# Container health check without curl or wget in the image: GET http://127.0.0.1:PORT/PATH over bash's
# /dev/tcp; healthy on a 2xx status line. Used by docker-compose.yml (PORT = the host's HTTP endpoint).
#   /app/healthcheck 8080 /health/ready
set -euo pipefail
port=${1:?usage: healthcheck PORT [PATH]}
path=${2:-/health/ready}
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3
case "$status" in
  "HTTP/1."[01]" 2"*) exit 0 ;;
  *) echo "GET $path on port $port: ${status:-no answer}" >&2; exit 1 ;;
esac
