import { randomInt, weightedPick, type SceneRandom } from './scene-random.js';

export const SCENE_SHAPES = ['circle', 'square', 'triangle'] as const;
export type SceneShape = (typeof SCENE_SHAPES)[number];

/** The colours objects are painted in, far enough apart to name at a glance, and their RGB values. */
export const SCENE_COLORS = {
  red: [220, 38, 38],
  green: [34, 160, 60],
  blue: [37, 84, 220],
  yellow: [232, 196, 20],
  purple: [140, 60, 180],
  orange: [245, 125, 20],
} as const satisfies Record<string, readonly [number, number, number]>;
export type SceneColor = keyof typeof SCENE_COLORS;
export const SCENE_COLOR_NAMES = Object.keys(SCENE_COLORS) as SceneColor[];

/** Objects of one shape in a scene share one colour, so "what colour are the circles?" has one answer. */
export type SceneGroup = { shape: SceneShape; color: SceneColor; count: number };

/** One placed object: its pixel box `[x, y, width, height]`. */
export type PlacedObject = { shape: SceneShape; color: SceneColor; box: [number, number, number, number] };

export const MAX_SCENE_OBJECTS = 5;

/** Every `[a, b]` with a, b ≥ 1 and a + b ≤ 5: the counts of a two-shape scene. */
const PAIRS: [number, number][] = [];
for (let first = 1; first < MAX_SCENE_OBJECTS; first++) for (let second = 1; first + second <= MAX_SCENE_OBJECTS; second++) PAIRS.push([first, second]);

/**
 * The shapes, colours and counts of one scene. Three in four scenes hold one shape, its count drawn
 * with weight 1:2:3:4:5 for 1 to 5; the rest hold two shapes with a count pair drawn evenly among those
 * that total at most 5. Asking "how many" once per shape present then gives each answer from 1 to 5
 * equally often (a fifth each), so a model cannot do well on counting by always giving one number.
 */
export function sceneGroups(random: SceneRandom): SceneGroup[] {
  const color = (): SceneColor => SCENE_COLOR_NAMES[randomInt(random, 0, SCENE_COLOR_NAMES.length - 1)]!;
  const shapes = [...SCENE_SHAPES];
  const takeShape = (): SceneShape => shapes.splice(randomInt(random, 0, shapes.length - 1), 1)[0]!;
  if (random() < 0.75) {
    const count = weightedPick(random, [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]);
    return [{ shape: takeShape(), color: color(), count }];
  }
  const [first, second] = PAIRS[randomInt(random, 0, PAIRS.length - 1)]!;
  return [
    { shape: takeShape(), color: color(), count: first },
    { shape: takeShape(), color: color(), count: second },
  ];
}

const PLACEMENT_TRIES = 200;

/** Object sides as fractions of the image side: at 64 pixels, 12 to 18 pixels. */
export const DEFAULT_OBJECT_SIZE: readonly [number, number] = [0.18, 0.28];

/**
 * Places the groups' objects at random without overlap: boxes keep at least one pixel of background
 * between them and the image border. A crowded draw is retried with smaller objects.
 */
export function placeObjects(random: SceneRandom, groups: readonly SceneGroup[], imageSize: number, objectSize: readonly [number, number] = DEFAULT_OBJECT_SIZE): PlacedObject[] {
  const wanted = groups.flatMap((group) => Array.from({ length: group.count }, () => ({ shape: group.shape, color: group.color })));
  for (let scale = 1; ; scale *= 0.9) {
    const minimumSide = Math.max(4, Math.round(imageSize * objectSize[0] * scale));
    const maximumSide = Math.max(minimumSide, Math.round(imageSize * objectSize[1] * scale));
    const placed: PlacedObject[] = [];
    for (const object of wanted) {
      const side = randomInt(random, minimumSide, maximumSide);
      for (let attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
        const x = randomInt(random, 1, imageSize - 1 - side);
        const y = randomInt(random, 1, imageSize - 1 - side);
        const clear = placed.every(({ box: [otherX, otherY, otherWidth, otherHeight] }) => x > otherX + otherWidth || otherX > x + side || y > otherY + otherHeight || otherY > y + side);
        if (clear) {
          placed.push({ ...object, box: [x, y, side, side] });
          break;
        }
      }
    }
    if (placed.length === wanted.length) return placed;
    if (minimumSide === 4 && maximumSide === 4 && scale < 0.05) throw new RangeError(`cannot place ${wanted.length} objects in ${imageSize}×${imageSize} pixels`);
  }
}
