"""Checkpoints: ``<output-dir>/checkpoint-<step>/``, written under a temporary name and renamed into place.

A checkpoint holds the model (``model.pt``), the optimizer (``optimizer.pt``), each process's random
states (``rng_state_<rank>.pt``), the tokenizer (``tokenizer.json``), the model and run settings
(``config.json``) and where the run stood (``trainer_state.json``). A folder named ``checkpoint-<step>`` is
always complete: a run killed while saving leaves only a ``.checkpoint-<step>.tmp`` folder behind.
"""

import json
import os
import random
import re
import shutil

import numpy as np
import torch

from . import FORMAT
from .errors import CheckpointError

_NAME = re.compile(r"^checkpoint-(\d+)$")


def torch_load(path, device="cpu"):
    """torch.load of our own files; PyTorch 2.6 and later need weights_only=False for the random states."""
    try:
        return torch.load(path, map_location=device, weights_only=False)
    except TypeError:  # PyTorch before 1.13 has no weights_only
        return torch.load(path, map_location=device)


def list_checkpoints(folder):
    """(step, path) of the complete checkpoints in a folder, oldest first."""
    if not os.path.isdir(folder):
        return []
    found = []
    for name in os.listdir(folder):
        match = _NAME.match(name)
        path = os.path.join(folder, name)
        if match and os.path.isfile(os.path.join(path, "config.json")):
            found.append((int(match.group(1)), path))
    return sorted(found)


def resolve_checkpoint(path):
    """A checkpoint folder itself, or the newest checkpoint inside a run's output folder."""
    if os.path.isfile(os.path.join(path, "config.json")) and os.path.isfile(os.path.join(path, "model.pt")):
        return path
    found = list_checkpoints(path)
    if not found:
        raise CheckpointError("%s: no checkpoint here" % path, "pass a checkpoint-<step> folder, or the output folder of a run that saved one")
    return found[-1][1]


def read_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _write_json(path, value):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(value, handle, indent=2, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())


def random_states():
    states = {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        states["cuda"] = torch.cuda.get_rng_state_all()
    return states


def restore_random_states(states):
    random.setstate(states["python"])
    np.random.set_state(states["numpy"])
    torch.set_rng_state(states["torch"])
    if "cuda" in states and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(states["cuda"])


def save_checkpoint(output_dir, step, model, optimizer, tokenizer, config, state, rank, barrier):
    """Writes checkpoint-<step> atomically; every process calls it (each saves its random state)."""
    final = os.path.join(output_dir, "checkpoint-%d" % step)
    temporary = os.path.join(output_dir, ".checkpoint-%d.tmp" % step)
    if rank == 0:
        shutil.rmtree(temporary, ignore_errors=True)
        os.makedirs(temporary)
    barrier()
    torch.save(random_states(), os.path.join(temporary, "rng_state_%d.pt" % rank))
    barrier()
    if rank == 0:
        torch.save(model.state_dict(), os.path.join(temporary, "model.pt"))
        torch.save(optimizer.state_dict(), os.path.join(temporary, "optimizer.pt"))
        tokenizer.save(os.path.join(temporary, "tokenizer.json"))
        _write_json(os.path.join(temporary, "trainer_state.json"), state)
        # config.json last: its presence is what marks a checkpoint complete.
        _write_json(os.path.join(temporary, "config.json"), dict(config, format=FORMAT))
        if os.path.exists(final):
            stale = "%s.old-%d" % (final, os.getpid())
            os.rename(final, stale)
            os.rename(temporary, final)
            shutil.rmtree(stale, ignore_errors=True)
        else:
            os.rename(temporary, final)
    barrier()
    return final


def prune_checkpoints(output_dir, keep):
    """Keeps the newest `keep` checkpoints."""
    found = list_checkpoints(output_dir)
    for _, path in found[: max(0, len(found) - keep)]:
        shutil.rmtree(path, ignore_errors=True)


def load_model_config(path):
    config = read_json(os.path.join(path, "config.json"))
    if config.get("format") != FORMAT:
        raise CheckpointError("%s: not a checkpoint of this trainer (format %r)" % (path, config.get("format")), "pass a checkpoint-<step> folder that this trainer wrote")
    return config
