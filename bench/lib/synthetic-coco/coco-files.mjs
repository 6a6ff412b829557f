/**
 * COCO train2017 captions and instances in the official layout: `{"info", "licenses", "images",
 * "annotations"}` plus `"categories"` after the annotations in the instances file, written the way the
 * official 2017 files are (`"key": value` with no space after commas, floats printed as Python prints
 * them, "410.0"). Annotations come in id order with their images scattered, as in the real files, so a
 * reader cannot count on an image's annotations being together.
 */
import { join } from 'node:path';
import { jsonStringFor, pythonFloat, writeFileInChunks } from './json-writer.mjs';
import { normal, shuffle, streamRandom, WeightedTable } from './random-tools.mjs';
import { TextFactory } from './text.mjs';
import { categories } from './words.mjs';

export const captionsPath = 'coco/annotations/captions_train2017.json';
export const instancesPath = 'coco/annotations/instances_train2017.json';

const licenses = [
  ['http://creativecommons.org/licenses/by-nc-sa/2.0/', 'Attribution-NonCommercial-ShareAlike License'],
  ['http://creativecommons.org/licenses/by-nc/2.0/', 'Attribution-NonCommercial License'],
  ['http://creativecommons.org/licenses/by-nc-nd/2.0/', 'Attribution-NonCommercial-NoDerivs License'],
  ['http://creativecommons.org/licenses/by/2.0/', 'Attribution License'],
  ['http://creativecommons.org/licenses/by-sa/2.0/', 'Attribution-ShareAlike License'],
  ['http://creativecommons.org/licenses/by-nd/2.0/', 'Attribution-NoDerivs License'],
  ['http://flickr.com/commons/usage/', 'No known copyright restrictions'],
  ['http://www.usa.gov/copyright.shtml', 'United States Government Work'],
];
const licenseTable = new WeightedTable({ 1: 20, 2: 25, 3: 15, 4: 25, 5: 6, 6: 8, 7: 0.5, 8: 0.5 });

const header =
  '{"info": {"description": "Synthetic data in the format of COCO 2017 (benchmark input, not real annotations)","url": "http://cocodataset.org",' +
  '"version": "1.0","year": 2017,"contributor": "vift benchmarks","date_created": "2017/09/01"},"licenses": [' +
  licenses.map(([url, name], index) => `{"url": "${url}","id": ${index + 1},"name": "${name}"}`).join(',') +
  '],"images": [';

const twoDigits = (value) => String(value).padStart(2, '0');

/** The images array; drawn from its own stream, so both files list the very same images. */
async function writeImages(writer, plan) {
  const random = streamRandom(plan.seed, 'coco-images');
  const { ids, widths, heights } = plan.images;
  for (let index = 0; index < ids.length; index++) {
    const name = `${String(ids[index]).padStart(12, '0')}.jpg`;
    const date = `2013-11-${twoDigits(random.integer(14, 25))} ${twoDigits(random.integer(0, 23))}:${twoDigits(random.integer(0, 59))}:${twoDigits(random.integer(0, 59))}`;
    const flickr = `http://farm${random.integer(1, 9)}.staticflickr.com/${random.integer(1000, 8999)}/${random.integer(1_000_000_000, 9_999_999_999)}_${random.nextUint32().toString(16).padStart(8, '0')}ab_z.jpg`;
    const text =
      `${index === 0 ? '' : ','}{"license": ${licenseTable.pick(random)},"file_name": "${name}","coco_url": "http://images.cocodataset.org/train2017/${name}",` +
      `"height": ${heights[index]},"width": ${widths[index]},"date_captured": "${date}","flickr_url": "${flickr}","id": ${ids[index]}}`;
    if (writer.push(text)) await writer.flush();
  }
}

/** Category indexes of an image's objects (a view, not a copy). */
function categoriesOf(plan, imageIndex) {
  const { objectOffsets, objectCategory } = plan.images;
  return objectCategory.subarray(objectOffsets[imageIndex], objectOffsets[imageIndex + 1]);
}

/** Writes captions_train2017.json; resolves to its file summary. */
export async function writeCocoCaptions({ folder, plan }) {
  const random = streamRandom(plan.seed, 'coco-captions');
  const text = new TextFactory(random);
  const { ids, captionCounts } = plan.images;
  const string = jsonStringFor(plan);
  const slots = new Uint32Array(plan.counts.captions);
  let filled = 0;
  for (let index = 0; index < ids.length; index++) slots.fill(index, filled, (filled += captionCounts[index]));
  shuffle(random, slots);
  let captions = 0;
  const bytes = await writeFileInChunks(join(folder, captionsPath), async (writer) => {
    writer.push(header);
    await writeImages(writer, plan);
    writer.push('],"annotations": [');
    let id = 0;
    for (let slot = 0; slot < slots.length; slot++) {
      const imageIndex = slots[slot];
      id += 1 + Math.floor(random.next() * 1.8);
      const caption = text.caption(categoriesOf(plan, imageIndex));
      captions++;
      if (writer.push(`${slot === 0 ? '' : ','}{"image_id": ${ids[imageIndex]},"id": ${id},"caption": ${string(caption)}}`)) await writer.flush();
    }
    writer.push(']}');
  });
  return { file: captionsPath, bytes, records: { images: ids.length, captions } };
}

// Scratch space for one polygon's coordinates, in whole hundredths of a pixel (the files keep two decimals).
const scratch = new Int32Array(2 * 160);
const comma = 44;

/** What writing an instance's segmentation found out: its box and area, for the fields after it. */
class Shape {
  reset(pixels) {
    this.pixels = pixels;
    this.area = 0;
    this.minimumX = Infinity;
    this.minimumY = Infinity;
    this.maximumX = -Infinity;
    this.maximumY = -Infinity;
    return this;
  }

  include(x, y) {
    if (x < this.minimumX) this.minimumX = x;
    if (x > this.maximumX) this.maximumX = x;
    if (y < this.minimumY) this.minimumY = y;
    if (y > this.maximumY) this.maximumY = y;
  }

  /** `"bbox": [x,y,width,height]`: two-decimal floats for polygons, whole pixels for crowd masks. */
  writeBox(writer) {
    const values = [this.minimumX, this.minimumY, this.maximumX - this.minimumX, this.maximumY - this.minimumY];
    writer.push('"bbox": [');
    values.forEach((value, index) => {
      if (index > 0) writer.pushCode(comma);
      if (this.pixels) writer.pushInteger(value);
      else writer.pushHundredths(value);
    });
    writer.pushCode(93);
  }
}
const shape = new Shape();

/**
 * Writes a polygon around the centre of the box [x0, y0, width, height]: `points` vertices at sorted
 * angles with random radii, so it is simple (never crosses itself) and fills roughly 60% of its box.
 * Widens the shape's bounds (hundredths) and adds to its area (pixels).
 */
function writePolygon(writer, random, x0, y0, width, height, points) {
  const centreX = x0 + width / 2;
  const centreY = y0 + height / 2;
  writer.pushCode(91);
  for (let k = 0; k < points; k++) {
    const angle = (2 * Math.PI * (k + 0.8 * random.next())) / points;
    const radius = 0.55 + 0.45 * random.next();
    const x = Math.round((centreX + Math.cos(angle) * radius * (width / 2)) * 100);
    const y = Math.round((centreY + Math.sin(angle) * radius * (height / 2)) * 100);
    scratch[2 * k] = x;
    scratch[2 * k + 1] = y;
    shape.include(x, y);
    if (k > 0) writer.pushCode(comma);
    writer.pushHundredths(x);
    writer.pushCode(comma);
    writer.pushHundredths(y);
  }
  writer.pushCode(93);
  // Shoelace formula on whole hundredths: exact in doubles at these sizes.
  let twice = 0;
  for (let k = 0; k < points; k++) {
    const next = (k + 1) % points;
    twice += scratch[2 * k] * scratch[2 * next + 1] - scratch[2 * next] * scratch[2 * k + 1];
  }
  shape.area += Math.abs(twice) / 20_000;
}

/** An object's box size: COCO's are 41% small (< 32²), 34% medium, 24% large; median side about 38 px. */
function objectBox(random, imageWidth, imageHeight, scale = 1) {
  const side = Math.min(0.95 * Math.min(imageWidth, imageHeight), Math.max(2, scale * Math.exp(Math.log(38) + 1.19 * normal(random))));
  const aspect = Math.exp(0.5 * normal(random));
  const width = Math.min(imageWidth - 1, Math.max(2, (side / Math.sqrt(0.6)) * Math.sqrt(aspect)));
  const height = Math.min(imageHeight - 1, Math.max(2, side / Math.sqrt(0.6) / Math.sqrt(aspect)));
  return { side, width, height, x0: random.next() * (imageWidth - width), y0: random.next() * (imageHeight - height) };
}

/** A non-crowd segmentation: one polygon, sometimes two (an occluded object). */
function writePolygons(writer, random, imageWidth, imageHeight) {
  const { side, width, height, x0, y0 } = objectBox(random, imageWidth, imageHeight);
  shape.reset(false);
  const points = Math.min(160, Math.max(4, Math.round(6 + (side / 5) * Math.exp(0.4 * normal(random)))));
  writer.pushCode(91);
  if (random.chance(0.08)) {
    // Two pieces (an object cut by an occluder), side by side along the longer side so they never
    // overlap: the area is then the sum of the two.
    const split = 0.55 + 0.2 * random.next();
    if (width >= height) {
      writePolygon(writer, random, x0, y0, width * split, height, points);
      writer.pushCode(comma);
      writePolygon(writer, random, x0 + width * split, y0, width * (1 - split), height, Math.max(4, points >> 1));
    } else {
      writePolygon(writer, random, x0, y0, width, height * split, points);
      writer.pushCode(comma);
      writePolygon(writer, random, x0, y0 + height * split, width, height * (1 - split), Math.max(4, points >> 1));
    }
  } else {
    writePolygon(writer, random, x0, y0, width, height, points);
  }
  writer.pushCode(93);
  return pythonFloat(shape.area);
}

/**
 * A crowd segmentation: an uncompressed RLE mask (`{"counts": [...], "size": [height, width]}`,
 * column-major runs starting with zeros) with one run of ones per column; whole-pixel box and area.
 */
function writeCrowd(writer, random, imageWidth, imageHeight) {
  const box = objectBox(random, imageWidth, imageHeight, 3);
  const left = Math.floor(box.x0);
  const columns = Math.max(1, Math.min(imageWidth - left, Math.round(box.width)));
  const top0 = Math.max(1, Math.floor(box.y0));
  const span = Math.max(1, Math.min(imageHeight - top0 - 1, Math.round(box.height)));
  shape.reset(true);
  writer.push('{"counts": [');
  let previousEnd = 0;
  for (let column = 0; column < columns; column++) {
    // Each column's run wobbles a little inside the box, always leaving a zero above and below it.
    const top = top0 + Math.floor(random.next() * Math.max(1, span / 6));
    const length = Math.max(1, Math.min(imageHeight - 1 - top, span - Math.floor(random.next() * Math.max(1, span / 6))));
    if (column > 0) writer.pushCode(comma);
    writer.pushInteger(column === 0 ? left * imageHeight + top : imageHeight - previousEnd + top);
    writer.pushCode(comma);
    writer.pushInteger(length);
    previousEnd = top + length;
    shape.area += length;
    shape.include(left + column, top);
    shape.include(left + column + 1, previousEnd);
  }
  writer.pushCode(comma);
  writer.pushInteger(imageHeight - previousEnd + (imageWidth - left - columns) * imageHeight);
  writer.push(`],"size": [${imageHeight},${imageWidth}]}`);
  return String(shape.area);
}

/** Writes instances_train2017.json; resolves to its file summary. */
export async function writeCocoInstances({ folder, plan }) {
  const random = streamRandom(plan.seed, 'coco-instances');
  const { ids, widths, heights, objectOffsets, objectCategory } = plan.images;
  const objectImage = new Uint32Array(plan.counts.instances);
  for (let index = 0; index < ids.length; index++) objectImage.fill(index, objectOffsets[index], objectOffsets[index + 1]);
  const order = shuffle(random, Uint32Array.from({ length: objectImage.length }, (_, index) => index));
  // One crowd region per category and image at most, as in COCO; its id says which (900000000000 + category·10⁸ + image).
  const crowds = new Set();
  let instances = 0;
  let crowdCount = 0;
  const bytes = await writeFileInChunks(join(folder, instancesPath), async (writer) => {
    writer.push(header);
    await writeImages(writer, plan);
    writer.push('],"annotations": [');
    let id = 0;
    for (let slot = 0; slot < order.length; slot++) {
      const object = order[slot];
      const imageIndex = objectImage[object];
      const imageId = ids[imageIndex];
      const categoryId = categories[objectCategory[object]][0];
      let crowd = random.chance(0.0105);
      if (crowd && crowds.has(categoryId * 1_000_000 + imageId)) crowd = false;
      let annotationId;
      if (crowd) {
        crowds.add(categoryId * 1_000_000 + imageId);
        annotationId = 900_000_000_000 + categoryId * 100_000_000 + imageId;
        crowdCount++;
      } else {
        id += 1 + Math.floor(random.next() * 3.2);
        annotationId = id;
      }
      instances++;
      writer.push(slot === 0 ? '{"segmentation": ' : ',{"segmentation": ');
      const area = crowd ? writeCrowd(writer, random, widths[imageIndex], heights[imageIndex]) : writePolygons(writer, random, widths[imageIndex], heights[imageIndex]);
      writer.push(`,"area": ${area},"iscrowd": ${crowd ? 1 : 0},"image_id": ${imageId},`);
      shape.writeBox(writer);
      writer.push(`,"category_id": ${categoryId},"id": ${annotationId}}`);
      if (writer.full) await writer.flush();
    }
    writer.push('],"categories": [');
    writer.push(categories.map(([id, name, supercategory]) => `{"supercategory": "${supercategory}","id": ${id},"name": "${name}"}`).join(','));
    writer.push(']}');
  });
  return { file: instancesPath, bytes, records: { images: ids.length, instances, crowd: crowdCount, categories: categories.length } };
}
