"""Reads vift's LLaVA export (a JSON array or JSON lines) into token sequences and images.

A record is ``{"id", "image", "conversations": [{"from": "human", "value": "<image>\\n..."}, {"from": "gpt",
"value": "..."}]}``; ``image`` is a path relative to the image folder, a list of them, or absent. Unknown
keys (vift's ``source`` and ``meta``) are ignored. Parquet exports are not read here: reading Parquet needs
pyarrow, which this trainer does without; export LLaVA JSON or JSON lines for it.
"""

import concurrent.futures
import json
import os

import numpy as np
import torch

from .errors import DataError

ROLE_OF_FROM = {"human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant", "system": "system"}
IGNORE_INDEX = -100
PLACEHOLDER = "<image>"


class Example:
    __slots__ = ("index", "id", "images", "turns")

    def __init__(self, index, example_id, images, turns):
        self.index = index
        self.id = example_id
        self.images = images
        self.turns = turns


def _where(path, index, record_id=None):
    place = "%s: record %d" % (path, index)
    return place if record_id is None else "%s (id %s)" % (place, record_id)


def json_lines(path, fix):
    """(line number, value) for each non-blank line of a JSON-lines file; a line that is not JSON is a DataError."""
    with open(path, encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield line_number, json.loads(line)
            except ValueError as error:
                raise DataError("%s: line %d is not JSON (%s)" % (path, line_number, error), fix)


def read_records(path):
    """Yields (index, record) from a JSON array file or a JSON-lines file."""
    if not os.path.isfile(path):
        raise DataError("%s: no such file" % path, "pass the data.json (or .jsonl) that the LLaVA export wrote")
    with open(path, "rb") as handle:
        head = handle.read(4096).lstrip()
    if path.endswith(".jsonl") or head.startswith(b"{"):
        for index, (_, record) in enumerate(json_lines(path, "repair the line or export the data again")):
            yield index, record
        return
    try:
        with open(path, encoding="utf-8") as handle:
            records = json.load(handle)
    except ValueError as error:
        raise DataError("%s: invalid JSON (%s)" % (path, error), "repair the file or export the data again")
    if not isinstance(records, list):
        raise DataError("%s: the file holds a JSON %s, not an array of records" % (path, type(records).__name__), "pass LLaVA's data.json: a JSON array of records")
    for index, record in enumerate(records):
        yield index, record


def parse_example(record, index, path):
    """One record as an Example; a record that cannot be trained on raises DataError naming it."""
    if not isinstance(record, dict):
        raise DataError("%s is a JSON %s, not an object" % (_where(path, index), type(record).__name__), "each record must be an object with \"conversations\"")
    record_id = record.get("id", index)
    where = _where(path, index, record_id)
    image = record.get("image")
    if image is None:
        images = []
    elif isinstance(image, str):
        images = [image]
    elif isinstance(image, list) and all(isinstance(item, str) for item in image):
        images = list(image)
    else:
        raise DataError("%s: \"image\" is neither a path nor a list of paths" % where, "give the image path relative to --image-folder")
    conversations = record.get("conversations")
    if not isinstance(conversations, list) or not conversations:
        raise DataError("%s: \"conversations\" is missing or empty" % where, "give the turns as [{\"from\": \"human\", \"value\": ...}, {\"from\": \"gpt\", \"value\": ...}]")
    turns = []
    for turn_index, turn in enumerate(conversations):
        if not isinstance(turn, dict) or not isinstance(turn.get("value"), str):
            raise DataError("%s turn %d: a turn needs \"from\" and a string \"value\"" % (where, turn_index), "repair the turn")
        role = ROLE_OF_FROM.get(turn.get("from"))
        if role is None:
            raise DataError("%s turn %d: \"from\" is %r" % (where, turn_index, turn.get("from")), "use \"human\", \"gpt\" or \"system\"")
        turns.append([role, turn["value"]])
    if turns[0][0] == "system":
        system, rest = turns[:1], turns[1:]
    else:
        system, rest = [], turns
    for position, (role, _) in enumerate(rest):
        expected = "user" if position % 2 == 0 else "assistant"
        if role != expected:
            raise DataError(
                "%s turn %d: a %s turn where the %s's belongs" % (where, position + len(system), "gpt" if role == "assistant" else role if role == "system" else "human", "gpt" if expected == "assistant" else "human"),
                "alternate human and gpt turns, starting with human (a system turn may come first)",
            )
    if rest and rest[-1][0] == "user":
        rest = rest[:-1]  # a trailing question has no answer to learn
    turns = system + rest
    placeholders = sum(text.count(PLACEHOLDER) for role, text in turns if role != "assistant")
    if any(PLACEHOLDER in text for role, text in turns if role == "assistant"):
        raise DataError("%s: an answer holds an %s placeholder" % (where, PLACEHOLDER), "put the placeholder in a human turn")
    if placeholders == 0 and images:
        first_user = next((turn for turn in turns if turn[0] == "user"), None)
        if first_user is not None:
            # LLaVA's own convention when a record forgets its placeholders: the images lead the first question.
            first_user[1] = (PLACEHOLDER + "\n") * len(images) + first_user[1]
            placeholders = len(images)
    if placeholders != len(images):
        raise DataError(
            "%s: %d %s placeholder(s) for %d image(s)" % (where, placeholders, PLACEHOLDER, len(images)),
            "write one %s per image, in the order of \"image\"" % PLACEHOLDER,
        )
    return Example(index, record_id, images, [tuple(turn) for turn in turns])


def load_examples(path):
    return [parse_example(record, index, path) for index, record in read_records(path)]


def encode_turns(turns, tokenizer, add_generation_prompt=False):
    """Token ids and labels of a dialog: <s>, then per turn its role token and text; each answer ends with </s>.

    Labels are the answer tokens and their </s>; everything else is IGNORE_INDEX, so the loss falls on what
    the assistant says only.
    """
    ids = [tokenizer.bos_id]
    labels = [IGNORE_INDEX]
    for role, text in turns:
        ids.append(tokenizer.role_ids[role])
        labels.append(IGNORE_INDEX)
        tokens = tokenizer.encode(text)
        if role == "assistant":
            tokens = tokens + [tokenizer.eos_id]
            labels.extend(tokens)
        else:
            labels.extend([IGNORE_INDEX] * len(tokens))
        ids.extend(tokens)
    if add_generation_prompt:
        ids.append(tokenizer.role_ids["assistant"])
        labels.append(IGNORE_INDEX)
    return ids, labels


class EncodedSet:
    """Examples as compact token arrays (each image one placeholder id), truncated to the model's length.

    A sample whose truncation would cut into an image's tokens, or leave no answer token, is skipped and
    counted by reason.
    """

    def __init__(self, examples, tokenizer, patches_per_image, max_length):
        self.tokenizer = tokenizer
        self.patches = patches_per_image
        self.examples = []
        self.ids = []
        self.labels = []
        self.lengths = []
        self.skipped = {"truncated-image": 0, "no-answer": 0}
        for example in examples:
            ids, labels = encode_turns(example.turns, tokenizer)
            ids = np.asarray(ids, dtype=np.int64)
            labels = np.asarray(labels, dtype=np.int64)
            widths = np.where(ids == tokenizer.image_id, patches_per_image, 1)
            ends = np.cumsum(widths)
            if ends[-1] > max_length:
                keep = int(np.searchsorted(ends, max_length, side="right"))
                if np.any(ids[keep:] == tokenizer.image_id):
                    self.skipped["truncated-image"] += 1
                    continue
                ids, labels, ends = ids[:keep], labels[:keep], ends[:keep]
            if not np.any(labels != IGNORE_INDEX):
                self.skipped["no-answer"] += 1
                continue
            self.examples.append(example)
            self.ids.append(ids)
            self.labels.append(labels)
            self.lengths.append(int(ends[-1]))

    def __len__(self):
        return len(self.examples)


class ImageStore:
    """Decoded images, resized to the model's square input, as uint8 tensors [3, size, size].

    Loaded all at once into one tensor when they fit in `preload_bytes` (decoding on threads), else read
    from disk per batch.
    """

    def __init__(self, folder, size, paths, preload_bytes):
        self.folder = folder
        self.size = size
        self.paths = sorted(set(paths))
        self.slot = {path: index for index, path in enumerate(self.paths)}
        self.images = None
        if self.paths and len(self.paths) * 3 * size * size <= preload_bytes:
            images = torch.empty((len(self.paths), 3, size, size), dtype=torch.uint8)
            with concurrent.futures.ThreadPoolExecutor(max_workers=min(16, os.cpu_count() or 1)) as pool:
                for index, image in enumerate(pool.map(self.read, self.paths)):
                    images[index] = image
            self.images = images

    def read(self, path):
        from PIL import Image

        full = os.path.join(self.folder, path)
        try:
            with Image.open(full) as opened:
                image = opened.convert("RGB")
        except (OSError, ValueError) as error:
            raise DataError("%s: cannot read the image (%s)" % (full, error), "check the file, or export the data again")
        if image.size != (self.size, self.size):
            image = image.resize((self.size, self.size), Image.BICUBIC)
        return torch.from_numpy(np.array(image, dtype=np.uint8)).permute(2, 0, 1).contiguous()

    def get(self, path):
        if self.images is not None:
            return self.images[self.slot[path]]
        return self.read(path)


def check_image_files(examples, folder, data_path):
    """Fails on the first image file that is not there, naming its record."""
    seen = set()
    for example in examples:
        for path in example.images:
            if path in seen:
                continue
            seen.add(path)
            full = os.path.join(folder, path)
            if not os.path.isfile(full):
                raise DataError(
                    "%s: image %s is not in the image folder (%s)" % (_where(data_path, example.index, example.id), path, full),
                    "pass the folder the paths are relative to as --image-folder",
                )


def collate(encoded, indices, store):
    """A padded batch: input ids with each image placeholder widened to its patch count, labels, images."""
    image_id = encoded.tokenizer.image_id
    rows = []
    for index in indices:
        ids = encoded.ids[index]
        labels = encoded.labels[index]
        widths = np.where(ids == image_id, encoded.patches, 1)
        rows.append((np.repeat(ids, widths), np.repeat(labels, widths)))
    width = max(len(ids) for ids, _ in rows)
    input_ids = torch.full((len(rows), width), encoded.tokenizer.pad_id, dtype=torch.long)
    labels = torch.full((len(rows), width), IGNORE_INDEX, dtype=torch.long)
    for row, (ids, row_labels) in enumerate(rows):
        input_ids[row, : len(ids)] = torch.from_numpy(ids)
        labels[row, : len(ids)] = torch.from_numpy(row_labels)
    paths = [path for index in indices for path in encoded.examples[index].images]
    images = torch.stack([store.get(path) for path in paths]) if paths else None
    tokens = sum(len(ids) for ids, _ in rows)
    return {"input_ids": input_ids, "labels": labels, "images": images, "tokens": tokens, "samples": len(rows)}


def epoch_batches(count, epoch, seed, rank, world_size, batch_size):
    """This process's micro-batches of one epoch: one seeded order shared by all processes, dealt out in turn.

    Every process gets the same number of samples (the remainder of the division is left out), so no
    process waits at a gradient exchange that another never reaches.
    """
    generator = torch.Generator()
    generator.manual_seed(seed * 1_000_003 + epoch)
    order = torch.randperm(count, generator=generator).tolist()
    per_rank = count // world_size
    mine = order[rank::world_size][:per_rank]
    return [mine[start : start + batch_size] for start in range(0, per_rank, batch_size)]
