import { readFile } from 'node:fs/promises';
import type { CaptionRecord } from '../evaluate-captions.js';
import { EvalFileError } from './eval-file-error.js';
import { isRecord } from './read-json-lines.js';

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new EvalFileError({ file, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, fix: 'check the path', cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EvalFileError({ file, message: 'the file is not JSON', fix: 'pass a COCO captions file or a COCO results file', cause: error });
  }
}

/**
 * Caption records from a COCO captions annotation file (references, ordered by the file's `images` list
 * as pycocoevalcap orders them, each image's captions in file order) or from a COCO results file, an array
 * of `{image_id, caption}` (predictions, in file order).
 */
export async function readCocoCaptions(file: string): Promise<CaptionRecord[]> {
  const json = await readJson(file);
  const toRecord = (entry: unknown, index: number): CaptionRecord => {
    if (!isRecord(entry) || typeof entry.caption !== 'string') {
      throw new EvalFileError({ file, message: `entry ${index} has no caption string`, fix: 'give every entry an image_id and a caption' });
    }
    return { imageId: entry.image_id as CaptionRecord['imageId'], caption: entry.caption };
  };
  if (Array.isArray(json)) return json.map(toRecord);
  if (!isRecord(json) || !Array.isArray(json.annotations)) {
    throw new EvalFileError({ file, message: 'neither a COCO captions file nor a results array', fix: 'pass captions_*.json or a results file' });
  }
  const records = json.annotations.map(toRecord);
  if (!Array.isArray(json.images)) return records;
  const order = new Map<unknown, number>();
  json.images.forEach((image, index) => {
    if (isRecord(image)) order.set(image.id, index);
  });
  const rank = (record: CaptionRecord): number => order.get(record.imageId) ?? Number.MAX_SAFE_INTEGER;
  return records
    .map((record, index) => ({ record, index }))
    .sort((left, right) => rank(left.record) - rank(right.record) || left.index - right.index)
    .map(({ record }) => record);
}
