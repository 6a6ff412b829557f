import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { encodePng } from './png-encoder.js';
import { rasterizeScene } from './rasterize-scene.js';
import { sceneCaption } from './scene-caption.js';
import { DEFAULT_OBJECT_SIZE, placeObjects, SCENE_SHAPES, sceneGroups, type SceneColor, type SceneGroup, type SceneShape } from './scene-layout.js';
import { createSceneRandom, sceneSeed } from './scene-random.js';
import { SyntheticScenesError } from './synthetic-scenes-error.js';

export type SyntheticSplit = 'train' | 'val';

export type CreateSyntheticScenesOptions = {
  /** How many images to draw (1 to 1,000,000). */
  count: number;
  /** The same seed, split and size give byte-identical files (default 0). */
  seed?: number;
  /** Width and height in pixels (16 to 1024; default 64). */
  imageSize?: number;
  /** The sources folder: `annotations/` and the image folder are written into it. */
  outputDirectory: string;
  /** `train` (default) or `val`: the two draw different scenes from one seed and never share ids. */
  split?: SyntheticSplit;
  /**
   * The smallest and largest object side as fractions of the image side (default `[0.18, 0.28]`). A
   * narrow range makes counting easier to learn: the colour area then says the count.
   */
  objectSize?: readonly [number, number];
};

/** One object of a scene as its instance annotation records it. */
export type SceneObject = { annotationId: number; shape: SceneShape; color: SceneColor; box: [number, number, number, number]; area: number };

export type SyntheticScene = {
  cocoId: number;
  /** The file name inside the split's image folder (`000000000001.png`). */
  fileName: string;
  width: number;
  height: number;
  /** The shapes in the scene, each with its colour and count. */
  groups: SceneGroup[];
  objects: SceneObject[];
  caption: string;
};

export type SyntheticScenesResult = {
  split: SyntheticSplit;
  /** The COCO split name the files carry (`train2017`), which `discoverSources` reads from their names. */
  cocoSplit: string;
  /** The folder holding the PNG files. */
  imageFolder: string;
  instancesFile: string;
  captionsFile: string;
  scenes: SyntheticScene[];
};

const CATEGORY_IDS: Readonly<Record<SceneShape, number>> = { circle: 1, square: 2, triangle: 3 };
/** Keeps the val split's image ids clear of the train split's. */
const SPLIT_ID_OFFSET: Readonly<Record<SyntheticSplit, number>> = { train: 0, val: 1_000_000_000 };
const MAX_COUNT = 1_000_000;
const WRITE_BATCH = 64;

function checkOptions(options: CreateSyntheticScenesOptions): Required<CreateSyntheticScenesOptions> {
  const { count, seed = 0, imageSize = 64, outputDirectory, split = 'train', objectSize = DEFAULT_OBJECT_SIZE } = options;
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new SyntheticScenesError({ option: 'count', message: `count ${String(count)} is not a whole number from 1 to ${MAX_COUNT}`, fix: 'pass how many images to draw' });
  }
  if (!Number.isInteger(seed)) throw new SyntheticScenesError({ option: 'seed', message: `seed ${String(seed)} is not a whole number`, fix: 'pass a whole number' });
  if (!Number.isInteger(imageSize) || imageSize < 16 || imageSize > 1024) {
    throw new SyntheticScenesError({ option: 'imageSize', message: `imageSize ${String(imageSize)} is not a whole number from 16 to 1024`, fix: 'pass a size in pixels such as 32 or 64' });
  }
  if (split !== 'train' && split !== 'val') throw new SyntheticScenesError({ option: 'split', message: `split ${JSON.stringify(split)} is not "train" or "val"`, fix: 'pass "train" or "val"' });
  if (typeof outputDirectory !== 'string' || outputDirectory === '') {
    throw new SyntheticScenesError({ option: 'outputDirectory', message: 'outputDirectory is missing', fix: 'pass the folder to write the images and annotations into' });
  }
  const [smallest, largest] = Array.isArray(objectSize) ? objectSize : [];
  if (typeof smallest !== 'number' || typeof largest !== 'number' || !(smallest > 0) || !(largest >= smallest) || !(largest <= 0.4)) {
    throw new SyntheticScenesError({
      option: 'objectSize',
      message: `objectSize ${JSON.stringify(objectSize)} is not [smallest, largest] with 0 < smallest ≤ largest ≤ 0.4`,
      fix: 'pass object sides as fractions of the image side, such as [0.18, 0.28]',
    });
  }
  return { count, seed, imageSize, outputDirectory, split, objectSize: [smallest, largest] };
}

/** Draws one scene: every random choice comes from the seed, the split and the image's index alone. */
function drawScene(index: number, options: Required<CreateSyntheticScenesOptions>): { scene: SyntheticScene; png: Uint8Array; segmentations: number[][] } {
  const random = createSceneRandom(sceneSeed('vift-synthetic-scenes', options.seed, options.split, index));
  const groups = sceneGroups(random);
  const placed = placeObjects(random, groups, options.imageSize, options.objectSize);
  const { image, drawn } = rasterizeScene(placed, options.imageSize);
  const cocoId = SPLIT_ID_OFFSET[options.split] + index + 1;
  const objects = placed.map((object, position) => ({ annotationId: cocoId * 10 + position, shape: object.shape, color: object.color, box: object.box, area: drawn[position]!.area }));
  const scene: SyntheticScene = {
    cocoId,
    fileName: `${String(cocoId).padStart(12, '0')}.png`,
    width: options.imageSize,
    height: options.imageSize,
    groups,
    objects,
    caption: sceneCaption(groups),
  };
  return { scene, png: encodePng(image), segmentations: drawn.map((object) => object.segmentation) };
}

async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, JSON.stringify(value));
  await rename(temporary, file);
}

/**
 * Writes a folder of synthetic scenes that reads as a COCO source: PNG images of 1 to 5 circles,
 * squares and triangles in six colours on a plain background, never overlapping, with
 * `annotations/instances_<split>2017.json` (boxes `[x, y, width, height]`, pixel areas, outline
 * polygons, categories circle, square and triangle; each annotation also carries a `color`) and
 * `annotations/captions_<split>2017.json` ("two red circles and a blue square"). The files are named
 * like COCO 2017's so `discoverSources` and `loadSource` of `@vift/sources` find and read them as they
 * are; the images go to `<split>2017/`.
 *
 * Scenes are balanced for counting questions: asked once per shape present, "how many" has each answer
 * from 1 to 5 equally often. Objects of one shape share a colour within a scene.
 *
 * Deterministic: the same options give byte-identical files. Throws `SyntheticScenesError` for an
 * option out of range or a folder that cannot be written.
 */
export async function createSyntheticScenes(options: CreateSyntheticScenesOptions): Promise<SyntheticScenesResult> {
  const checked = checkOptions(options);
  const root = resolve(checked.outputDirectory);
  const cocoSplit = `${checked.split}2017`;
  const imageFolder = join(root, cocoSplit);
  const annotationFolder = join(root, 'annotations');
  const instancesFile = join(annotationFolder, `instances_${cocoSplit}.json`);
  const captionsFile = join(annotationFolder, `captions_${cocoSplit}.json`);
  const scenes: SyntheticScene[] = [];
  const instances: unknown[] = [];
  try {
    await mkdir(imageFolder, { recursive: true });
    await mkdir(annotationFolder, { recursive: true });
    for (let start = 0; start < checked.count; start += WRITE_BATCH) {
      const writes: Promise<void>[] = [];
      for (let index = start; index < Math.min(checked.count, start + WRITE_BATCH); index++) {
        const { scene, png, segmentations } = drawScene(index, checked);
        scenes.push(scene);
        scene.objects.forEach((object, position) =>
          instances.push({
            id: object.annotationId,
            image_id: scene.cocoId,
            category_id: CATEGORY_IDS[object.shape],
            segmentation: [segmentations[position]],
            area: object.area,
            bbox: object.box,
            iscrowd: 0,
            color: object.color,
          }),
        );
        writes.push(writeFile(join(imageFolder, scene.fileName), png));
      }
      await Promise.all(writes);
    }
    const info = {
      description: `vift synthetic shapes (${checked.split}, seed ${checked.seed}, ${checked.imageSize}px, object sides ${checked.objectSize.join('-')} of the image)`,
      version: '1.0',
      year: 2017,
      contributor: 'vift',
      date_created: '2017-01-01',
    };
    const images = scenes.map((scene) => ({ id: scene.cocoId, file_name: scene.fileName, width: scene.width, height: scene.height, license: 1 }));
    const licenses = [{ id: 1, name: 'Public domain: generated by vift', url: '' }];
    const categories = SCENE_SHAPES.map((shape) => ({ id: CATEGORY_IDS[shape], name: shape, supercategory: 'shape' }));
    // The official files list categories after the annotations; the loaders cope with either order.
    await writeJsonAtomically(instancesFile, { info, licenses, images, annotations: instances, categories });
    const captions = scenes.map((scene) => ({ id: scene.cocoId * 10 + 9, image_id: scene.cocoId, caption: scene.caption }));
    await writeJsonAtomically(captionsFile, { info, licenses, images, annotations: captions });
  } catch (error) {
    await rm(`${instancesFile}.tmp-${process.pid}`, { force: true }).catch(() => {});
    await rm(`${captionsFile}.tmp-${process.pid}`, { force: true }).catch(() => {});
    throw new SyntheticScenesError({
      option: 'outputDirectory',
      message: `cannot write into ${root} (${error instanceof Error ? error.message : String(error)})`,
      fix: 'pass a folder you can write to',
      cause: error,
    });
  }
  return { split: checked.split, cocoSplit, imageFolder, instancesFile, captionsFile, scenes };
}
