"""The failures the trainer reports as typed error events, and how to recognise running out of memory."""


class TrainerError(Exception):
    """A user's mistake: reported as one line with the place and the fix, never a stack trace."""

    kind = "usage"
    exit_code = 2

    def __init__(self, message, fix=None):
        super().__init__(message)
        self.message = message
        self.fix = fix


class DataError(TrainerError):
    """A data file or image the trainer cannot use: names the file, the record (index and id) and the fix."""

    kind = "data"


class CheckpointError(TrainerError):
    """A checkpoint that cannot be read or does not fit the run."""

    kind = "checkpoint"


# Messages of the allocators when memory runs out: CUDA's caching allocator, the CPU allocator (which an
# address-space limit such as `ulimit -v` also triggers), and cuBLAS or cuDNN failing to get workspace.
_OUT_OF_MEMORY_MARKERS = (
    "CUDA out of memory",
    "out of memory",
    "can't allocate memory",
    "not enough memory",
    "CUBLAS_STATUS_ALLOC_FAILED",
    "CUDNN_STATUS_ALLOC_FAILED",
)


def is_out_of_memory(error):
    """Whether an exception means a device (or the host) ran out of memory."""
    if isinstance(error, MemoryError):
        return True
    import torch

    oom_type = getattr(torch.cuda, "OutOfMemoryError", None)
    if oom_type is not None and isinstance(error, oom_type):
        return True
    if isinstance(error, RuntimeError):
        text = str(error)
        return any(marker in text for marker in _OUT_OF_MEMORY_MARKERS)
    return False
