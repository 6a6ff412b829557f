import type { Box, CocoImage } from '../annotation.js';
import { readJsonArray } from '../json/read-json-array.js';
import { describeRecord, idForMessage, isRecord, readId, type JsonRecord } from '../json/record-fields.js';
import type { LoadCounter } from '../loader-options.js';
import { SourceFileError } from '../source-error.js';
import type { VisualGenomeImage } from './load-visual-genome-images.js';

/** One annotation inside a VG per-image record, with what it needs to become a COCO annotation. */
export type VisualGenomeEntry = {
  entry: JsonRecord;
  cocoId: number;
  vgImage: VisualGenomeImage;
  /** Names the entry in a one-line reason: `record 3 (id 11) "regions"[7] (id 4182)`. */
  where: string;
};

/**
 * Walks a VG file of per-image records (`[{"id": 11, "regions": [...]}, ...]`), yielding each entry of
 * the list `listKey` whose image is a COCO image kept by `images`, and counting the others.
 * A first record without the list means another file was passed, and throws.
 */
export async function* readVisualGenomeEntries(options: {
  file: string;
  listKey: string;
  idKey: string;
  expectedFile: string;
  vgToCoco: ReadonlyMap<number, VisualGenomeImage>;
  images: ReadonlyMap<number, CocoImage> | undefined;
  counter: LoadCounter;
}): AsyncGenerator<VisualGenomeEntry> {
  const { file, listKey, idKey, vgToCoco, images, counter } = options;
  for await (const item of readJsonArray(file)) {
    const record = isRecord(item.value) ? item.value : undefined;
    const recordImageId = record === undefined ? undefined : 'id' in record ? record.id : record.image_id;
    const recordWhere = describeRecord({ index: item.index, id: idForMessage(recordImageId) });
    const list = record?.[listKey];
    if (!Array.isArray(list)) {
      if (item.index === 0) {
        const id = idForMessage(recordImageId);
        throw new SourceFileError({
          file,
          message: `the image records have no "${listKey}" list`,
          fix: `is it Visual Genome's ${options.expectedFile}?`,
          index: 0,
          byteOffset: item.byteOffset,
          ...(id === undefined ? {} : { id }),
        });
      }
      counter.malformed(`${recordWhere}: no "${listKey}" list`);
      continue;
    }
    for (let index = 0; index < list.length; index++) {
      const entry: unknown = list[index];
      const entryRecord = isRecord(entry) ? entry : undefined;
      const where = `${recordWhere} ${describeRecord({ key: listKey, index, id: idForMessage(entryRecord?.[idKey]) })}`;
      if (entryRecord === undefined) {
        counter.malformed(`${where}: not a JSON object`);
        continue;
      }
      const vgImageId = readId(entryRecord.image_id ?? recordImageId);
      if (vgImageId === undefined) {
        counter.malformed(`${where}: no whole image id`);
        continue;
      }
      const vgImage = vgToCoco.get(vgImageId);
      if (vgImage === undefined) {
        counter.notCoco();
        continue;
      }
      if (!counter.keeps(vgImage.cocoId, images)) continue;
      yield { entry: entryRecord, cocoId: vgImage.cocoId, vgImage, where };
    }
  }
}

/**
 * A VG box in pixels of the COCO image. VG measures boxes in its own copy of the image, whose size
 * `image_data.json` gives and which need not be COCO's, so boxes are scaled when both sizes are known
 * and differ (rounded to two decimals); otherwise the box is VG's as it is.
 */
export function toCocoBox(box: Box, vgImage: VisualGenomeImage, cocoImage: CocoImage | undefined): Box {
  if (cocoImage === undefined || vgImage.width === undefined || vgImage.height === undefined) return box;
  if (cocoImage.width === vgImage.width && cocoImage.height === vgImage.height) return box;
  const scaleX = cocoImage.width / vgImage.width;
  const scaleY = cocoImage.height / vgImage.height;
  return [round(box[0] * scaleX), round(box[1] * scaleY), round(box[2] * scaleX), round(box[3] * scaleY)];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
