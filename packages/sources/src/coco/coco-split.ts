import { basename } from 'node:path';

const splitPattern = /(?:^|[^a-z])((?:train|val|test-dev|test|unlabeled)20\d\d)(?![0-9])/i;

/** The COCO split an annotation file is for, from its name: `captions_train2017.json` → `train2017`. */
export function splitFromFileName(file: string): string | undefined {
  return splitPattern.exec(basename(file))?.[1]?.toLowerCase();
}

/**
 * The split of one image, from its own record when the file name says nothing: the folder of its
 * `coco_url` (`…/val2017/000000397133.jpg`) or the 2014-style file name (`COCO_val2014_000000391895.jpg`).
 */
export function splitFromImageRecord(fileName: string, cocoUrl: unknown): string | undefined {
  if (typeof cocoUrl === 'string') {
    const folder = /\/((?:train|val|test-dev|test|unlabeled)20\d\d)\/[^/]+$/i.exec(cocoUrl)?.[1];
    if (folder !== undefined) return folder.toLowerCase();
  }
  return /^COCO_((?:train|val|test-dev|test)20\d\d)_/i.exec(fileName)?.[1]?.toLowerCase();
}
