"""A synthetic shapes dataset in LLaVA format, for runs on machines without Node (the GPU check).

The TypeScript package writes the same kind of scenes as a COCO source (``createSyntheticScenes``); this
writes training samples straight away: ``<output>/images/*.png`` and ``<output>/data.json`` with one
counting and one colour question per shape present.
"""

import json
import multiprocessing
import os
import random

SHAPES = ("circle", "square", "triangle")
COLORS = {"red": (220, 38, 38), "green": (34, 160, 60), "blue": (37, 84, 220), "yellow": (232, 196, 20), "purple": (140, 60, 180), "orange": (245, 125, 20)}
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five")


def _groups(generator):
    shapes = list(SHAPES)
    generator.shuffle(shapes)
    colors = list(COLORS)
    if generator.random() < 0.75:
        return [(shapes[0], generator.choice(colors), generator.choices([1, 2, 3, 4, 5], weights=[1, 2, 3, 4, 5])[0])]
    pairs = [(first, second) for first in range(1, 5) for second in range(1, 6 - first)]
    first, second = generator.choice(pairs)
    return [(shapes[0], generator.choice(colors), first), (shapes[1], generator.choice(colors), second)]


def _scene(job):
    from PIL import Image, ImageDraw

    index, seed, size, folder = job
    generator = random.Random("%d:%d" % (seed, index))
    groups = _groups(generator)
    image = Image.new("RGB", (size, size), (245, 245, 240))
    draw = ImageDraw.Draw(image)
    boxes = []
    for shape, color, count in groups:
        for _ in range(count):
            for scale in (1.0, 0.8, 0.6, 0.4, 0.3):
                side = max(4, int(size * generator.uniform(0.18, 0.28) * scale))
                placed = False
                for _ in range(200):
                    x, y = generator.randint(1, size - 1 - side), generator.randint(1, size - 1 - side)
                    if all(x > bx + bs or bx > x + side or y > by + bs or by > y + side for bx, by, bs in boxes):
                        placed = True
                        break
                if placed:
                    break
            boxes.append((x, y, side))
            fill = COLORS[color]
            if shape == "circle":
                draw.ellipse([x, y, x + side - 1, y + side - 1], fill=fill)
            elif shape == "square":
                draw.rectangle([x, y, x + side - 1, y + side - 1], fill=fill)
            else:
                draw.polygon([(x + side / 2, y), (x + side - 1, y + side - 1), (x, y + side - 1)], fill=fill)
    name = "%09d.png" % index
    image.save(os.path.join(folder, name))
    turns = []
    for shape, color, count in groups:
        turns.append(("How many %ss are there in the image? Answer the question with a number." % shape, str(count)))
        turns.append(("What color %s the %s%s? Answer the question with a short phrase." % ("is" if count == 1 else "are", shape, "" if count == 1 else "s"), color))
    generator.shuffle(turns)
    conversations = []
    for position, (question, answer) in enumerate(turns):
        conversations.append({"from": "human", "value": ("<image>\n" if position == 0 else "") + question})
        conversations.append({"from": "gpt", "value": answer})
    return {"id": "shapes-%d" % index, "image": "images/" + name, "conversations": conversations}


def add_arguments(parser):
    parser.add_argument("--output", required=True, help="the folder to write images/ and data.json into")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--image-size", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--processes", type=int, default=0, help="0: one per CPU")


def run(args):
    from . import events
    from .errors import TrainerError

    if args.count < 1 or args.image_size < 16:
        raise TrainerError("--count must be at least 1 and --image-size at least 16", "pass larger values")
    folder = os.path.join(args.output, "images")
    os.makedirs(folder, exist_ok=True)
    jobs = [(index, args.seed, args.image_size, folder) for index in range(args.count)]
    processes = args.processes or os.cpu_count() or 1
    if processes > 1:
        with multiprocessing.Pool(processes) as pool:
            records = pool.map(_scene, jobs, chunksize=64)
    else:
        records = [_scene(job) for job in jobs]
    path = os.path.join(args.output, "data.json")
    with open(path + ".tmp", "w", encoding="utf-8") as handle:
        json.dump(records, handle)
    os.replace(path + ".tmp", path)
    events.emit("end", samples=len(records), data=os.path.abspath(path), image_folder=os.path.abspath(args.output))
    return 0
