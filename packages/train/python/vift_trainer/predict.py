"""Greedy answers from a checkpoint: ``python3 -m vift_trainer predict --checkpoint DIR --questions q.jsonl
--image-folder F --output answers.jsonl``.

Questions are JSON lines in LLaVA's evaluation shape, ``{"question_id", "image", "text"}``; answers are
JSON lines ``{"question_id", "prompt", "text", "model_id"}`` in the questions' order, written atomically.
"""

import json
import os

import torch

from . import events
from .checkpoint import load_model_config, resolve_checkpoint, torch_load
from .data import PLACEHOLDER, ImageStore, encode_turns, json_lines
from .errors import DataError
from .model import ModelConfig, VisionLanguageModel, autocast
from .tokenizer import Tokenizer


class Predictor:
    """A checkpoint loaded for generation."""

    def __init__(self, checkpoint, device="cpu", bf16=False):
        self.path = resolve_checkpoint(checkpoint)
        saved = load_model_config(self.path)
        self.config = ModelConfig.from_json(saved["model"])
        self.tokenizer = Tokenizer.load(os.path.join(self.path, "tokenizer.json"))
        self.device = torch.device(device)
        self.model = VisionLanguageModel(self.config, self.tokenizer.image_id)
        self.model.load_state_dict(torch_load(os.path.join(self.path, "model.pt")))
        self.model.to(self.device).eval()
        self.model_id = os.path.basename(os.path.normpath(self.path))
        self.bf16 = bf16

    def prompt_ids(self, turns):
        """The dialog so far, ending with the assistant's role token; each image placeholder widened."""
        ids, _ = encode_turns(turns, self.tokenizer, add_generation_prompt=True)
        widened = []
        for token in ids:
            widened.extend([token] * self.config.patches_per_image if token == self.tokenizer.image_id else [token])
        return widened

    @torch.no_grad()
    def generate(self, prompts, images, max_new_tokens=64):
        """Greedy continuations of several prompts at once; returns (text, new token count, stopped) each.

        Rows are padded on the right: with causal attention a position never sees the padding after it,
        so each row's next token is read at its own last position.
        """
        lengths = [len(prompt) for prompt in prompts]
        room = self.config.max_length - max(lengths)
        if room <= 0:
            raise DataError("a prompt of %d tokens fills the model's %d positions" % (max(lengths), self.config.max_length), "shorten the question")
        steps = min(max_new_tokens, room)
        ids = torch.full((len(prompts), max(lengths) + steps), self.tokenizer.pad_id, dtype=torch.long)
        for row, prompt in enumerate(prompts):
            ids[row, : len(prompt)] = torch.tensor(prompt, dtype=torch.long)
        ids = ids.to(self.device)
        pixels = images.to(self.device) if images is not None else None
        rows = torch.arange(len(prompts), device=self.device)
        cursor = torch.tensor(lengths, device=self.device)
        generated = [[] for _ in prompts]
        done = [False] * len(prompts)
        for _ in range(steps):
            width = int(cursor.max())
            with autocast(self.device, self.bf16):
                hidden = self.model.hidden_states(ids[:, :width], pixels)
                next_tokens = self.model.logits(hidden[rows, cursor - 1]).argmax(dim=-1)
            for row, token in enumerate(next_tokens.tolist()):
                if done[row]:
                    continue
                if token == self.tokenizer.eos_id:
                    done[row] = True
                    continue
                generated[row].append(token)
            if all(done):
                break
            ids[rows, cursor] = torch.where(torch.tensor(done, device=self.device), torch.full_like(next_tokens, self.tokenizer.pad_id), next_tokens)
            cursor = cursor + torch.tensor([0 if finished else 1 for finished in done], device=self.device)
        return [(self.tokenizer.decode(tokens).strip(), len(tokens), done[row]) for row, tokens in enumerate(generated)]


def read_questions(path):
    if not os.path.isfile(path):
        raise DataError("%s: no such file" % path, "pass the questions as JSON lines {\"question_id\", \"image\", \"text\"}")
    questions = []
    for line_number, record in json_lines(path, "write one JSON object a line"):
        if not isinstance(record, dict):
            raise DataError("%s: line %d is not a JSON object" % (path, line_number), "write one JSON object a line")
        question_id = record.get("question_id", record.get("id"))
        text = record.get("text", record.get("question", record.get("prompt")))
        if question_id is None or not isinstance(text, str):
            raise DataError("%s: line %d needs \"question_id\" and a string \"text\"" % (path, line_number), "write {\"question_id\", \"image\", \"text\"}")
        image = record.get("image")
        if image is not None and not isinstance(image, str):
            raise DataError("%s: line %d (question %s): \"image\" is not a path" % (path, line_number, question_id), "give one image path relative to --image-folder")
        questions.append({"question_id": question_id, "image": image, "text": text, "line": line_number})
    return questions


def add_arguments(parser):
    parser.add_argument("--checkpoint", required=True, help="a checkpoint-<step> folder, or a run's output folder (its newest checkpoint)")
    parser.add_argument("--questions", required=True, help="JSON lines {\"question_id\", \"image\", \"text\"}")
    parser.add_argument("--image-folder", default=".")
    parser.add_argument("--output", required=True, help="answers as JSON lines")
    parser.add_argument("--max-new-tokens", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    parser.add_argument("--bf16", action="store_true", help="bfloat16 autocast (fast on CPUs with AVX-512 BF16, and on GPUs)")


def run(args):
    device = "cuda" if args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available()) else "cpu"
    predictor = Predictor(args.checkpoint, device, args.bf16)
    questions = read_questions(args.questions)
    images = [question["image"] for question in questions if question["image"]]
    missing = next((question for question in questions if question["image"] and not os.path.isfile(os.path.join(args.image_folder, question["image"]))), None)
    if missing is not None:
        raise DataError(
            "%s: line %d (question %s): image %s is not in %s" % (args.questions, missing["line"], missing["question_id"], missing["image"], args.image_folder),
            "pass the folder the image paths are relative to as --image-folder",
        )
    store = ImageStore(args.image_folder, predictor.config.image_size, images, 1 << 30)
    events.emit("start", questions=len(questions), checkpoint=os.path.abspath(predictor.path), device=device)
    answers = []
    for start in range(0, len(questions), args.batch_size):
        batch = questions[start : start + args.batch_size]
        prompts, pixels = [], []
        for question in batch:
            text = question["text"]
            if question["image"]:
                if PLACEHOLDER not in text:
                    text = PLACEHOLDER + "\n" + text
                pixels.append(store.get(question["image"]))
            else:
                text = text.replace(PLACEHOLDER, "")
            prompts.append(predictor.prompt_ids([("user", text)]))
        stacked = torch.stack(pixels) if pixels else None
        for question, (answer, _, _) in zip(batch, predictor.generate(prompts, stacked, args.max_new_tokens)):
            answers.append({"question_id": question["question_id"], "prompt": question["text"], "text": answer, "model_id": predictor.model_id})
        events.emit("progress", done=len(answers), total=len(questions))
    temporary = "%s.tmp-%d" % (args.output, os.getpid())
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(temporary, "w", encoding="utf-8") as handle:
        for answer in answers:
            handle.write(json.dumps(answer, ensure_ascii=False) + "\n")
    os.replace(temporary, args.output)
    events.emit("end", predictions=len(answers), path=os.path.abspath(args.output))
    return 0
