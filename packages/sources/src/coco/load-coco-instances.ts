import type { Box, ObjectAnnotation } from '../annotation.js';
import { readJsonMembers } from '../json/read-json-members.js';
import { describeRecord, idForMessage, isRecord, readId, readNumber, readText, showValue, type JsonRecord } from '../json/record-fields.js';
import { LoadCounter, type LoaderOptions } from '../loader-options.js';
import { SourceFileError } from '../source-error.js';
import { PendingObjects, type PendingObject } from './pending-objects.js';

/**
 * Streams the object instances of a COCO instances file (`instances_train2017.json`,
 * `instances_val2014.json`...): one `object` annotation per instance with its category name, its box in
 * pixels and `crowd` from `iscrowd`. Segmentations are not kept.
 *
 * The official files put `categories` after `annotations`: instances read before the categories are held
 * in packed pages (about 65 bytes each) and yielded, in file order, once the names are known.
 *
 * Throws `SourceFileError` when the file has no `annotations` or `categories` array, or its annotations
 * have no `bbox` and `category_id` (another kind of COCO file). An instance with a bad image id, box or
 * unknown category is dropped and counted in the report as malformed.
 */
export async function* loadCocoInstances(options: LoaderOptions): AsyncGenerator<ObjectAnnotation> {
  const { file, images } = options;
  const counter = new LoadCounter('coco-instances', file);
  const categories = new Map<number, string>();
  // Set from the member callback, so kept in an object the compiler does not narrow.
  const seen = { categories: 'unseen' as 'unseen' | 'reading' | 'read', annotations: false };
  const pending = new PendingObjects();
  const items = readJsonMembers(file, {
    keys: ['annotations', 'categories'],
    onMember: (member) => {
      if (member.path.length > 0) return;
      if (seen.categories === 'reading') seen.categories = 'read';
      if (member.key === 'categories' && member.type === 'array') seen.categories = 'reading';
      if (member.key === 'annotations' && member.type === 'array') seen.annotations = true;
    },
  });
  for await (const item of items) {
    if (item.index < 0) continue;
    if (item.key === 'categories') {
      readCategory(file, item.value, item.index, item.byteOffset, categories);
      continue;
    }
    const object = readInstance(file, item.value, item.index, item.byteOffset, counter);
    if (object === undefined || !counter.keeps(object.cocoId, images)) continue;
    if (seen.categories === 'read') {
      const annotation = named(object, categories, counter);
      if (annotation !== undefined) yield annotation;
    } else {
      pending.push(object);
    }
  }
  if (!seen.annotations) {
    throw new SourceFileError({
      file,
      message: 'there is no "annotations" array',
      fix: 'is it a COCO instances file? Pass instances_train2017.json or instances_val2017.json from the COCO annotations archive',
    });
  }
  if (seen.categories === 'unseen') {
    throw new SourceFileError({
      file,
      message: 'there is no "categories" array to name the objects',
      fix: 'pass the official instances file, which lists the 80 categories after the annotations',
    });
  }
  for (const object of pending.drain()) {
    const annotation = named(object, categories, counter);
    if (annotation !== undefined) yield annotation;
  }
  counter.finish(options.report);
}

function readCategory(file: string, value: unknown, index: number, byteOffset: number, categories: Map<number, string>): void {
  const id = isRecord(value) ? readId(value.id) : undefined;
  const name = isRecord(value) ? readText(value.name) : undefined;
  if (id === undefined || name === undefined) {
    // Without its name no instance of the category can be read: the file is broken, not one record.
    const shownId = isRecord(value) ? idForMessage(value.id) : undefined;
    throw new SourceFileError({
      file,
      message: 'a category needs a whole "id" and a "name"',
      fix: 'repair the categories, or download the official annotation file again',
      key: 'categories',
      index,
      byteOffset,
      ...(shownId === undefined ? {} : { id: shownId }),
    });
  }
  categories.set(id, name);
}

function readInstance(file: string, value: unknown, index: number, byteOffset: number, counter: LoadCounter): PendingObject | undefined {
  const record = isRecord(value) ? value : undefined;
  const id = idForMessage(record?.id);
  const where = describeRecord({ key: 'annotations', index, id });
  if (record === undefined) {
    counter.malformed(`${where}: not a JSON object`);
    return undefined;
  }
  if (index === 0 && !('bbox' in record) && !('category_id' in record)) {
    throw new SourceFileError({
      file,
      message: `the annotations have no "bbox" or "category_id"${'caption' in record ? ' (they have "caption": a captions file?)' : ''}`,
      fix: 'is it a COCO instances file? Pass instances_train2017.json or instances_val2017.json',
      key: 'annotations',
      index,
      byteOffset,
      ...(id === undefined ? {} : { id }),
    });
  }
  const cocoId = readId(record.image_id);
  const categoryId = readId(record.category_id);
  const box = readBox(record.bbox);
  const crowd = readCrowd(record);
  const problem =
    cocoId === undefined
      ? `"image_id" is ${showValue(record.image_id)}, not a whole number`
      : categoryId === undefined
        ? `"category_id" is ${showValue(record.category_id)}, not a whole number`
        : box === undefined
          ? `"bbox" is ${showValue(record.bbox)}, not [x, y, width, height] with a width and height of at least 0`
          : crowd === undefined
            ? `"iscrowd" is ${showValue(record.iscrowd)}, not 0 or 1`
            : undefined;
  if (problem !== undefined || cocoId === undefined || categoryId === undefined || box === undefined || crowd === undefined) {
    counter.malformed(`${where}: ${problem ?? 'malformed'}`);
    return undefined;
  }
  return { annotationId: id ?? `${cocoId}:${index}`, cocoId, categoryId, box, crowd, index };
}

function readBox(value: unknown): Box | undefined {
  if (!Array.isArray(value) || value.length !== 4) return undefined;
  const [x, y, width, height] = value.map(readNumber);
  if (x === undefined || y === undefined || width === undefined || height === undefined || width < 0 || height < 0) return undefined;
  return [x, y, width, height];
}

function readCrowd(record: JsonRecord): boolean | undefined {
  const value = record.iscrowd;
  if (value === undefined || value === 0 || value === false) return false;
  if (value === 1 || value === true) return true;
  return undefined;
}

function named(object: PendingObject, categories: ReadonlyMap<number, string>, counter: LoadCounter): ObjectAnnotation | undefined {
  const category = categories.get(object.categoryId);
  if (category === undefined) {
    counter.malformed(`${describeRecord({ key: 'annotations', index: object.index, id: object.annotationId })}: "category_id" ${object.categoryId} is not in "categories"`);
    return undefined;
  }
  counter.yielded();
  return { kind: 'object', dataset: 'coco-instances', cocoId: object.cocoId, annotationId: object.annotationId, category, box: object.box, crowd: object.crowd };
}
