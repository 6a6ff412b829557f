"""Stands in for the reference trainer in the run tests: writes its arguments to VIFT_FAKE_ARGS_FILE and
prints the trainer's JSON lines (start, step, checkpoint, end)."""
import json
import os
import sys

with open(os.environ["VIFT_FAKE_ARGS_FILE"], "w") as handle:
    json.dump(sys.argv[1:], handle)


def emit(event, **fields):
    record = {"event": event}
    record.update(fields)
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


resumed = "--resume" in sys.argv
emit("start", step=40 if resumed else 0, total_steps=42)
emit("step", step=41, epoch=0.98, loss=0.5, learning_rate=2e-05, grad_norm=1.5, tokens=1024)
emit("checkpoint", step=42, path="checkpoint-42")
emit("end", step=42, train_loss=0.6, train_runtime=1.5)
