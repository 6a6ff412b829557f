#!/usr/bin/env bash
# Throughput check of the reference trainer on a machine with NVIDIA GPUs; needs no network.
#
#   bash packages/train/gpu/check.sh
#
# 1. writes synthetic shapes scenes as LLaVA data (python -m vift_trainer synthetic);
# 2. trains a LLaVA-shaped model of some 390M parameters (LM: hidden 1024, 24 layers; vision: 6 layers on
#    224-pixel images in 14-pixel patches) in bf16 for VIFT_CHECK_SECONDS (default 180), on every GPU
#    (torchrun with NCCL when there are several), and saves a checkpoint;
# 3. prints samples/s, tokens/s and the model FLOPs utilisation: 6 × parameters × tokens/s over the GPUs'
#    peak dense bf16 FLOPs, looked up by nvidia-smi's name (H100/H200 989e12, A100 312e12, ...).
#
# Settings (environment): VIFT_PYTHON (default python3), VIFT_CHECK_DIR (work folder; default a new
# temporary one), VIFT_CHECK_SECONDS, VIFT_CHECK_GPUS (default: all), VIFT_CHECK_BATCH (per GPU, default 32),
# VIFT_CHECK_COMPILE=1 (torch.compile), VIFT_PEAK_FLOPS (per GPU, over the table).
# VIFT_CHECK_TINY=1 runs the same path on CPU with a tiny model, to test the script and its arithmetic.
# Exit status: 0 when the run trained and its throughput was measured, non-zero otherwise.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${VIFT_PYTHON:-python3}"
export PYTHONPATH="$here/../python${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE=1
seconds="${VIFT_CHECK_SECONDS:-180}"

if [ "${VIFT_CHECK_TINY:-0}" = "1" ]; then
  gpu_name="${VIFT_GPU_NAME:-cpu}"
  gpus=1
  scenes=(--count 256 --image-size 32 --processes 1)
  model=(--hidden-size 32 --layers 1 --heads 2 --vision-layers 1 --image-size 32 --patch-size 8 --model-max-length 128)
  run=(--per-device-train-batch-size "${VIFT_CHECK_BATCH:-8}" --device cpu)
else
  if ! command -v nvidia-smi > /dev/null; then
    echo "check: nvidia-smi not found: this check needs an NVIDIA GPU (VIFT_CHECK_TINY=1 runs it on CPU)" >&2
    exit 2
  fi
  gpu_name="$(nvidia-smi --query-gpu=name --format=csv,noheader | head -n 1)"
  gpus="${VIFT_CHECK_GPUS:-$(nvidia-smi --query-gpu=name --format=csv,noheader | wc -l)}"
  "$python" -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else "check: PyTorch sees no CUDA device")'
  scenes=(--count 4096 --image-size 224)
  model=(--hidden-size 1024 --layers 24 --heads 16 --vision-layers 6 --image-size 224 --patch-size 14 --model-max-length 512)
  run=(--per-device-train-batch-size "${VIFT_CHECK_BATCH:-32}" --device cuda)
fi
if [ "${VIFT_CHECK_COMPILE:-0}" = "1" ]; then run+=(--compile); fi
work="${VIFT_CHECK_DIR:-$(mktemp -d -t vift-gpu-check-XXXXXX)}"
mkdir -p "$work"

echo "check: $gpus × $gpu_name; work folder $work" >&2
"$python" -c 'import torch, sys; print("check: python %s, torch %s, cuda %s" % (sys.version.split()[0], torch.__version__, torch.version.cuda), file=sys.stderr)'

echo "check: writing synthetic scenes" >&2
"$python" -m vift_trainer synthetic --output "$work/data" "${scenes[@]}" > "$work/synthetic.jsonl"

train=(train --data "$work/data/data.json" --image-folder "$work/data" --output-dir "$work/run"
  "${model[@]}" "${run[@]}" --bf16 --learning-rate 3e-4 --lr-scheduler-type constant --warmup-steps 100
  --max-steps 1000000 --max-train-seconds "$seconds" --logging-steps 10 --save-total-limit 1)
if [ "$gpus" -gt 1 ]; then
  launch=("$python" -m torch.distributed.run --standalone --nproc_per_node "$gpus" -m vift_trainer)
else
  launch=("$python" -m vift_trainer)
fi
echo "check: training for ${seconds}s: ${launch[*]} ${train[*]}" >&2
status=0
"${launch[@]}" "${train[@]}" | tee "$work/events.jsonl" || status=$?
if [ "$status" -ne 0 ]; then
  echo "check: training failed with status $status (events in $work/events.jsonl)" >&2
  exit "$status"
fi

peak=()
if [ -n "${VIFT_PEAK_FLOPS:-}" ]; then peak=(--peak-flops "$VIFT_PEAK_FLOPS"); fi
"$python" -m vift_trainer throughput --events "$work/events.jsonl" --gpu-name "$gpu_name" --skip-steps 1 ${peak[@]+"${peak[@]}"} | tee "$work/throughput.json"
echo "check: done" >&2
