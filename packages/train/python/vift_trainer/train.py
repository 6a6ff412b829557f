"""Training: ``python3 -m vift_trainer train --data data.json --image-folder F --output-dir OUT ...``.

Alone it runs one process; under ``torchrun`` every process trains on its share of each batch with
DistributedDataParallel (NCCL on CUDA, Gloo on CPU). Events go to stdout as JSON lines (see events.py).
"""

import concurrent.futures
import contextlib
import math
import os
import random
import time

import numpy as np
import torch

from . import events
from .checkpoint import (
    list_checkpoints,
    load_model_config,
    prune_checkpoints,
    read_json,
    restore_random_states,
    save_checkpoint,
    torch_load,
)
from .data import IGNORE_INDEX, EncodedSet, ImageStore, check_image_files, collate, epoch_batches, load_examples
from .errors import DataError, TrainerError
from .model import ModelConfig, VisionLanguageModel, autocast, count_parameters
from .tokenizer import Tokenizer


def add_arguments(parser):
    data = parser.add_argument_group("data")
    data.add_argument("--data", required=True, help="LLaVA data.json (a JSON array) or JSON lines")
    data.add_argument("--image-folder", default=".", help="the folder the records' image paths are relative to")
    data.add_argument("--eval-data", help="held-out LLaVA data for an evaluation loss")
    data.add_argument("--eval-image-folder", help="image folder of --eval-data (default: --image-folder)")
    data.add_argument("--model-max-length", type=int, default=2048, help="tokens per sample, image patches included")
    data.add_argument("--vocab-size", type=int, default=32000, help="largest tokenizer vocabulary built from the data")
    data.add_argument("--image-preload-bytes", type=int, default=2 << 30, help="decode every image up front when they fit in this many bytes")

    model = parser.add_argument_group("model")
    model.add_argument("--hidden-size", type=int, default=256)
    model.add_argument("--layers", type=int, default=4, help="language model blocks")
    model.add_argument("--heads", type=int, default=4)
    model.add_argument("--image-size", type=int, default=224, help="images are resized to this square")
    model.add_argument("--patch-size", type=int, default=14)
    model.add_argument("--vision-hidden-size", type=int, help="default: --hidden-size")
    model.add_argument("--vision-layers", type=int, help="default: half of --layers, at least 1")
    model.add_argument("--vision-heads", type=int, help="default: --heads")

    run = parser.add_argument_group("run")
    run.add_argument("--output-dir", required=True)
    run.add_argument("--max-steps", type=int, default=-1, help="optimizer steps; overrides --num-train-epochs when positive")
    run.add_argument("--num-train-epochs", type=float, default=1.0)
    run.add_argument("--max-train-seconds", type=float, default=0, help="stop (with a checkpoint) after training this long; 0 for no limit")
    run.add_argument("--per-device-train-batch-size", type=int, default=8)
    run.add_argument("--gradient-accumulation-steps", type=int, default=1)
    run.add_argument("--learning-rate", type=float, default=3e-4, help="peak rate; the model trains from scratch")
    run.add_argument("--lr-scheduler-type", choices=["cosine", "linear", "constant"], default="cosine")
    run.add_argument("--warmup-ratio", type=float, default=0.03)
    run.add_argument("--warmup-steps", type=int, default=0, help="warmup length in steps; overrides --warmup-ratio when positive")
    run.add_argument("--weight-decay", type=float, default=0.0)
    run.add_argument("--max-grad-norm", type=float, default=1.0)
    run.add_argument("--bf16", action="store_true", help="bfloat16 autocast (weights stay float32)")
    run.add_argument("--seed", type=int, default=42)
    run.add_argument("--resume", action="store_true", help="continue from the newest checkpoint in --output-dir, if any")
    run.add_argument("--save-steps", type=int, default=0, help="save every this many steps (the last step is always saved)")
    run.add_argument("--save-total-limit", type=int, default=0, help="keep only this many checkpoints; 0 keeps all")
    run.add_argument("--eval-steps", type=int, default=0, help="evaluate every this many steps (and at the end)")
    run.add_argument("--logging-steps", type=int, default=1)
    run.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    run.add_argument("--threads", type=int, default=0, help="CPU threads for PyTorch; 0 keeps its default")
    run.add_argument("--compile", action="store_true", help="torch.compile the model (PyTorch 2 and later)")


def check_arguments(args):
    positive = ["per_device_train_batch_size", "gradient_accumulation_steps", "model_max_length", "hidden_size", "layers", "heads", "image_size", "patch_size", "logging_steps"]
    for name in positive:
        if getattr(args, name) < 1:
            raise TrainerError("--%s is %s" % (name.replace("_", "-"), getattr(args, name)), "pass a whole number of at least 1")
    if args.image_size % args.patch_size != 0:
        raise TrainerError("--image-size %d is not a multiple of --patch-size %d" % (args.image_size, args.patch_size), "pick sizes that divide")
    if args.learning_rate <= 0:
        raise TrainerError("--learning-rate is %s" % args.learning_rate, "pass a positive rate such as 3e-4")
    if args.max_steps <= 0 and args.num_train_epochs <= 0:
        raise TrainerError("neither --max-steps nor --num-train-epochs is positive", "pass how long to train")


class Distributed:
    """The process group when torchrun started several processes; a stand-in for a single process."""

    def __init__(self, device_kind):
        self.world_size = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        self.enabled = self.world_size > 1
        if self.enabled:
            import torch.distributed as dist

            if device_kind == "cuda":
                torch.cuda.set_device(self.local_rank)
            dist.init_process_group(backend="nccl" if device_kind == "cuda" else "gloo")
            self.dist = dist

    def barrier(self):
        if self.enabled:
            self.dist.barrier()

    def sum(self, values, device):
        """Element-wise sum of a list of numbers over all processes."""
        tensor = torch.tensor(values, dtype=torch.float64, device=device)
        if self.enabled:
            self.dist.all_reduce(tensor)
        return tensor.tolist()

    def close(self):
        if self.enabled:
            self.dist.destroy_process_group()


def pick_device(choice, local_rank):
    if choice == "cuda" or (choice == "auto" and torch.cuda.is_available()):
        if not torch.cuda.is_available():
            raise TrainerError("--device cuda, but PyTorch sees no CUDA device", "run on a machine with an NVIDIA GPU, or pass --device cpu")
        return torch.device("cuda", local_rank)
    return torch.device("cpu")


def learning_rate(args, step, total_steps):
    """The rate for optimizer step `step` (0-based): linear warmup, then cosine, linear or constant."""
    warmup = args.warmup_steps if args.warmup_steps > 0 else math.ceil(args.warmup_ratio * total_steps)
    if step < warmup:
        return args.learning_rate * (step + 1) / warmup
    if args.lr_scheduler_type == "constant":
        return args.learning_rate
    progress = (step - warmup) / max(1, total_steps - warmup)
    if args.lr_scheduler_type == "linear":
        return args.learning_rate * max(0.0, 1.0 - progress)
    return args.learning_rate * 0.5 * (1.0 + math.cos(math.pi * progress))


def model_config_from(args, vocab_size):
    return ModelConfig(
        vocab_size=vocab_size,
        hidden_size=args.hidden_size,
        layers=args.layers,
        heads=args.heads,
        max_length=args.model_max_length,
        image_size=args.image_size,
        patch_size=args.patch_size,
        vision_hidden_size=args.vision_hidden_size or args.hidden_size,
        vision_layers=args.vision_layers if args.vision_layers is not None else max(1, args.layers // 2),
        vision_heads=args.vision_heads or args.heads,
    )


def build_optimizer(model, args, device):
    decay = [parameter for parameter in model.parameters() if parameter.dim() >= 2]
    no_decay = [parameter for parameter in model.parameters() if parameter.dim() < 2]
    groups = [{"params": decay, "weight_decay": args.weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
    extra = {}
    if device.type == "cuda" and "fused" in torch.optim.AdamW.__init__.__code__.co_varnames:
        extra["fused"] = True
    return torch.optim.AdamW(groups, lr=args.learning_rate, betas=(0.9, 0.999), eps=1e-8, **extra)


def answer_tokens(batch):
    """Positions that carry a loss: answer tokens, each predicted from the position before it."""
    return int((batch["labels"][:, 1:] != IGNORE_INDEX).sum())


def to_device(batch, device):
    moved = dict(batch)
    moved["input_ids"] = batch["input_ids"].to(device, non_blocking=True)
    moved["labels"] = batch["labels"].to(device, non_blocking=True)
    if batch["images"] is not None:
        moved["images"] = batch["images"].to(device, non_blocking=True)
    return moved


def evaluate(model, encoded, store, args, distributed, device):
    """Mean answer-token loss over the evaluation set, every process taking its share."""
    model.eval()
    indices = list(range(distributed.rank, len(encoded), distributed.world_size))
    loss_sum, targets = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(indices), args.per_device_train_batch_size):
            batch = to_device(collate(encoded, indices[start : start + args.per_device_train_batch_size], store), device)
            with autocast(device, args.bf16):
                loss, count = model(batch["input_ids"], batch["images"], batch["labels"])
            loss_sum += float(loss)
            targets += int(count)
    model.train()
    total_loss, total_targets = distributed.sum([loss_sum, targets], device)
    return total_loss / max(1.0, total_targets), len(encoded)


def run(args):
    check_arguments(args)
    started = time.time()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    device_kind = "cuda" if args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available()) else "cpu"
    distributed = Distributed(device_kind)
    events.set_enabled(distributed.rank == 0)
    try:
        return _train(args, distributed, started)
    finally:
        distributed.close()


def _train(args, distributed, started):
    device = pick_device(args.device, distributed.local_rank)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)

    os.makedirs(args.output_dir, exist_ok=True)
    checkpoints = list_checkpoints(args.output_dir) if args.resume else []
    resume_from = checkpoints[-1][1] if checkpoints else None

    examples = load_examples(args.data)
    if not examples:
        raise DataError("%s: no records" % args.data, "export at least one sample")
    check_image_files(examples, args.image_folder, args.data)
    if resume_from is not None:
        saved = load_model_config(resume_from)
        tokenizer = Tokenizer.load(os.path.join(resume_from, "tokenizer.json"))
        config = ModelConfig.from_json(saved["model"])
        before = dict(saved.get("training", {}), world_size=saved.get("world_size"))
        now = dict(vars(args), world_size=distributed.world_size)
        changed = [name for name in ("data", "per_device_train_batch_size", "gradient_accumulation_steps", "world_size", "seed") if before.get(name) != now.get(name)]
        if changed:
            events.log("resuming %s with changed %s: the batches that follow differ from the first run's" % (resume_from, ", ".join(changed)))
    else:
        tokenizer = Tokenizer.build((text for example in examples for _, text in example.turns), max_size=args.vocab_size)
        config = model_config_from(args, len(tokenizer))
    encoded = EncodedSet(examples, tokenizer, config.patches_per_image, config.max_length)
    if len(encoded) < distributed.world_size:
        raise DataError(
            "%s: %d trainable sample(s) for %d processes (skipped: %s)" % (args.data, len(encoded), distributed.world_size, encoded.skipped),
            "export more samples, or raise --model-max-length if samples were cut",
        )
    store = ImageStore(args.image_folder, config.image_size, [path for example in encoded.examples for path in example.images], args.image_preload_bytes)
    eval_set = eval_store = None
    if args.eval_data:
        eval_examples = load_examples(args.eval_data)
        eval_folder = args.eval_image_folder or args.image_folder
        check_image_files(eval_examples, eval_folder, args.eval_data)
        eval_set = EncodedSet(eval_examples, tokenizer, config.patches_per_image, config.max_length)
        eval_store = ImageStore(eval_folder, config.image_size, [path for example in eval_set.examples for path in example.images], args.image_preload_bytes)

    model = VisionLanguageModel(config, tokenizer.image_id).to(device)
    optimizer = build_optimizer(model, args, device)
    state = {"step": 0, "epoch": 0, "micro_batch": 0, "loss_sum": 0.0, "loss_steps": 0, "last_saved": 0}
    if resume_from is not None:
        model.load_state_dict(torch_load(os.path.join(resume_from, "model.pt"), device))
        optimizer.load_state_dict(torch_load(os.path.join(resume_from, "optimizer.pt"), device))
        state.update(read_json(os.path.join(resume_from, "trainer_state.json")))
        rng_file = os.path.join(resume_from, "rng_state_%d.pt" % distributed.rank)
        if os.path.isfile(rng_file):
            restore_random_states(torch_load(rng_file))
    parameters = count_parameters(model)
    trained = model
    if args.compile and hasattr(torch, "compile"):
        trained = torch.compile(trained)
    if distributed.enabled:
        # Samples without an image leave the vision encoder out of a step; DDP must then look for unused parameters.
        text_only = any(not example.images for example in encoded.examples)
        trained = torch.nn.parallel.DistributedDataParallel(
            trained, device_ids=[device.index] if device.type == "cuda" else None, find_unused_parameters=text_only
        )

    batches_per_epoch = len(epoch_batches(len(encoded), 0, args.seed, distributed.rank, distributed.world_size, args.per_device_train_batch_size))
    steps_per_epoch = math.ceil(batches_per_epoch / args.gradient_accumulation_steps)
    total_steps = args.max_steps if args.max_steps > 0 else max(1, math.ceil(args.num_train_epochs * steps_per_epoch))
    run_config = {
        "model": config.to_json(),
        "training": {key: value for key, value in vars(args).items() if key != "command"},
        "world_size": distributed.world_size,
    }
    events.emit(
        "start",
        step=state["step"],
        total_steps=total_steps,
        parameters=parameters,
        vision_parameters=count_parameters(model.vision),
        vocab_size=len(tokenizer),
        train_samples=len(encoded),
        skipped_samples=encoded.skipped,
        eval_samples=len(eval_set) if eval_set is not None else 0,
        patches_per_image=config.patches_per_image,
        world_size=distributed.world_size,
        device=device.type,
        dtype="bfloat16" if args.bf16 else "float32",
        global_batch_size=args.per_device_train_batch_size * args.gradient_accumulation_steps * distributed.world_size,
        resumed_from=resume_from,
    )

    def save():
        path = save_checkpoint(args.output_dir, state["step"], model, optimizer, tokenizer, run_config, state, distributed.rank, distributed.barrier)
        state["last_saved"] = state["step"]
        if distributed.rank == 0 and args.save_total_limit > 0:
            prune_checkpoints(args.output_dir, args.save_total_limit)
        events.emit("checkpoint", step=state["step"], path=os.path.abspath(path))
        return path

    def run_eval():
        if eval_set is None or len(eval_set) == 0:
            return
        loss, samples = evaluate(model, eval_set, eval_store, args, distributed, device)
        events.emit("eval", step=state["step"], eval_loss=loss, eval_samples=samples)

    prefetch = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    window = {"loss": 0.0, "steps": 0, "samples": 0.0, "tokens": 0.0, "seconds": 0.0}
    train_samples = train_tokens = train_seconds = 0.0
    last_step_loss = None
    epoch_order = epoch_batches(len(encoded), state["epoch"], args.seed, distributed.rank, distributed.world_size, args.per_device_train_batch_size)

    def step_groups():
        # Yields the micro-batch index groups of the steps to come, from where the state stands.
        epoch, position, order = state["epoch"], state["micro_batch"], epoch_order
        while True:
            if position >= len(order):
                epoch, position = epoch + 1, 0
                order = epoch_batches(len(encoded), epoch, args.seed, distributed.rank, distributed.world_size, args.per_device_train_batch_size)
            group = order[position : position + args.gradient_accumulation_steps]
            position += len(group)
            yield group

    groups = step_groups()

    def prepare(group):
        return [collate(encoded, indices, store) for indices in group]

    pending = prefetch.submit(prepare, next(groups)) if state["step"] < total_steps else None
    stop_reason = "max-steps"
    loop_started = time.time()
    while state["step"] < total_steps:
        step_started = time.time()
        micro_batches = pending.result()
        pending = prefetch.submit(prepare, next(groups)) if state["step"] + 1 < total_steps else None
        local_targets = sum(answer_tokens(batch) for batch in micro_batches)
        local_samples = sum(batch["samples"] for batch in micro_batches)
        local_tokens = sum(batch["tokens"] for batch in micro_batches)
        global_targets, global_samples, global_tokens = distributed.sum([local_targets, local_samples, local_tokens], device)
        step_loss = torch.zeros((), dtype=torch.float64, device=device)
        for position, batch in enumerate(micro_batches):
            batch = to_device(batch, device)
            last = position == len(micro_batches) - 1
            sync = contextlib.nullcontext() if (last or not distributed.enabled) else trained.no_sync()
            with sync:
                with autocast(device, args.bf16):
                    loss_sum, _ = trained(batch["input_ids"], batch["images"], batch["labels"])
                # DDP averages gradients over processes: scaling by their count makes the result the mean
                # over every answer token of the global batch.
                (loss_sum * distributed.world_size / max(1.0, global_targets)).backward()
            step_loss += loss_sum.detach().double()
        grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), args.max_grad_norm if args.max_grad_norm > 0 else float("inf"))
        rate = learning_rate(args, state["step"], total_steps)
        for group in optimizer.param_groups:
            group["lr"] = rate
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        (loss_total,) = distributed.sum([float(step_loss)], device)
        loss = loss_total / max(1.0, global_targets)

        state["step"] += 1
        state["micro_batch"] += len(micro_batches)
        if state["micro_batch"] >= len(epoch_order):
            state["epoch"] += 1
            state["micro_batch"] = 0
            epoch_order = epoch_batches(len(encoded), state["epoch"], args.seed, distributed.rank, distributed.world_size, args.per_device_train_batch_size)
        state["loss_sum"] += loss
        state["loss_steps"] += 1
        last_step_loss = loss
        seconds = time.time() - step_started
        train_samples += global_samples
        train_tokens += global_tokens
        train_seconds += seconds
        window["loss"] += loss
        window["steps"] += 1
        window["samples"] += global_samples
        window["tokens"] += global_tokens
        window["seconds"] += seconds
        if state["step"] % args.logging_steps == 0 or state["step"] == total_steps:
            elapsed = max(window["seconds"], 1e-9)
            events.emit(
                "step",
                step=state["step"],
                epoch=round(state["epoch"] + state["micro_batch"] / max(1, len(epoch_order)), 4),
                loss=window["loss"] / window["steps"],
                learning_rate=rate,
                grad_norm=float(grad_norm),
                samples_per_second=window["samples"] / elapsed,
                tokens_per_second=window["tokens"] / elapsed,
                tokens=int(window["tokens"]),
                seconds=round(window["seconds"], 6),
            )
            window = {"loss": 0.0, "steps": 0, "samples": 0.0, "tokens": 0.0, "seconds": 0.0}
        if args.save_steps > 0 and state["step"] % args.save_steps == 0 and state["step"] < total_steps:
            save()
        if args.eval_steps > 0 and state["step"] % args.eval_steps == 0 and state["step"] < total_steps:
            run_eval()
        if args.max_train_seconds > 0:
            # Every process stops at the same step: rank 0's clock decides.
            (out_of_time,) = distributed.sum([1.0 if distributed.rank == 0 and time.time() - loop_started > args.max_train_seconds else 0.0], device)
            if out_of_time > 0:
                stop_reason = "max-train-seconds"
                break
    prefetch.shutdown(wait=True)

    final = os.path.abspath(os.path.join(args.output_dir, "checkpoint-%d" % state["step"]))
    if state["last_saved"] != state["step"] or not os.path.isdir(final):
        final = save()
    run_eval()
    memory = {"max_memory_allocated_bytes": torch.cuda.max_memory_allocated(device)} if device.type == "cuda" else {}
    events.emit(
        "end",
        step=state["step"],
        reason=stop_reason,
        train_loss=state["loss_sum"] / max(1, state["loss_steps"]),
        last_loss=last_step_loss,
        train_runtime=round(time.time() - started, 3),
        train_samples_per_second=train_samples / max(train_seconds, 1e-9),
        train_tokens_per_second=train_tokens / max(train_seconds, 1e-9),
        parameters=parameters,
        checkpoint=os.path.abspath(final),
        **memory
    )
    return 0
