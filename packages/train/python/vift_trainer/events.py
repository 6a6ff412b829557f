"""JSON-line events on stdout: the trainer's only output contract with the launcher."""

import json
import math
import sys

_enabled = True


def set_enabled(enabled):
    """Only one process of a distributed run speaks; the others stay quiet."""
    global _enabled
    _enabled = enabled


def _clean(value):
    # JSON has no NaN or infinity: a diverged loss is reported as null rather than as invalid JSON.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    return value


def emit(event, force=False, **fields):
    """Writes one event line, flushed at once so a reader sees it while the run goes on."""
    if not (_enabled or force):
        return
    record = {"event": event}
    record.update(_clean(fields))
    sys.stdout.write(json.dumps(record, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def log(message):
    """Human-readable notes go to stderr, never mixed into the event stream."""
    if _enabled:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
