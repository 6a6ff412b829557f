import type { ParagraphAnnotation } from '../annotation.js';
import { readJsonArray } from '../json/read-json-array.js';
import { describeRecord, idForMessage, isRecord, readId, readText, showValue } from '../json/record-fields.js';
import { LoadCounter, type LoaderOptions } from '../loader-options.js';
import { SourceFileError } from '../source-error.js';
import type { VisualGenomeImage } from '../visual-genome/load-visual-genome-images.js';

export type LoadImageParagraphsOptions = LoaderOptions & {
  /** From `loadVisualGenomeImages`: VG image id → its COCO image. Paragraphs on other VG images are dropped as not COCO. */
  vgToCoco: ReadonlyMap<number, VisualGenomeImage>;
  /** `train_split.json`, `val_split.json` or `test_split.json` (a JSON array of VG image ids): only that split's paragraphs. Default: all. */
  splitFile?: string;
};

/**
 * Streams Image Paragraph Captioning's `paragraphs_v1.json` (a JSON array of `{url, image_id,
 * paragraph}` on Visual Genome images) as `paragraph` annotations on COCO images: runs of whitespace in
 * the paragraph become one space, `annotationId` is the VG image id (one paragraph an image).
 *
 * Throws `SourceFileError` when a file is not a JSON array, when the first record has no `paragraph`,
 * and when the split file holds anything but image ids. A paragraph on a VG image without a COCO id is
 * dropped and counted as not COCO; one without image id or text, as malformed.
 */
export async function* loadImageParagraphs(options: LoadImageParagraphsOptions): AsyncGenerator<ParagraphAnnotation> {
  const { file, images, vgToCoco } = options;
  const counter = new LoadCounter('image-paragraph', file);
  const split = options.splitFile === undefined ? undefined : await readSplit(options.splitFile);
  for await (const item of readJsonArray(file)) {
    const record = isRecord(item.value) ? item.value : undefined;
    const id = idForMessage(record?.image_id);
    if (item.index === 0 && record !== undefined && !('paragraph' in record)) {
      throw new SourceFileError({
        file,
        message: 'the records have no "paragraph"',
        fix: 'is it Image Paragraph Captioning\'s paragraphs_v1.json?',
        index: 0,
        byteOffset: item.byteOffset,
        ...(id === undefined ? {} : { id }),
      });
    }
    const where = describeRecord({ index: item.index, id });
    if (record === undefined) {
      counter.malformed(`${where}: not a JSON object`);
      continue;
    }
    const vgId = readId(record.image_id) ?? idFromUrl(record.url);
    const text = readText(record.paragraph)?.replace(/\s+/g, ' ');
    if (vgId === undefined) counter.malformed(`${where}: "image_id" is ${showValue(record.image_id)}, not a whole number`);
    else if (split !== undefined && !split.has(vgId)) continue;
    else if (text === undefined) counter.malformed(`${where}: "paragraph" is not a non-empty string`);
    else {
      const cocoId = vgToCoco.get(vgId)?.cocoId;
      if (cocoId === undefined) counter.notCoco();
      else if (counter.keeps(cocoId, images)) {
        counter.yielded();
        yield { kind: 'paragraph', dataset: 'image-paragraph', cocoId, annotationId: String(vgId), text };
      }
    }
  }
  counter.finish(options.report);
}

/** The VG id in the image URL (`…/VG_100K_2/2388350.jpg`). */
function idFromUrl(url: unknown): number | undefined {
  const digits = typeof url === 'string' ? /\/(\d{1,15})\.jpe?g$/i.exec(url)?.[1] : undefined;
  return digits === undefined ? undefined : Number(digits);
}

async function readSplit(file: string): Promise<Set<number>> {
  const ids = new Set<number>();
  for await (const item of readJsonArray(file)) {
    const id = readId(item.value);
    if (id === undefined) {
      throw new SourceFileError({
        file,
        message: `${showValue(item.value)} is not an image id`,
        fix: 'pass train_split.json, val_split.json or test_split.json: a list of Visual Genome image ids',
        index: item.index,
        byteOffset: item.byteOffset,
      });
    }
    ids.add(id);
  }
  return ids;
}
