"""``python3 -m vift_trainer [train|predict|serve|throughput|synthetic] ...``; plain ``--data ...`` means train.

Every outcome is an event on stdout: a failure is ``{"event": "error", "kind": ..., "message": ..., "fix": ...}``
and a non-zero exit status (2 usage or data, 3 out of memory, 130 interrupted, 1 anything else).
"""

import argparse
import sys
import traceback

from . import __version__, events
from .errors import TrainerError, is_out_of_memory

COMMANDS = ("train", "predict", "serve", "throughput", "synthetic")

OUT_OF_MEMORY_EXIT = 3


class _Parser(argparse.ArgumentParser):
    """Argument mistakes become error events like every other failure."""

    def error(self, message):
        events.emit("error", force=True, kind="usage", message="%s: %s" % (self.prog, message), fix="see %s --help" % self.prog)
        self.exit(2)


_HELP = {
    "train": "train a model on a LLaVA export",
    "predict": "answer questions from a checkpoint",
    "serve": "an OpenAI-compatible chat endpoint on a checkpoint",
    "throughput": "throughput and model FLOPs utilisation of a run's events",
    "synthetic": "write a synthetic shapes dataset in LLaVA format",
}


def _module(command):
    import importlib

    return importlib.import_module("." + command, __package__)


def _parser(only=None):
    """The command line; with `only`, just that command's module is imported (PyTorch loads in seconds)."""
    parser = _Parser(prog="python3 -m vift_trainer", description="vift's reference trainer")
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    for command in COMMANDS:
        if only is None or command == only:
            _module(command).add_arguments(commands.add_parser(command, help=_HELP[command]))
    return parser


def _out_of_memory_message(args, error):
    settings = []
    for name in ("per_device_train_batch_size", "gradient_accumulation_steps", "model_max_length", "batch_size"):
        if hasattr(args, name):
            settings.append("--%s %s" % (name.replace("_", "-"), getattr(args, name)))
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return "out of memory (%s) with %s" % (first_line[:300], ", ".join(settings))


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0].startswith("--") and argv[0] not in ("--help", "--version"):
        argv.insert(0, "train")
    parser = _parser(argv[0] if argv and argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    command = _module(args.command).run
    try:
        return command(args)
    except TrainerError as error:
        events.emit("error", force=True, kind=error.kind, message=error.message, fix=error.fix)
        return error.exit_code
    except KeyboardInterrupt:
        events.emit("error", force=True, kind="interrupted", message="interrupted", fix="rerun with --resume to continue from the last checkpoint")
        return 130
    except BaseException as error:  # noqa: B902 - every failure must reach the launcher as an event
        if isinstance(error, SystemExit):
            raise
        if is_out_of_memory(error):
            fix = (
                "lower --per-device-train-batch-size and raise --gradient-accumulation-steps by the same factor "
                "(the global batch stays the same), or lower --model-max-length"
            )
            if args.command != "train":
                fix = "lower --batch-size, or run on a device with more memory"
            events.emit("error", force=True, kind="out-of-memory", message=_out_of_memory_message(args, error), fix=fix)
            return OUT_OF_MEMORY_EXIT
        traceback.print_exc()
        events.emit("error", force=True, kind="internal", message="%s: %s" % (type(error).__name__, error), fix="see the traceback on stderr")
        return 1


if __name__ == "__main__":
    sys.exit(main())
