/**
 * What the kit holds before any text is written: the COCO images (ids, sizes, file order), how many
 * objects, captions and questions each gets and the categories of its objects, and the Visual Genome
 * images with their COCO link and region and QA counts. Everything is in typed arrays, so the plan is
 * small (about 3 MB at full scale) and travels to worker threads cheaply. The file writers read their
 * counts from here, which is what makes the totals exact.
 */
import { categories } from './words.mjs';
import { countsWithTotal, normal, pick, sampleSorted, shuffle, streamRandom, WeightedTable } from './random-tools.mjs';

/** The real sets' sizes at scale 1: COCO train2017, VQAv2 train2014 questions, VG's COCO overlap. */
export const fullScale = Object.freeze({
  images: 118_287,
  captions: 591_753,
  instances: 860_001,
  vqaQuestions: 443_757,
  vgCocoImages: 51_208,
  /** VG images without a COCO id (the real set has 56,869; a tenth of the overlap is enough to exercise the drop path). */
  vgOnlyImages: 5_121,
  vgRegionsPerImage: 50,
  vgQuestionsPerImage: 17,
  /** COCO image ids (train, val and test together) run up to this. */
  maximumCocoId: 581_929,
});

/** Image sizes as COCO has them: 640 on the long side, mostly 4:3 and 3:2, some portrait and square. */
const cocoSizes = new WeightedTable([
  [[640, 480], 17], [[640, 427], 15], [[480, 640], 10], [[640, 426], 5], [[640, 425], 4], [[640, 424], 4], [[427, 640], 4],
  [[640, 428], 2], [[500, 375], 3], [[640, 360], 2], [[612, 612], 1.5], [[640, 640], 1.5], [[375, 500], 1], [[500, 333], 2],
  [[426, 640], 2], [[424, 640], 1], [[640, 512], 1], [[640, 429], 1], [null, 14],
]);
const vgOnlySizes = new WeightedTable([[[800, 600], 50], [[800, 533], 15], [[500, 375], 8], [[600, 800], 10], [[800, 450], 5], [[640, 480], 7], [[533, 800], 5]]);
const categoryTable = new WeightedTable(categories.map(([, , , count], index) => [index, count]));

/** Checks the options a user passes, with a one-line message naming the option and the fix. */
export function checkedOptions({ seed = 1, scale = 1, vgRegionsPerImage = fullScale.vgRegionsPerImage } = {}) {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`--seed is ${seed}: give a whole number of 0 or more`);
  if (!Number.isFinite(scale) || scale <= 0 || Math.round(fullScale.images * scale) > fullScale.maximumCocoId) {
    throw new Error(`--scale is ${scale}: give a number above 0 and at most ${(fullScale.maximumCocoId / fullScale.images).toFixed(2)} (1 is full train2017)`);
  }
  if (!Number.isFinite(vgRegionsPerImage) || vgRegionsPerImage < 0 || vgRegionsPerImage > 1000) {
    throw new Error(`--vg-regions-per-image is ${vgRegionsPerImage}: give a number from 0 to 1000 (the real set has about 50)`);
  }
  return { seed, scale, vgRegionsPerImage };
}

/** The counts a kit of this scale has; exact, so a written kit can be checked against them. */
export function targetCounts(options) {
  const { scale, vgRegionsPerImage } = checkedOptions(options);
  const images = Math.max(1, Math.round(fullScale.images * scale));
  const vgCocoImages = Math.min(images, Math.round(fullScale.vgCocoImages * scale));
  const vgOnlyImages = Math.max(1, Math.round(fullScale.vgOnlyImages * scale));
  const vgImages = vgCocoImages + vgOnlyImages;
  return {
    images,
    captions: Math.min(7 * images, Math.max(5 * images, Math.round(fullScale.captions * scale))),
    instances: Math.round(fullScale.instances * scale),
    vqaQuestions: Math.min(7 * images, Math.round(fullScale.vqaQuestions * scale)),
    vgCocoImages,
    vgOnlyImages,
    vgImages,
    vgRegions: Math.round(vgImages * vgRegionsPerImage),
    vgQuestions: Math.round(vgImages * fullScale.vgQuestionsPerImage),
  };
}

export function planSyntheticSources(options) {
  const { seed, scale, vgRegionsPerImage } = checkedOptions(options);
  const counts = targetCounts({ seed, scale, vgRegionsPerImage });
  const random = streamRandom(seed, 'plan');
  const imageCount = counts.images;

  // Ids spread over COCO's whole id range, listed in no particular order as the official files list them.
  const imageIds = shuffle(random, sampleSorted(random, imageCount, 1, fullScale.maximumCocoId));
  const widths = new Uint16Array(imageCount);
  const heights = new Uint16Array(imageCount);
  for (let index = 0; index < imageCount; index++) {
    let size = cocoSizes.pick(random);
    if (size === null) size = random.chance(0.7) ? [640, random.integer(300, 639)] : [random.integer(300, 639), 640];
    [widths[index], heights[index]] = size;
  }

  // Objects: about 0.9% of train2017 images have none; the rest a long-tailed count (mean 7.3, max 93).
  const meanObjects = counts.instances / imageCount;
  const objectCounts = countsWithTotal({
    random,
    length: imageCount,
    total: counts.instances,
    minimum: 0,
    maximum: 93,
    draw: () => (random.chance(0.0086) ? 0 : Math.max(1, Math.round(Math.exp(Math.log(meanObjects * 0.75) + 0.75 * normal(random))))),
  });
  const objectOffsets = new Uint32Array(imageCount + 1);
  for (let index = 0; index < imageCount; index++) objectOffsets[index + 1] = objectOffsets[index] + objectCounts[index];
  // An image is about one to three things (a herd of zebras, a kitchen), plus strays.
  const objectCategory = new Uint8Array(counts.instances);
  for (let index = 0; index < imageCount; index++) {
    const themes = [categoryTable.pick(random), categoryTable.pick(random), categoryTable.pick(random)].slice(0, random.integer(1, 3));
    for (let object = objectOffsets[index]; object < objectOffsets[index + 1]; object++) {
      objectCategory[object] = random.chance(0.7) ? (random.chance(0.6) ? themes[0] : pick(random, themes)) : categoryTable.pick(random);
    }
  }

  const captionCounts = countsWithTotal({ random, length: imageCount, total: counts.captions, minimum: 5, maximum: 7, draw: () => 5, ArrayType: Uint8Array });
  const minimumQuestions = Math.min(3, Math.floor(counts.vqaQuestions / imageCount));
  const questionCounts = countsWithTotal({
    random,
    length: imageCount,
    total: counts.vqaQuestions,
    minimum: minimumQuestions,
    maximum: 7,
    draw: () => minimumQuestions + (random.chance(0.65) ? 1 : 0),
    ArrayType: Uint8Array,
  });

  // Visual Genome: ids in two ranges as VG_100K and VG_100K_2 have them, listed ascending as image_data.json is.
  const vgCount = counts.vgImages;
  const firstRange = Math.round(vgCount * 0.6);
  const secondRange = vgCount - firstRange;
  const vgIds = new Uint32Array(vgCount);
  vgIds.set(sampleSorted(random, firstRange, 1, Math.max(150_000, firstRange * 3)), 0);
  vgIds.set(sampleSorted(random, secondRange, 2_315_000, 2_315_000 + Math.max(102_997, secondRange * 3)), firstRange);
  const linked = shuffle(random, Uint8Array.from({ length: vgCount }, (_, index) => (index < counts.vgCocoImages ? 1 : 0)));
  const cocoImages = shuffle(random, sampleSorted(random, counts.vgCocoImages, 0, imageCount - 1));
  const vgCocoIndex = new Int32Array(vgCount).fill(-1);
  const vgWidths = new Uint16Array(vgCount);
  const vgHeights = new Uint16Array(vgCount);
  let nextCoco = 0;
  for (let index = 0; index < vgCount; index++) {
    if (linked[index] === 1) {
      const coco = cocoImages[nextCoco++];
      vgCocoIndex[index] = coco;
      // VG often holds a larger copy of the same Flickr photo (800 on the long side), so boxes need scaling.
      const factor = random.chance(0.7) ? 800 / Math.max(widths[coco], heights[coco]) : 1;
      vgWidths[index] = Math.round(widths[coco] * factor);
      vgHeights[index] = Math.round(heights[coco] * factor);
    } else {
      [vgWidths[index], vgHeights[index]] = vgOnlySizes.pick(random);
    }
  }
  const regionCounts = countsWithTotal({
    random,
    length: vgCount,
    total: counts.vgRegions,
    minimum: vgRegionsPerImage >= 1 ? 1 : 0,
    maximum: Math.ceil(vgRegionsPerImage * 4),
    draw: () => Math.round(vgRegionsPerImage * Math.exp(0.35 * normal(random) - 0.06)),
  });
  const vgQuestionCounts = countsWithTotal({
    random,
    length: vgCount,
    total: counts.vgQuestions,
    minimum: 0,
    maximum: fullScale.vgQuestionsPerImage * 8,
    draw: () => (random.chance(0.03) ? 0 : Math.round(fullScale.vgQuestionsPerImage * Math.exp(0.5 * normal(random) - 0.125))),
  });

  return {
    seed,
    scale,
    vgRegionsPerImage,
    counts,
    images: { ids: imageIds, widths, heights, objectOffsets, objectCategory, captionCounts, questionCounts },
    vg: { ids: vgIds, cocoIndex: vgCocoIndex, widths: vgWidths, heights: vgHeights, regionCounts, questionCounts: vgQuestionCounts },
  };
}
