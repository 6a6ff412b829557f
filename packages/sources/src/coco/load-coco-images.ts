import type { CocoImage } from '../annotation.js';
import { readJsonMembers } from '../json/read-json-members.js';
import { idForMessage, isRecord, readId, readNumber, showValue, type JsonRecord } from '../json/record-fields.js';
import { SourceFileError } from '../source-error.js';
import { splitFromFileName, splitFromImageRecord } from './coco-split.js';

export type LoadCocoImagesOptions = {
  /** Any COCO annotation file with an `images` array: captions, instances, keypoints, image info. */
  file: string;
};

/**
 * Streams the images of a COCO annotation file (2014 or 2017), with their size and split. The split comes
 * from the file name (`captions_train2017.json` → `train2017`), else from the image's `coco_url` or
 * 2014-style file name. Collect them into a map to filter other loaders by image:
 *
 * @example
 * const images = new Map<number, CocoImage>();
 * for await (const image of loadCocoImages({ file: 'instances_val2017.json' })) images.set(image.cocoId, image);
 *
 * Throws `SourceFileError` when the file has no `images` array, and for an image record without a whole
 * `id`, a `file_name` or a positive `width` and `height`: every other loader filters by this list, so a
 * broken one is not shortened silently.
 */
export async function* loadCocoImages(options: LoadCocoImagesOptions): AsyncGenerator<CocoImage> {
  const { file } = options;
  const fileSplit = splitFromFileName(file);
  let sawImages = false;
  const items = readJsonMembers(file, {
    keys: ['images'],
    onMember: (member) => {
      if (member.key === 'images' && member.path.length === 0 && member.type === 'array') sawImages = true;
    },
  });
  for await (const item of items) {
    if (item.index < 0) continue;
    yield toCocoImage(file, item.value, item.index, item.byteOffset, fileSplit);
  }
  if (!sawImages) {
    throw new SourceFileError({
      file,
      message: 'there is no "images" array',
      fix: 'pass a COCO annotation file such as captions_train2017.json or instances_val2017.json',
    });
  }
}

function toCocoImage(file: string, value: unknown, index: number, byteOffset: number, fileSplit: string | undefined): CocoImage {
  const fail: (message: string) => never = (message) => {
    const id = isRecord(value) ? idForMessage(value.id) : undefined;
    throw new SourceFileError({
      file,
      message,
      fix: 'repair this image record, or download the official annotation file again',
      key: 'images',
      index,
      byteOffset,
      ...(id === undefined ? {} : { id }),
    });
  };
  if (!isRecord(value)) fail('the image is not a JSON object');
  const record = value as JsonRecord;
  const cocoId = readId(record.id);
  if (cocoId === undefined) fail(`"id" is ${showValue(record.id)}, not a whole number`);
  const fileName = record.file_name;
  if (typeof fileName !== 'string' || fileName === '') fail('"file_name" is missing');
  const width = readNumber(record.width);
  const height = readNumber(record.height);
  if (width === undefined || width <= 0 || height === undefined || height <= 0) fail('"width" and "height" must be positive numbers');
  const split = fileSplit ?? splitFromImageRecord(fileName, record.coco_url);
  return split === undefined ? { cocoId, fileName, width, height } : { cocoId, fileName, width, height, split };
}
