"""Throughput and model FLOPs utilisation (MFU) of a run, from its event lines.

MFU = 6 × parameters × tokens per second ÷ (peak dense bf16 FLOPs per device × devices). Six FLOPs per
parameter and token count a forward and backward pass of the weights; attention's own FLOPs and the
vision encoder's extra patch passes are left out, so this is the usual, slightly low, estimate.
"""

import json
import re
import sys

# torchrun's --tee puts "[default0]:" before each line of a worker.
_WORKER_PREFIX = re.compile(r"^\[[\w.-]+\]:")

# Dense (no sparsity) bf16 tensor-core peaks from the vendor's data sheets, matched against nvidia-smi's
# name in this order (the first fragment found wins, so the more specific names come first).
PEAK_BF16_FLOPS = (
    ("H100 PCIe", 756e12),
    ("H100 NVL", 835e12),
    ("GH200", 989e12),
    ("H200", 989e12),
    ("H100", 989e12),
    ("H800", 989e12),
    ("A100", 312e12),
    ("A800", 312e12),
    ("L40S", 362e12),
    ("L4", 121e12),
)


def peak_bf16_flops(gpu_name):
    """The peak for a device name such as "NVIDIA H100 80GB HBM3", or None for a device not in the table."""
    for fragment, flops in PEAK_BF16_FLOPS:
        if fragment.lower() in (gpu_name or "").lower():
            return flops
    return None


def summarize(lines, skip_steps=3, peak_flops=None):
    """Reads event lines; the first `skip_steps` step events (warm-up, compilation) are left out."""
    start, steps = None, []
    for line in lines:
        line = _WORKER_PREFIX.sub("", line.strip())
        if not line.startswith("{"):
            continue
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if event.get("event") == "start" and start is None:
            start = event
        elif event.get("event") == "step":
            steps.append(event)
    if start is None:
        raise ValueError("no start event: is this the output of a training run?")
    measured = steps[skip_steps:] if len(steps) > skip_steps else steps
    if not measured:
        raise ValueError("no step events to measure")
    seconds = sum(event["seconds"] for event in measured)
    tokens = sum(event["tokens"] for event in measured)
    samples = sum(event["samples_per_second"] * event["seconds"] for event in measured)
    tokens_per_second = tokens / seconds
    parameters = start["parameters"]
    devices = start.get("world_size", 1)
    model_flops = 6.0 * parameters * tokens_per_second
    summary = {
        "parameters": parameters,
        "devices": devices,
        "measured_steps": len(measured),
        "last_step": steps[-1]["step"],
        "samples_per_second": samples / seconds,
        "tokens_per_second": tokens_per_second,
        "model_flops_per_second": model_flops,
        "peak_flops_per_device": peak_flops,
        "mfu": model_flops / (peak_flops * devices) if peak_flops else None,
    }
    return summary


def add_arguments(parser):
    parser.add_argument("--events", default="-", help="the run's stdout (JSON lines); - reads standard input")
    parser.add_argument("--gpu-name", default="", help="as nvidia-smi names it, to look up the peak")
    parser.add_argument("--peak-flops", type=float, default=0, help="peak bf16 FLOPs per device, over the table")
    parser.add_argument("--skip-steps", type=int, default=3, help="step events to leave out at the start (warm-up, compilation)")


def run(args):
    from . import events
    from .errors import TrainerError

    peak = args.peak_flops or peak_bf16_flops(args.gpu_name)
    handle = sys.stdin if args.events == "-" else open(args.events, encoding="utf-8")
    try:
        summary = summarize(handle, args.skip_steps, peak)
    except ValueError as error:
        raise TrainerError("%s: %s" % (args.events, error), "pass the stdout of a training run")
    finally:
        if handle is not sys.stdin:
            handle.close()
    events.emit("throughput", gpu_name=args.gpu_name, **summary)
    mfu = "%.1f%%" % (100 * summary["mfu"]) if summary["mfu"] is not None else "unknown (no peak for this device; pass --peak-flops)"
    events.log(
        "parameters %d, %.1f samples/s, %.0f tokens/s, %.3g model FLOP/s, MFU %s"
        % (summary["parameters"], summary["samples_per_second"], summary["tokens_per_second"], summary["model_flops_per_second"], mfu)
    )
    return 0
