"""A word-level tokenizer built from the training data, with single characters as the fallback.

Text splits into pieces that carry their leading space (" red", " circles", "?", "\\n"); digits are single
pieces so numbers compose. The vocabulary holds the most frequent pieces of the training data and every
character seen in it, so any text made of seen characters encodes and decodes back exactly; a word not in
the vocabulary is spelt out in characters. Saved as JSON beside each checkpoint.
"""

import collections
import json
import re

PAD = "<pad>"
UNK = "<unk>"
BOS = "<s>"
EOS = "</s>"
IMAGE = "<image>"
SYSTEM = "<|system|>"
USER = "<|user|>"
ASSISTANT = "<|assistant|>"
SPECIAL_TOKENS = [PAD, UNK, BOS, EOS, IMAGE, SYSTEM, USER, ASSISTANT]

# The image placeholder first, then words with an optional leading space, single digits, single
# punctuation marks, and any other whitespace one character at a time.
_PIECE = re.compile(r"<image>| ?[^\W\d_]+| ?\d| ?[^\w\s]| ?_|\s")


def split_pieces(text):
    """The pieces of a text; joined they give the text back."""
    return _PIECE.findall(text)


class Tokenizer:
    def __init__(self, pieces):
        self.pieces = list(pieces)
        self.ids = {piece: index for index, piece in enumerate(self.pieces)}
        for token in SPECIAL_TOKENS:
            if token not in self.ids:
                raise ValueError("tokenizer vocabulary lacks special token %s" % token)
        self.pad_id = self.ids[PAD]
        self.unk_id = self.ids[UNK]
        self.bos_id = self.ids[BOS]
        self.eos_id = self.ids[EOS]
        self.image_id = self.ids[IMAGE]
        self.role_ids = {"system": self.ids[SYSTEM], "user": self.ids[USER], "assistant": self.ids[ASSISTANT]}

    @classmethod
    def build(cls, texts, max_size=32000, min_count=1):
        """The most frequent pieces of `texts` (ties by text, so the result is deterministic) and every character."""
        counts = collections.Counter()
        characters = set()
        for text in texts:
            for piece in split_pieces(text):
                if piece == IMAGE:
                    continue
                counts[piece] += 1
                characters.update(piece)
        vocabulary = list(SPECIAL_TOKENS)
        vocabulary.extend(sorted(character for character in characters if character not in SPECIAL_TOKENS))
        seen = set(vocabulary)
        for piece, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            if len(vocabulary) >= max_size:
                break
            if count >= min_count and piece not in seen:
                vocabulary.append(piece)
                seen.add(piece)
        return cls(vocabulary)

    def __len__(self):
        return len(self.pieces)

    def encode(self, text):
        ids = []
        for piece in split_pieces(text):
            index = self.ids.get(piece)
            if index is not None:
                ids.append(index)
            else:
                ids.extend(self.ids.get(character, self.unk_id) for character in piece)
        return ids

    def decode(self, ids):
        skip = {self.pad_id, self.bos_id, self.eos_id}
        return "".join(self.pieces[index] for index in ids if index not in skip and 0 <= index < len(self.pieces))

    def save(self, path):
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"type": "vift-word-pieces", "pieces": self.pieces}, handle, ensure_ascii=False)

    @classmethod
    def load(cls, path):
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        return cls(data["pieces"])
