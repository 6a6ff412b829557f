/** `COCO_val2014_000000397133.jpg` (2014 names) or `000000397133.jpg` (2017 names). */
const cocoFileName = /^(COCO_(?:train|val|test)20(?:14|15)_)?(\d{12})\.jpe?g$/i;
/** A folder that says COCO: `coco`, `coco-text`, `mscoco`, `images.cocodataset.org`, `train2017`... */
const cocoFolder = /coco|^(?:train|val|test)20(?:14|15|17)$/i;

/**
 * The COCO image id in an image path or URL as the annotation sets write them: `000000397133.jpg`,
 * `coco/train2017/000000397133.jpg`, `train2014/COCO_train2014_000000397133.jpg`,
 * `http://images.cocodataset.org/val2017/000000397133.jpg`. A bare 12-digit name counts only alone or
 * under a folder that says COCO, so other sets' numbered files (`llava_pretrain/images/00000/…`) do not.
 * Undefined for anything else.
 */
export function cocoIdFromImagePath(path: string): number | undefined {
  const parts = path.split(/[\\/]/).filter((part) => part !== '');
  const name = parts.pop();
  const match = name === undefined ? null : cocoFileName.exec(name);
  if (match === null) return undefined;
  const prefixed = match[1] !== undefined;
  if (!prefixed && parts.length > 0 && !parts.some((folder) => cocoFolder.test(folder))) return undefined;
  return Number(match[2]);
}
