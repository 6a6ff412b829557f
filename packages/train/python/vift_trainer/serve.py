"""A small OpenAI-compatible endpoint on a checkpoint: ``python3 -m vift_trainer serve --checkpoint DIR --port 8000``.

``POST /v1/chat/completions`` takes ``messages`` whose content is text or a list of ``text`` and
``image_url`` parts, images as ``data:`` URLs (nothing is fetched from the network). Decoding is greedy:
``temperature`` and ``top_p`` are accepted and ignored; ``max_tokens`` is honoured. ``GET /v1/models``
lists the checkpoint. Once listening it prints ``{"event": "serving", "port": ...}``.
"""

import base64
import http.server
import io
import json
import threading
import time
import uuid

import numpy as np
import torch

from . import events
from .data import PLACEHOLDER
from .predict import Predictor


class RequestError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def _image_tensor(url, size):
    from PIL import Image

    if not isinstance(url, str) or not url.startswith("data:") or ";base64," not in url:
        raise RequestError(400, "image_url must be a data: URL with base64 content; this server fetches nothing")
    try:
        raw = base64.b64decode(url.split(";base64,", 1)[1], validate=True)
        with Image.open(io.BytesIO(raw)) as opened:
            image = opened.convert("RGB")
    except (ValueError, OSError) as error:
        raise RequestError(400, "image_url does not hold a readable image (%s)" % error)
    if image.size != (size, size):
        image = image.resize((size, size), Image.BICUBIC)
    return torch.from_numpy(np.array(image, dtype=np.uint8)).permute(2, 0, 1).contiguous()


def conversation_from_messages(messages, image_size):
    """(role, text) turns and image tensors; each image part becomes a placeholder where it stands."""
    if not isinstance(messages, list) or not messages:
        raise RequestError(400, "messages must be a non-empty list")
    turns, images = [], []
    for index, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in ("system", "user", "assistant"):
            raise RequestError(400, "messages[%d] needs a role of system, user or assistant" % index)
        content = message.get("content")
        if isinstance(content, str):
            text = content.replace(PLACEHOLDER, "")
        elif isinstance(content, list):
            pieces = []
            for part in content:
                kind = part.get("type") if isinstance(part, dict) else None
                if kind == "text":
                    pieces.append(str(part.get("text", "")).replace(PLACEHOLDER, ""))
                elif kind == "image_url":
                    if message["role"] != "user":
                        raise RequestError(400, "messages[%d]: images belong in user messages" % index)
                    image_url = part.get("image_url")
                    images.append(_image_tensor(image_url.get("url") if isinstance(image_url, dict) else image_url, image_size))
                    pieces.append(PLACEHOLDER + "\n")
                else:
                    raise RequestError(400, "messages[%d]: content parts must be text or image_url" % index)
            text = "".join(pieces)
        else:
            raise RequestError(400, "messages[%d]: content must be a string or a list of parts" % index)
        turns.append((message["role"], text))
    if turns[-1][0] != "user":
        raise RequestError(400, "the last message must be the user's")
    return turns, images


def make_handler(predictor, lock):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass

        def _send(self, status, body):
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _error(self, status, message):
            self._send(status, {"error": {"message": message, "type": "invalid_request_error" if status < 500 else "server_error"}})

        def do_GET(self):
            if self.path.rstrip("/") == "/v1/models":
                self._send(200, {"object": "list", "data": [{"id": predictor.model_id, "object": "model", "owned_by": "vift"}]})
            elif self.path.rstrip("/") in ("/health", "/healthz"):
                self._send(200, {"status": "ok"})
            else:
                self._error(404, "no route %s" % self.path)

        def do_POST(self):
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._error(404, "no route %s" % self.path)
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    request = json.loads(self.rfile.read(length) or b"null")
                except ValueError:
                    raise RequestError(400, "the body is not JSON")
                if not isinstance(request, dict):
                    raise RequestError(400, "the body must be a JSON object")
                if request.get("stream"):
                    raise RequestError(400, "streaming is not supported")
                turns, images = conversation_from_messages(request.get("messages"), predictor.config.image_size)
                max_tokens = request.get("max_tokens") or request.get("max_completion_tokens") or 64
                if not isinstance(max_tokens, int) or max_tokens < 1:
                    raise RequestError(400, "max_tokens must be a positive whole number")
                prompt = predictor.prompt_ids(turns)
                if len(prompt) >= predictor.config.max_length:
                    raise RequestError(400, "the prompt has %d tokens; the model holds %d" % (len(prompt), predictor.config.max_length))
                with lock:
                    ((text, completion_tokens, stopped),) = predictor.generate([prompt], torch.stack(images) if images else None, max_tokens)
            except RequestError as error:
                self._error(error.status, error.message)
                return
            except Exception as error:  # noqa: BLE001 - a failed request must not stop the server
                self._error(500, "%s: %s" % (type(error).__name__, error))
                return
            self._send(
                200,
                {
                    "id": "chatcmpl-%s" % uuid.uuid4().hex,
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": predictor.model_id,
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop" if stopped else "length"}],
                    "usage": {"prompt_tokens": len(prompt), "completion_tokens": completion_tokens, "total_tokens": len(prompt) + completion_tokens},
                },
            )

    return Handler


def add_arguments(parser):
    parser.add_argument("--checkpoint", required=True, help="a checkpoint-<step> folder, or a run's output folder")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port (printed in the serving event)")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    parser.add_argument("--bf16", action="store_true", help="bfloat16 autocast")


def run(args):
    device = "cuda" if args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available()) else "cpu"
    predictor = Predictor(args.checkpoint, device, args.bf16)
    server = http.server.ThreadingHTTPServer((args.host, args.port), make_handler(predictor, threading.Lock()))
    host, port = server.server_address[:2]
    events.emit("serving", host=host, port=port, url="http://%s:%d/v1" % (host, port), model=predictor.model_id)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
