import { readJsonArray } from '../json/read-json-array.js';
import { idForMessage, isRecord, readId, readNumber, showValue } from '../json/record-fields.js';
import { SourceFileError } from '../source-error.js';

/** A Visual Genome image that is also a COCO image. VG's copy may be sized differently from COCO's. */
export type VisualGenomeImage = {
  cocoId: number;
  /** The size of VG's copy, which VG boxes are measured in. */
  width?: number;
  height?: number;
};

export type LoadVisualGenomeImagesOptions = {
  /** Visual Genome's `image_data.json` (version 1.2 names the id `image_id`, version 1.0 `id`). */
  file: string;
};

/**
 * Reads Visual Genome's `image_data.json` into a map from VG image id to its COCO image, keeping only the
 * images whose `coco_id` is set (about half of VG's 108k); the other VG loaders drop annotations on
 * images missing from the map as not COCO. A `coco_id` written as a string of digits is read as the
 * number.
 *
 * Throws `SourceFileError` naming the file, the record index and the image id for a record without a
 * whole image id or with a `coco_id` that is neither null nor a whole number: the id is the join key to
 * COCO, and a file that has such ids is not the official one, so no image is dropped silently.
 */
export async function loadVisualGenomeImages(options: LoadVisualGenomeImagesOptions): Promise<Map<number, VisualGenomeImage>> {
  const { file } = options;
  const images = new Map<number, VisualGenomeImage>();
  for await (const item of readJsonArray(file)) {
    const record = isRecord(item.value) ? item.value : undefined;
    const rawId = record === undefined ? undefined : 'image_id' in record ? record.image_id : record.id;
    const fail = (message: string): SourceFileError => {
      const id = idForMessage(rawId);
      return new SourceFileError({
        file,
        message,
        fix: 'is it Visual Genome\'s image_data.json? Download it again from the Visual Genome site',
        index: item.index,
        byteOffset: item.byteOffset,
        ...(id === undefined ? {} : { id }),
      });
    };
    if (record === undefined) throw fail('the image record is not a JSON object');
    const vgId = readId(rawId);
    if (vgId === undefined) throw fail(`the image id ("image_id" or "id") is ${showValue(rawId)}, not a whole number`);
    const cocoId = readCocoId(record.coco_id);
    if (cocoId === 'malformed') throw fail(`"coco_id" is ${showValue(record.coco_id)}, not a whole number or null`);
    if (cocoId === undefined) continue;
    const width = readNumber(record.width);
    const height = readNumber(record.height);
    images.set(vgId, width !== undefined && height !== undefined && width > 0 && height > 0 ? { cocoId, width, height } : { cocoId });
  }
  return images;
}

/** null or absent: not a COCO image. */
function readCocoId(value: unknown): number | undefined | 'malformed' {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return readId(value) ?? 'malformed';
}
