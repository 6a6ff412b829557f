"""A LLaVA-shaped model: patch vision encoder → two-layer GELU projector → causal transformer LM.

Each image becomes (image_size / patch_size)² patch features; the projector maps them into the language
model's embedding space, where they take the places of the image placeholder in the text.
"""

import contextlib
import dataclasses
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

_HAS_SDPA = hasattr(F, "scaled_dot_product_attention")  # PyTorch 2.0 and later


@dataclasses.dataclass
class ModelConfig:
    vocab_size: int
    hidden_size: int = 256
    layers: int = 4
    heads: int = 4
    max_length: int = 2048
    image_size: int = 224
    patch_size: int = 14
    vision_hidden_size: int = 256
    vision_layers: int = 2
    vision_heads: int = 4
    mlp_ratio: int = 4

    @property
    def patches_per_image(self):
        return (self.image_size // self.patch_size) ** 2

    def to_json(self):
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data):
        fields = {field.name for field in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in fields})


def attention(query, key, value, causal):
    """[batch, heads, length, head size] → same; the fused kernel where PyTorch has it."""
    if _HAS_SDPA:
        return F.scaled_dot_product_attention(query, key, value, is_causal=causal)
    scores = torch.matmul(query, key.transpose(-2, -1)) / math.sqrt(query.size(-1))
    if causal:
        length = query.size(-2)
        mask = torch.ones(length, length, dtype=torch.bool, device=query.device).triu(1)
        scores = scores.masked_fill(mask, float("-inf"))
    weights = torch.softmax(scores.float(), dim=-1).to(value.dtype)
    return torch.matmul(weights, value)


class Block(nn.Module):
    """A pre-norm transformer block: self-attention, then a GELU MLP, each with a residual."""

    def __init__(self, width, heads, mlp_ratio, causal):
        super().__init__()
        if width % heads != 0:
            raise ValueError("hidden size %d is not divisible by %d heads" % (width, heads))
        self.heads = heads
        self.causal = causal
        self.attention_norm = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.out = nn.Linear(width, width)
        self.mlp_norm = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, mlp_ratio * width), nn.GELU(), nn.Linear(mlp_ratio * width, width))

    def forward(self, hidden):
        batch, length, width = hidden.shape
        qkv = self.qkv(self.attention_norm(hidden)).view(batch, length, 3, self.heads, width // self.heads)
        query, key, value = qkv.permute(2, 0, 3, 1, 4).unbind(0)
        mixed = attention(query, key, value, self.causal).transpose(1, 2).reshape(batch, length, width)
        hidden = hidden + self.out(mixed)
        return hidden + self.mlp(self.mlp_norm(hidden))


class VisionEncoder(nn.Module):
    """A small ViT: a strided convolution cuts the image into patches, then bidirectional blocks."""

    def __init__(self, config):
        super().__init__()
        self.patch = nn.Conv2d(3, config.vision_hidden_size, kernel_size=config.patch_size, stride=config.patch_size)
        self.position = nn.Parameter(torch.zeros(1, config.patches_per_image, config.vision_hidden_size))
        self.blocks = nn.ModuleList(
            Block(config.vision_hidden_size, config.vision_heads, config.mlp_ratio, causal=False) for _ in range(config.vision_layers)
        )
        self.norm = nn.LayerNorm(config.vision_hidden_size)

    def forward(self, images):
        hidden = self.patch(images).flatten(2).transpose(1, 2) + self.position
        for block in self.blocks:
            hidden = block(hidden)
        return self.norm(hidden)


class VisionLanguageModel(nn.Module):
    def __init__(self, config, image_token_id):
        super().__init__()
        self.config = config
        self.image_token_id = image_token_id
        self.vision = VisionEncoder(config)
        # LLaVA-1.5's projector: Linear → GELU → Linear.
        self.projector = nn.Sequential(
            nn.Linear(config.vision_hidden_size, config.hidden_size), nn.GELU(), nn.Linear(config.hidden_size, config.hidden_size)
        )
        self.embed = nn.Embedding(config.vocab_size, config.hidden_size)
        self.position = nn.Embedding(config.max_length, config.hidden_size)
        self.blocks = nn.ModuleList(Block(config.hidden_size, config.heads, config.mlp_ratio, causal=True) for _ in range(config.layers))
        self.norm = nn.LayerNorm(config.hidden_size)
        self.apply(self._init)
        nn.init.normal_(self.vision.position, std=0.02)
        # Residual outputs scaled down with depth, as GPT-2 does, so deep stacks start stable.
        for block in list(self.blocks) + list(self.vision.blocks):
            nn.init.normal_(block.out.weight, std=0.02 / math.sqrt(2 * max(1, config.layers)))

    @staticmethod
    def _init(module):
        if isinstance(module, (nn.Linear, nn.Conv2d)):
            nn.init.normal_(module.weight, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, std=0.02)

    def embed_inputs(self, input_ids, images):
        """Token embeddings with every image placeholder position holding its projected patch feature."""
        placeholder = input_ids == self.image_token_id
        hidden = self.embed(input_ids.masked_fill(placeholder, 0))
        if images is not None and images.numel() > 0:
            pixels = images.to(hidden.device, dtype=torch.float32) / 127.5 - 1.0
            features = self.projector(self.vision(pixels)).to(hidden.dtype)
            # Placeholders appear batch row by row, image after image, patch after patch: the features' order.
            hidden = hidden.masked_scatter(placeholder.unsqueeze(-1), features.reshape(-1, features.size(-1)))
        positions = torch.arange(input_ids.size(1), device=input_ids.device)
        return hidden + self.position(positions)

    def hidden_states(self, input_ids, images=None):
        """The final, normalised hidden state of every position: [batch, length, hidden]."""
        hidden = self.embed_inputs(input_ids, images)
        for block in self.blocks:
            hidden = block(hidden)
        return self.norm(hidden)

    def logits(self, hidden):
        # The output layer shares the token embedding's weights.
        return F.linear(hidden, self.embed.weight)

    def forward(self, input_ids, images, labels):
        """The summed next-token loss over the labelled positions, and how many there are.

        Logits are computed for the labelled positions only: the answers are a small part of a sequence
        that is mostly image patches and questions, and the full [batch, length, vocabulary] tensor is the
        largest activation of a small model.
        """
        hidden = self.hidden_states(input_ids, images)
        targets = labels[:, 1:]
        selected = targets != -100
        logits = self.logits(hidden[:, :-1][selected])
        loss = F.cross_entropy(logits.float(), targets[selected], reduction="sum")
        return loss, selected.sum()


def autocast(device, enabled):
    """bfloat16 autocast on the device, or nothing. Weights stay float32."""
    if not enabled:
        return contextlib.nullcontext()
    return torch.autocast(device_type=device.type, dtype=torch.bfloat16)


def count_parameters(module):
    return sum(parameter.numel() for parameter in module.parameters())
