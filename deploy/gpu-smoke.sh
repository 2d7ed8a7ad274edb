#!/usr/bin/env bash
# GPU smoke test and batch sizing of the embed service, on a machine with an NVIDIA GPU and the .NET SDK
# (well inside 8 minutes on a 16-core GPU machine, NuGet restore included):
#   deploy/gpu-smoke.sh [--model model.onnx] [--seconds 2] [--cpu-only]
#  1. finds the GPU (nvidia-smi) and the CUDA 13 / cuDNN 9 libraries ONNX Runtime loads; without a GPU it says
#     so and exits 3;
#  2. builds the GPU flavour (-p:Gpu=true): the embed host and the benchmarks;
#  3. takes --model, or trains one in seconds (trainer: train --synthetic --quick --tower conv);
#  4. starts the embed host on CUDA with Embed__RequireGpu=true and waits for /health/ready: it is ready only on
#     CUDA (never a silent CPU fallback); otherwise its readiness detail and log say why (exit 5);
#  5. runs the embed-gpu benchmark: CPU and CUDA side by side, batch 1..256, the service beside raw ONNX Runtime,
#     into bench/results/embed-gpu.json, and prints the Embed__MaxBatchSize / Embed__MaxBatchWait it recommends
#     (rule: deploy/README.md, "GPU"; put them in deploy/k8s/overlays/gpu/embed-gpu.yaml).
# --cpu-only runs the same steps on the CPU provider alone (no GPU needed; results to
# artifacts/gpu-smoke/embed-cpu.json, bench/results untouched): a check of the script itself.
# Exit codes: 0 done, 2 usage, 3 no GPU, 4 a build, training or benchmark failed, 5 embed not ready.
set -euo pipefail
caller=$(pwd)
cd "$(dirname "$0")/.."
root=$(pwd)
model="" seconds=2 cpu_only=false
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model=${2:?--model needs a file}; shift 2 ;;
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    --cpu-only) cpu_only=true; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
# A relative --model is the caller's, not the repository root's; checked before anything is built (a mistyped path
# should not cost a GPU build first).
if [ -n "$model" ]; then
  case "$model" in /*) ;; *) model="$caller/$model" ;; esac
  [ -f "$model" ] || { echo "model '$model' does not exist" >&2; exit 2; }
fi
case "$seconds" in ''|*[!0-9.]*|*.*.*|.) echo "--seconds needs a positive number, got '$seconds'" >&2; exit 2 ;; esac
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work="$root/artifacts/gpu-smoke"
mkdir -p "$work"
step() { echo; echo "== $* (${SECONDS}s)"; }
fail() { local code=$1; shift; echo "gpu-smoke: $*" >&2; exit "$code"; }

# --- 1. GPU and CUDA libraries ---------------------------------------------------------------------------
step "GPU"
if [ "$cpu_only" = true ]; then
  echo "--cpu-only: CPU provider only; nothing here measures or checks a GPU"
  providers=Cpu provider=Cpu
else
  command -v nvidia-smi >/dev/null 2>&1 \
    || fail 3 "no NVIDIA GPU: nvidia-smi is not installed. Run this on a machine with an NVIDIA GPU and its driver (or --cpu-only to check the CPU half)."
  gpus=$(nvidia-smi -L 2>&1) || fail 3 "no NVIDIA GPU: nvidia-smi -L failed: $gpus"
  printf '%s\n' "$gpus" | grep -q '^GPU ' || fail 3 "no NVIDIA GPU: nvidia-smi -L lists none: $gpus"
  printf '%s\n' "$gpus"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
  has_lib() {
    ldconfig -p 2>/dev/null | grep -q "$1" && return 0
    local dir
    IFS=: read -r -a dirs <<< "${LD_LIBRARY_PATH:-}"
    for dir in "${dirs[@]}"; do [ -n "$dir" ] && [ -e "$dir/$1" ] && return 0; done
    return 1
  }
  for lib in libcudart.so.13 libcublasLt.so.13 libcudnn.so.9; do
    # ONNX Runtime names the first one missing when embed starts (step 4); this says it earlier.
    if has_lib "$lib"; then echo "found $lib"; else echo "warning: $lib not found by ldconfig or LD_LIBRARY_PATH: install CUDA 13 and cuDNN 9, or run in the GPU image" >&2; fi
  done
  providers=Cpu,Cuda provider=Cuda
fi
command -v dotnet >/dev/null 2>&1 || fail 4 "the .NET SDK (dotnet) is not on PATH"

# --- 2. Build the GPU flavour ----------------------------------------------------------------------------
step "Build (-p:Gpu=true)"
dotnet build bench/Siamese.Benchmarks -c Release -p:Gpu=true -nologo -clp:ErrorsOnly || fail 4 "the GPU build failed"
embed_dll="$root/services/embed/Siamese.Embed.Host/bin-gpu/Release/net10.0/Siamese.Embed.Host.dll"
bench_dll="$root/bench/Siamese.Benchmarks/bin-gpu/Release/net10.0/Siamese.Benchmarks.dll"
if [ ! -f "$embed_dll" ] || [ ! -f "$bench_dll" ]; then fail 4 "the GPU build left no $embed_dll or $bench_dll"; fi

# --- 3. A model ------------------------------------------------------------------------------------------
step "Model"
if [ -z "$model" ]; then
  model="$work/model/model.onnx"
  if [ ! -f "$model" ]; then
    # The conv tower, as measured before the generated items' default became the backbone (pass --model for another).
    dotnet run --project trainer/Siamese.Trainer -c Release -- train --synthetic --quick --tower conv --seed 7 --out "$work/model" \
      || fail 4 "training the smoke model failed"
  fi
fi
[ -f "$model" ] || fail 2 "model '$model' does not exist"
model=$(cd "$(dirname "$model")" && pwd)/$(basename "$model")
echo "model: $model"

# --- 4. The embed host on the GPU ------------------------------------------------------------------------
step "Embed host on $provider (Embed__RequireGpu=$([ "$provider" = Cpu ] && echo false || echo true))"
# Two free ports in a row (HTTP, gRPC): a port something else answers on would make its readiness look like ours.
port=""
for candidate in $(seq "${SIAMESE_SMOKE_PORT:-18080}" 2 "$(( ${SIAMESE_SMOKE_PORT:-18080} + 200 ))"); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null && ! (exec 3<>"/dev/tcp/127.0.0.1/$((candidate + 1))") 2>/dev/null; then
    port=$candidate; break
  fi
done
[ -n "$port" ] || fail 4 "no two free ports from ${SIAMESE_SMOKE_PORT:-18080} on"
log="$work/embed.log"
Messaging__Transport=InMemory \
Models__Embedding="$model" \
Embed__ExecutionProvider="$provider" \
Embed__RequireGpu=$([ "$provider" = Cpu ] && echo false || echo true) \
Kestrel__Endpoints__Http__Url="http://127.0.0.1:$port" \
Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:$((port + 1))" \
  dotnet "$embed_dll" >"$log" 2>&1 &
embed_pid=$!
stop_embed() { if kill "$embed_pid" 2>/dev/null; then wait "$embed_pid" 2>/dev/null || true; fi; }
trap stop_embed EXIT
ready=false
for _ in $(seq 1 180); do
  kill -0 "$embed_pid" 2>/dev/null || break
  if deploy/healthcheck.sh "$port" /health/ready >/dev/null 2>&1; then ready=true; break; fi
  sleep 1
done
readiness() { exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET %s HTTP/1.0\r\n\r\n' "$1" >&3 && cat <&3; }
kill -0 "$embed_pid" 2>/dev/null || ready=false
if [ "$ready" != true ]; then
  echo "--- /health/ready"; readiness /health/ready 2>/dev/null || echo "(no answer: the host is not running)"
  echo; echo "--- $log (last 40 lines)"; tail -n 40 "$log"
  fail 5 "embed did not become ready on $provider (the readiness detail and log above say why)"
fi
readiness /health/ready | sed -n '/^{/,$p'; echo
readiness /metrics | grep -E '^siamese_embed_execution_provider' || echo "(no siamese_embed_execution_provider series)"
stop_embed
trap - EXIT

# --- 5. CPU vs GPU, batch 1..256, service vs raw ---------------------------------------------------------
step "Benchmark: $providers, batch 1..256"
results=()
[ "$cpu_only" = true ] && results=(--results artifacts/gpu-smoke/embed-cpu.json)
dotnet "$bench_dll" embed-gpu --model "$model" --providers "$providers" --seconds "$seconds" "${results[@]}" \
  || fail 4 "the embed-gpu benchmark failed"

step "Done"
[ "$SECONDS" -le 480 ] || echo "warning: took ${SECONDS}s, over the 8-minute budget" >&2
