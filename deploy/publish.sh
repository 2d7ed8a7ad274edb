#!/usr/bin/env bash
# Publishes one service for an image (deploy/Dockerfile runs it; it runs the same on a workstation):
#   deploy/publish.sh SERVICE [cpu|gpu] [OUT]
# SERVICE: ingest, detect, embed, match or standalone. gpu builds against ONNX Runtime with CUDA/TensorRT
# (-p:Gpu=true). OUT (default /app) receives the published host and entrypoint-assembly, the name of its dll.
set -euo pipefail
case "${1:-}" in
  -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
  "") echo "usage: deploy/publish.sh SERVICE [cpu|gpu] [OUT] (SERVICE: ingest, detect, embed, match or standalone)" >&2; exit 2 ;;
esac
service=$1
flavour=${2:-cpu}
out=${3:-/app}
cd "$(dirname "$0")/.."
case "$service" in
  standalone) project=services/standalone/Siamese.Standalone/Siamese.Standalone.csproj ;;
  ingest) project=services/ingest/Siamese.Ingest.Host/Siamese.Ingest.Host.csproj ;;
  detect) project=services/detect/Siamese.Detect.Host/Siamese.Detect.Host.csproj ;;
  embed) project=services/embed/Siamese.Embed.Host/Siamese.Embed.Host.csproj ;;
  match) project=services/match/Siamese.Match.Host/Siamese.Match.Host.csproj ;;
  *) echo "unknown service '$service': use ingest, detect, embed, match or standalone" >&2; exit 2 ;;
esac
case "$flavour" in
  cpu) gpu=false ;;
  gpu) gpu=true ;;
  *) echo "unknown flavour '$flavour': use cpu or gpu" >&2; exit 2 ;;
esac
dotnet publish "$project" -c Release -p:Gpu="$gpu" -o "$out" --nologo -clp:ErrorsOnly
basename "$project" .csproj > "$out/entrypoint-assembly"
install -m 0755 deploy/healthcheck.sh "$out/healthcheck"
