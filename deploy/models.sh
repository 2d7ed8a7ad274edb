#!/usr/bin/env bash
# Lays out the models folder every service reads (the Models section), checked, under fixed names:
#   OUT/model.onnx                          Models__Embedding  (the trainer's export: tower + metadata)
#   OUT/yunet/yunet_s_dynamic.onnx          Models__YuNet      (face detector; models trained with --align yunet)
#   OUT/ultraface/version-RFB-320.onnx      Models__UltraFace  (face detector, optional)
# Usage: deploy/models.sh OUT --model runs/mine/model.onnx [--yunet FILE] [--ultraface FILE]
# The detectors default to $SIAMESE_SHARED_MODELS (or ../shared/models) when found there.
# Then: docker compose mounts OUT as ./models; Kubernetes: docker build -f deploy/models.Dockerfile -t siamese-models OUT
set -euo pipefail
usage() { sed -n '2,8p' "$0" >&2; exit 2; }
case "${1:-}" in -h|--help) sed -n '2,8p' "$0"; exit 0 ;; esac
out=${1:-}
if [ -z "$out" ] || [ "${out#-}" != "$out" ]; then usage; fi
shift
model="" yunet="" ultraface=""
shared=${SIAMESE_SHARED_MODELS:-$(cd "$(dirname "$0")/.." && pwd)/../shared/models}
[ -f "$shared/yunet/yunet_s_dynamic.onnx" ] && yunet="$shared/yunet/yunet_s_dynamic.onnx"
[ -f "$shared/ultraface/version-RFB-320.onnx" ] && ultraface="$shared/ultraface/version-RFB-320.onnx"
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model=${2:?--model needs a file}; shift 2 ;;
    --yunet) yunet=${2:?--yunet needs a file}; shift 2 ;;
    --ultraface) ultraface=${2:?--ultraface needs a file}; shift 2 ;;
    *) usage ;;
  esac
done
[ -n "$model" ] || { echo "--model is required: the model.onnx the trainer exported (train ... --out DIR)" >&2; exit 2; }
for f in "$model" ${yunet:+"$yunet"} ${ultraface:+"$ultraface"}; do
  [ -f "$f" ] || { echo "$f does not exist" >&2; exit 1; }
  # An ONNX file is a protobuf whose first field is ir_version (tag 0x08); a Git LFS pointer or HTML page is not.
  [ "$(head -c 1 "$f" | od -An -tx1 | tr -d ' ')" = "08" ] || { echo "$f is not an ONNX model" >&2; exit 1; }
done
mkdir -p "$out"
install -m 0644 "$model" "$out/model.onnx"
if [ -n "$yunet" ]; then mkdir -p "$out/yunet" && install -m 0644 "$yunet" "$out/yunet/yunet_s_dynamic.onnx"; fi
if [ -n "$ultraface" ]; then mkdir -p "$out/ultraface" && install -m 0644 "$ultraface" "$out/ultraface/version-RFB-320.onnx"; fi
[ -n "$yunet" ] || echo "warning: no YuNet model: detect (and match, for face models) will not start; pass --yunet" >&2
(cd "$out" && find . -type f -name '*.onnx' | sort | while read -r f; do printf '%10s  %s\n' "$(wc -c < "$f")" "$f"; done)
