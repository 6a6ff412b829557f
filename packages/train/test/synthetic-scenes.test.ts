import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { crc32 as zlibCrc32, inflateSync } from 'node:zlib';
import { discoverSources, loadSource, loadSourceImages, type Annotation } from '@vift/sources';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyntheticScenes, encodePng, SCENE_COLORS, SyntheticScenesError, type SyntheticScenesResult } from '../src/scenes/index.js';
import { crc32 } from '../src/scenes/png-encoder.js';

/** The chunks of a PNG file, each CRC checked by node:zlib's own CRC-32. */
function readPng(bytes: Uint8Array): { width: number; height: number; colourType: number; rows: Uint8Array[] } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: { type: string; data: Uint8Array }[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = view.getUint32(at);
    const typeAndData = bytes.subarray(at + 4, at + 8 + length);
    expect(view.getUint32(at + 8 + length)).toBe(zlibCrc32(typeAndData));
    chunks.push({ type: new TextDecoder().decode(typeAndData.subarray(0, 4)), data: typeAndData.subarray(4) });
    at += 12 + length;
  }
  expect(chunks.map((chunk) => chunk.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  const header = new DataView(chunks[0]!.data.buffer, chunks[0]!.data.byteOffset, 13);
  const width = header.getUint32(0);
  const height = header.getUint32(4);
  expect(header.getUint8(8)).toBe(8);
  const raw = inflateSync(chunks[1]!.data);
  expect(raw.length).toBe(height * (width * 3 + 1));
  const rows = Array.from({ length: height }, (_, row) => {
    expect(raw[row * (width * 3 + 1)]).toBe(0); // filter: none
    return raw.subarray(row * (width * 3 + 1) + 1, (row + 1) * (width * 3 + 1));
  });
  return { width, height, colourType: header.getUint8(9), rows };
}

async function filesOf(folder: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    hashes.set(relative(folder, path), createHash('sha256').update(await readFile(path)).digest('hex'));
  }
  return hashes;
}

describe('PNG encoding', () => {
  it('computes PNG CRC-32 as zlib does', () => {
    const bytes = new TextEncoder().encode('IEND');
    expect(crc32(bytes)).toBe(0xae426082);
    const random = Uint8Array.from({ length: 1000 }, (_, index) => (index * 7919) % 251);
    expect(crc32(random.subarray(0, 400), random.subarray(400))).toBe(zlibCrc32(random));
  });

  it('writes an RGB image that decodes back to its pixels', () => {
    const pixels = Uint8Array.from({ length: 5 * 3 * 3 }, (_, index) => (index * 37) % 256);
    const png = readPng(encodePng({ width: 5, height: 3, pixels }));
    expect(png).toMatchObject({ width: 5, height: 3, colourType: 2 });
    expect(Buffer.concat(png.rows)).toEqual(Buffer.from(pixels));
  });

  it('refuses a size that does not match the pixels', () => {
    expect(() => encodePng({ width: 4, height: 4, pixels: new Uint8Array(47) })).toThrow(/48/);
    expect(() => encodePng({ width: 0, height: 4, pixels: new Uint8Array(0) })).toThrow(RangeError);
  });
});

describe('createSyntheticScenes', () => {
  let root = '';
  let train: SyntheticScenesResult;
  let val: SyntheticScenesResult;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vift-scenes-'));
    train = await createSyntheticScenes({ count: 300, seed: 11, imageSize: 48, outputDirectory: join(root, 'a') });
    val = await createSyntheticScenes({ count: 40, seed: 11, imageSize: 48, outputDirectory: join(root, 'a'), split: 'val' });
  });

  afterAll(async () => {
    if (root !== '') await rm(root, { recursive: true, force: true });
  });

  it('draws 1 to 5 objects that do not overlap, each painted in its colour where its box says', async () => {
    for (const scene of train.scenes) {
      expect(scene.objects.length).toBeGreaterThanOrEqual(1);
      expect(scene.objects.length).toBeLessThanOrEqual(5);
      const png = readPng(await readFile(join(train.imageFolder, scene.fileName)));
      expect([png.width, png.height]).toEqual([48, 48]);
      for (const [index, object] of scene.objects.entries()) {
        const [x, y, width, height] = object.box;
        expect(width).toBe(height);
        expect(x).toBeGreaterThanOrEqual(1);
        expect(y).toBeGreaterThanOrEqual(1);
        expect(x + width).toBeLessThanOrEqual(47);
        expect(y + height).toBeLessThanOrEqual(47);
        expect(object.area).toBeGreaterThan(0);
        expect(object.area).toBeLessThanOrEqual(width * height);
        for (const other of scene.objects.slice(index + 1)) {
          const [otherX, otherY, otherWidth, otherHeight] = other.box;
          const apart = x > otherX + otherWidth || otherX > x + width || y > otherY + otherHeight || otherY > y + height;
          expect(apart).toBe(true);
        }
        // A point inside every shape: centred across, three quarters down (inside the triangle's base half).
        const column = Math.floor(x + width / 2);
        const row = Math.floor(y + (height * 3) / 4);
        expect([...png.rows[row]!.subarray(column * 3, column * 3 + 3)]).toEqual([...SCENE_COLORS[object.color]]);
      }
      // Groups say the same as the objects: one colour per shape, and the counts.
      for (const group of scene.groups) {
        const members = scene.objects.filter((object) => object.shape === group.shape);
        expect(members).toHaveLength(group.count);
        expect(new Set(members.map((object) => object.color))).toEqual(new Set([group.color]));
      }
    }
  });

  it('captions the scene in words', () => {
    const captions = new Set(train.scenes.map((scene) => scene.caption));
    for (const caption of captions) expect(caption).toMatch(/^(?:(?:an? |two |three |four |five )\w+ (?:circle|square|triangle)s?(?: and |$))+$/);
    const scene = train.scenes.find((candidate) => candidate.groups.length === 2 && candidate.groups[0]!.count === 2 && candidate.groups[1]!.count === 1)!;
    const [first, second] = scene.groups;
    const article = /^[aeiou]/.test(second!.color) ? 'an' : 'a';
    expect(scene.caption).toBe(`two ${first!.color} ${first!.shape}s and ${article} ${second!.color} ${second!.shape}`);
  });

  it('balances the answers of "how many" asked once per shape present', async () => {
    const many = await createSyntheticScenes({ count: 3000, seed: 3, imageSize: 16, outputDirectory: join(root, 'many') });
    const answers = many.scenes.flatMap((scene) => scene.groups.map((group) => group.count));
    for (let count = 1; count <= 5; count++) {
      const share = answers.filter((answer) => answer === count).length / answers.length;
      expect(share).toBeGreaterThan(0.17);
      expect(share).toBeLessThan(0.23);
    }
    const colours = new Set(many.scenes.flatMap((scene) => scene.groups.map((group) => group.color)));
    expect(colours.size).toBe(6);
  });

  it('is deterministic: the same options write the same bytes, another seed other scenes', async () => {
    const again = await createSyntheticScenes({ count: 300, seed: 11, imageSize: 48, outputDirectory: join(root, 'b') });
    await createSyntheticScenes({ count: 40, seed: 11, imageSize: 48, outputDirectory: join(root, 'b'), split: 'val' });
    expect(again.scenes).toEqual(train.scenes);
    const [first, second] = await Promise.all([filesOf(join(root, 'a')), filesOf(join(root, 'b'))]);
    expect(first.size).toBe(300 + 40 + 4);
    expect(second).toEqual(first);
    const other = await createSyntheticScenes({ count: 20, seed: 12, imageSize: 48, outputDirectory: join(root, 'c') });
    expect(other.scenes.map((scene) => scene.caption)).not.toEqual(train.scenes.slice(0, 20).map((scene) => scene.caption));
    // The first images do not depend on how many are drawn.
    expect((await createSyntheticScenes({ count: 5, seed: 11, imageSize: 48, outputDirectory: join(root, 'd') })).scenes).toEqual(train.scenes.slice(0, 5));
  });

  it('reads as a COCO source through discoverSources and loadSource', async () => {
    const discovered = await discoverSources(join(root, 'a'));
    expect(discovered.map((source) => [source.dataset, source.split, source.missing])).toEqual([
      ['coco-caption', 'train2017', []],
      ['coco-caption', 'val2017', []],
      ['coco-instances', 'train2017', []],
      ['coco-instances', 'val2017', []],
    ]);
    const images = await loadSourceImages(discovered);
    expect(images.size).toBe(340);
    expect(images.get(train.scenes[0]!.cocoId)).toEqual({ cocoId: 1, fileName: '000000000001.png', width: 48, height: 48, split: 'train2017' });
    expect(images.get(val.scenes[0]!.cocoId)?.split).toBe('val2017');
    const annotations: Annotation[] = [];
    for (const source of discovered) for await (const annotation of loadSource(source, { images })) annotations.push(annotation);
    const objects = annotations.filter((annotation) => annotation.kind === 'object');
    const expected = [...train.scenes, ...val.scenes].flatMap((scene) =>
      scene.objects.map((object) => ({ kind: 'object', dataset: 'coco-instances', cocoId: scene.cocoId, annotationId: String(object.annotationId), category: object.shape, box: object.box, crowd: false })),
    );
    expect(objects).toEqual(expected);
    const captions = annotations.filter((annotation) => annotation.kind === 'caption').map((annotation) => [annotation.cocoId, annotation.text]);
    expect(captions).toEqual([...train.scenes, ...val.scenes].map((scene) => [scene.cocoId, scene.caption]));
    const instances = JSON.parse(await readFile(train.instancesFile, 'utf8'));
    expect(Object.keys(instances)).toEqual(['info', 'licenses', 'images', 'annotations', 'categories']);
    expect(instances.categories).toEqual([
      { id: 1, name: 'circle', supercategory: 'shape' },
      { id: 2, name: 'square', supercategory: 'shape' },
      { id: 3, name: 'triangle', supercategory: 'shape' },
    ]);
    expect(instances.annotations[0]).toMatchObject({ iscrowd: 0, color: train.scenes[0]!.objects[0]!.color, area: train.scenes[0]!.objects[0]!.area });
  });

  const pillow = [process.env.VIFT_PYTHON, 'python3', '/usr/bin/python3'].find(
    (candidate) => candidate !== undefined && candidate !== '' && spawnSync(candidate, ['-c', 'import PIL'], { stdio: 'ignore' }).status === 0,
  );

  it.skipIf(pillow === undefined)('writes PNG files another decoder reads (Pillow)', () => {
    const file = join(train.imageFolder, train.scenes[0]!.fileName);
    const result = spawnSync(pillow!, ['-c', 'import sys; from PIL import Image; im = Image.open(sys.argv[1]); im.load(); print(im.mode, im.size, im.getpixel((0, 0)))', file], { encoding: 'utf8' });
    expect(result.stdout.trim()).toBe('RGB (48, 48) (245, 245, 240)');
  });

  it('rejects options out of range with an error naming the option', async () => {
    const output = join(root, 'bad');
    const cases: [Parameters<typeof createSyntheticScenes>[0], string][] = [
      [{ count: 0, outputDirectory: output }, 'count'],
      [{ count: 1.5, outputDirectory: output }, 'count'],
      [{ count: 1, imageSize: 8, outputDirectory: output }, 'imageSize'],
      [{ count: 1, seed: 0.5, outputDirectory: output }, 'seed'],
      [{ count: 1, split: 'test' as 'val', outputDirectory: output }, 'split'],
      [{ count: 1, objectSize: [0.3, 0.2], outputDirectory: output }, 'objectSize'],
      [{ count: 1, objectSize: [0.1, 0.5], outputDirectory: output }, 'objectSize'],
      [{ count: 1, outputDirectory: '' }, 'outputDirectory'],
    ];
    for (const [options, option] of cases) {
      const error = await createSyntheticScenes(options).catch((caught: unknown) => caught);
      expect(SyntheticScenesError.isInstance(error)).toBe(true);
      expect((error as SyntheticScenesError).option).toBe(option);
      expect((error as SyntheticScenesError).toLine()).toMatch(/^synthetic scenes: .+\. Fix: .+/);
    }
    const file = join(root, 'a-file');
    await writeFile(file, 'not a folder');
    const error = await createSyntheticScenes({ count: 2, outputDirectory: file }).catch((caught: unknown) => caught);
    expect((error as SyntheticScenesError).option).toBe('outputDirectory');
    expect((error as SyntheticScenesError).message).toContain(file);
  });
});
