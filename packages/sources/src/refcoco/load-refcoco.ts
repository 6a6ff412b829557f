import { open } from 'node:fs/promises';
import type { Box, CocoImage, LoadReport, ReferringAnnotation } from '../annotation.js';
import { toSourceFileError } from '../json/read-file-chunks.js';
import { readJsonArray } from '../json/read-json-array.js';
import { readJsonMembers } from '../json/read-json-members.js';
import { describeRecord, idForMessage, isRecord, readId, readNumber, readText, showValue, type JsonRecord } from '../json/record-fields.js';
import { LoadCounter } from '../loader-options.js';
import { readPickleList } from '../pickle/read-pickle.js';
import { SourceFileError } from '../source-error.js';

/** The three sets of the refer toolkit, all on COCO train2014 images. */
export type RefcocoDataset = 'refcoco' | 'refcoco+' | 'refcocog';

export type LoadRefcocoOptions = {
  /**
   * The refs: `refs(unc).p` (RefCOCO, RefCOCO+), `refs(umd).p` or `refs(google).p` (RefCOCOg), a Python
   * pickle of a list of `{ref_id, ann_id, image_id, split, sentences: [{sent, raw, tokens}],
   * category_id}`; or the same list converted to a JSON array (`json.dump(refs, file)`).
   */
  refsFile: string;
  /** The `instances.json` beside it: the COCO boxes of the referred objects, and the category names. */
  instancesFile: string;
  dataset: RefcocoDataset;
  /** Only refs of these splits (`train`, `val`, `testA`, `testB`, `test`). Default: all. */
  splits?: readonly string[];
  /** The COCO images to keep, by COCO id; annotations on other images are dropped and counted. */
  images?: ReadonlyMap<number, CocoImage>;
  /** Called once, after the last annotation; the report's `file` is the refs file. */
  report?: (report: LoadReport) => void;
};

type Instance = { imageId: number; categoryId: number | undefined; box: Box };

/**
 * Streams a RefCOCO, RefCOCO+ or RefCOCOg set as `referring` annotations: one per ref, with every
 * sentence's `sent` (the refer toolkit's cleaned text; `raw` when there is none) as the expressions, the
 * referred object's box from `instances.json` in COCO pixels, the category's name, `annotationId` the
 * ref id.
 *
 * `instances.json` is streamed into an index of boxes first, then the refs are streamed: the pickle is
 * read by vift's own reader, which takes plain data only and never runs code from the file. A refs
 * file whose first byte is `[` is read as JSON instead.
 *
 * Throws `SourceFileError` when either file cannot be read, when the instances file has no
 * `annotations` array or the refs no `ann_id` or `sentences`. A ref whose object is not in the
 * instances file, whose image differs from its object's, or without a sentence is dropped and counted
 * as malformed.
 */
export async function* loadRefcoco(options: LoadRefcocoOptions): AsyncGenerator<ReferringAnnotation> {
  const { refsFile, dataset, images } = options;
  const counter = new LoadCounter(dataset, refsFile);
  const { instances, categories } = await indexInstances(options.instancesFile);
  const splits = options.splits === undefined ? undefined : new Set(options.splits);
  for await (const item of await readRefs(refsFile)) {
    const record = isRecord(item.value) ? item.value : undefined;
    const id = idForMessage(record?.ref_id);
    if (item.index === 0 && record !== undefined) {
      const missing = ['ann_id', 'sentences'].find((key) => !(key in record));
      if (missing !== undefined) {
        throw new SourceFileError({
          file: refsFile,
          message: `the refs have no "${missing}"`,
          fix: 'pass the refs file of the refer toolkit: refs(unc).p for RefCOCO and RefCOCO+, refs(umd).p for RefCOCOg',
          index: 0,
          ...(id === undefined ? {} : { id }),
        });
      }
    }
    const where = describeRecord({ index: item.index, id });
    if (record === undefined) {
      counter.malformed(`${where}: not a dict`);
      continue;
    }
    if (splits !== undefined && !(typeof record.split === 'string' && splits.has(record.split))) continue;
    const annotationId = readId(record.ann_id);
    const instance = annotationId === undefined ? undefined : instances.get(annotationId);
    const imageId = readId(record.image_id) ?? instance?.imageId;
    const expressions = readExpressions(record.sentences);
    if (id === undefined) counter.malformed(`${where}: "ref_id" is ${showValue(record.ref_id)}, not a number or string`);
    else if (annotationId === undefined) counter.malformed(`${where}: "ann_id" is ${showValue(record.ann_id)}, not a whole number`);
    else if (instance === undefined) counter.malformed(`${where}: object ${annotationId} is not in ${options.instancesFile}`);
    else if (imageId !== instance.imageId) counter.malformed(`${where}: "image_id" ${showValue(record.image_id)} is not its object's image ${instance.imageId}`);
    else if (expressions.length === 0) counter.malformed(`${where}: no sentence with text`);
    else if (counter.keeps(instance.imageId, images)) {
      counter.yielded();
      const category = categories.get(readId(record.category_id) ?? instance.categoryId ?? -1);
      const annotation: ReferringAnnotation = { kind: 'referring', dataset, cocoId: instance.imageId, annotationId: id, expressions, box: instance.box };
      if (category !== undefined) annotation.category = category;
      yield annotation;
    }
  }
  counter.finish(options.report);
}

/** The refs as records, from a pickle or, when the file starts with `[`, a JSON array. */
async function readRefs(file: string): Promise<AsyncIterable<{ index: number; value: unknown }>> {
  let first: number | undefined;
  try {
    const handle = await open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read({ buffer: Buffer.alloc(64), position: 0 });
      first = buffer.subarray(0, bytesRead).find((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw toSourceFileError(file, error);
  }
  if (first === undefined) throw new SourceFileError({ file, message: 'the file is empty', fix: 'download the refs file again' });
  return first === 0x5b ? readJsonArray(file) : readPickleList(file);
}

/** Every sentence's text, trimmed: `sent`, else `raw`. */
function readExpressions(sentences: unknown): string[] {
  if (!Array.isArray(sentences)) return [];
  const expressions: string[] = [];
  for (const sentence of sentences) {
    const text = isRecord(sentence) ? (readText(sentence.sent) ?? readText(sentence.raw)) : readText(sentence);
    if (text !== undefined) expressions.push(text);
  }
  return expressions;
}

/** The boxes of `instances.json` by annotation id, and the category names by id. */
async function indexInstances(file: string): Promise<{ instances: Map<number, Instance>; categories: Map<number, string> }> {
  const instances = new Map<number, Instance>();
  const categories = new Map<number, string>();
  let sawAnnotations = false;
  const items = readJsonMembers(file, {
    keys: ['annotations', 'categories'],
    onMember: (member) => {
      if (member.key === 'annotations' && member.path.length === 0 && member.type === 'array') sawAnnotations = true;
    },
  });
  for await (const item of items) {
    if (item.index < 0 || !isRecord(item.value)) continue;
    const record: JsonRecord = item.value;
    const id = readId(record.id);
    if (item.key === 'categories') {
      const name = readText(record.name);
      if (id !== undefined && name !== undefined) categories.set(id, name);
      continue;
    }
    const imageId = readId(record.image_id);
    const box = readBox(record.bbox);
    // An object without id, image or box cannot be referred to; a ref to it is counted when read.
    if (id !== undefined && imageId !== undefined && box !== undefined) instances.set(id, { imageId, categoryId: readId(record.category_id), box });
  }
  if (!sawAnnotations) {
    throw new SourceFileError({
      file,
      message: 'there is no "annotations" array',
      fix: "pass the instances.json of the refer toolkit's refcoco, refcoco+ or refcocog folder",
    });
  }
  return { instances, categories };
}

function readBox(value: unknown): Box | undefined {
  if (!Array.isArray(value) || value.length !== 4) return undefined;
  const numbers = value.map(readNumber);
  return numbers.every((number) => number !== undefined) ? (numbers as Box) : undefined;
}
