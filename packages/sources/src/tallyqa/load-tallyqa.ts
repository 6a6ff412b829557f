import type { CountAnnotation } from '../annotation.js';
import { cocoIdFromImagePath } from '../instruct/coco-image-path.js';
import { readJsonArray } from '../json/read-json-array.js';
import { describeRecord, idForMessage, isRecord, readText, showValue } from '../json/record-fields.js';
import { LoadCounter, type LoaderOptions } from '../loader-options.js';
import { SourceFileError } from '../source-error.js';
import type { VisualGenomeImage } from '../visual-genome/load-visual-genome-images.js';

export type LoadTallyQaOptions = LoaderOptions & {
  /**
   * From `loadVisualGenomeImages`: VG image id → its COCO image. TallyQA asks about Visual Genome images
   * too (all of its test split); with the map, those that are COCO images are kept. Without it, or for
   * VG images without a COCO id, the questions are dropped and counted as not COCO.
   */
  vgToCoco?: ReadonlyMap<number, VisualGenomeImage>;
};

/** `VG_100K/2377385.jpg`, `VG_100K_2/2410408.jpg`: the VG image id is the file name. */
const visualGenomePath = /(?:^|[\\/])VG_100K(?:_2)?[\\/](\d+)\.jpe?g$/i;

/**
 * Streams a TallyQA file (`train.json`, `test.json`: a JSON array of `{image, image_id, question,
 * answer, question_id, data_source, issimple?}`) as `count` annotations, `annotationId` the question
 * id. The image is told by its `image` path: `train2014/COCO_train2014_….jpg` is a COCO image,
 * `VG_100K_2/….jpg` a Visual Genome one (whose `image_id` is not the VG id, so the path is read).
 *
 * Throws `SourceFileError` when the file is not a JSON array or its first record has no `answer` or
 * `image`. A record whose answer is not a whole number, or whose image path is neither COCO nor VG, is
 * dropped and counted as malformed.
 */
export async function* loadTallyQa(options: LoadTallyQaOptions): AsyncGenerator<CountAnnotation> {
  const { file, images, vgToCoco } = options;
  const counter = new LoadCounter('tallyqa', file);
  for await (const item of readJsonArray(file)) {
    const record = isRecord(item.value) ? item.value : undefined;
    const id = idForMessage(record?.question_id);
    if (item.index === 0 && record !== undefined) {
      const missing = ['image', 'question', 'answer'].find((key) => !(key in record));
      if (missing !== undefined) {
        throw new SourceFileError({
          file,
          message: `the records have no "${missing}"`,
          fix: 'is it a TallyQA file? Pass train.json or test.json from tallyqa.zip',
          index: 0,
          byteOffset: item.byteOffset,
          ...(id === undefined ? {} : { id }),
        });
      }
    }
    const where = describeRecord({ index: item.index, id });
    if (record === undefined) {
      counter.malformed(`${where}: not a JSON object`);
      continue;
    }
    const question = readText(record.question);
    const answer = readCount(record.answer);
    const path = typeof record.image === 'string' ? record.image : undefined;
    if (id === undefined) counter.malformed(`${where}: "question_id" is ${showValue(record.question_id)}, not a string or number`);
    else if (question === undefined) counter.malformed(`${where}: "question" is not a non-empty string`);
    else if (answer === undefined) counter.malformed(`${where}: "answer" is ${showValue(record.answer)}, not a whole number`);
    else if (path === undefined) counter.malformed(`${where}: "image" is ${showValue(record.image)}, not a path`);
    else {
      const cocoId = imageOf(path, vgToCoco);
      if (cocoId === 'unknown') counter.malformed(`${where}: "image" ${showValue(path)} is neither a COCO nor a Visual Genome path`);
      else if (cocoId === undefined) counter.notCoco();
      else if (counter.keeps(cocoId, images)) {
        counter.yielded();
        yield { kind: 'count', dataset: 'tallyqa', cocoId, annotationId: id, question, answer };
      }
    }
  }
  counter.finish(options.report);
}

/** The COCO id of a TallyQA image path; undefined for a VG image that is not (known as) a COCO image. */
function imageOf(path: string, vgToCoco: ReadonlyMap<number, VisualGenomeImage> | undefined): number | undefined | 'unknown' {
  const cocoId = cocoIdFromImagePath(path);
  if (cocoId !== undefined) return cocoId;
  const vgId = visualGenomePath.exec(path)?.[1];
  if (vgId === undefined) return 'unknown';
  return vgToCoco?.get(Number(vgId))?.cocoId;
}

/** A count: a whole number, or a string of digits. */
function readCount(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{1,9}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}
