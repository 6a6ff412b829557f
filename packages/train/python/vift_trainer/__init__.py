"""The reference trainer of vift: a small LLaVA-shaped model in plain PyTorch.

A patch vision encoder, a two-layer GELU projector and a causal transformer language model, trained on
vift's LLaVA export (``data.json`` plus an image folder). Runs alone or under ``torchrun``, on CPU with
Debian's python3-torch 1.13 and on CUDA with current PyTorch. Progress goes to stdout as JSON lines.
"""

__version__ = "0.1.0"
FORMAT = "vift-reference-trainer/1"
