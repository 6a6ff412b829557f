import type { CaptionAnnotation } from '../annotation.js';
import { readJsonMembers } from '../json/read-json-members.js';
import { describeRecord, idForMessage, isRecord, readId, readText, showValue } from '../json/record-fields.js';
import { LoadCounter, type LoaderOptions } from '../loader-options.js';
import { SourceFileError } from '../source-error.js';

/**
 * Streams the captions of a COCO captions file (`captions_train2017.json`, `captions_val2014.json`...):
 * one `caption` annotation per caption, text trimmed, `annotationId` the caption's id.
 *
 * Throws `SourceFileError` when the file has no `annotations` array or its annotations have no
 * `caption` (another kind of COCO file). A caption record with a bad image id or empty text is dropped
 * and counted in the report as malformed.
 */
export async function* loadCocoCaptions(options: LoaderOptions): AsyncGenerator<CaptionAnnotation> {
  const { file, images } = options;
  const counter = new LoadCounter('coco-caption', file);
  let sawAnnotations = false;
  const items = readJsonMembers(file, {
    keys: ['annotations'],
    onMember: (member) => {
      if (member.key === 'annotations' && member.path.length === 0 && member.type === 'array') sawAnnotations = true;
    },
  });
  for await (const item of items) {
    if (item.index < 0) continue;
    const record = isRecord(item.value) ? item.value : undefined;
    const id = idForMessage(record?.id);
    if (item.index === 0 && record !== undefined && !('caption' in record)) {
      throw new SourceFileError({
        file,
        message: `the annotations have no "caption"${'bbox' in record ? ' (they have "bbox": an instances file?)' : ''}`,
        fix: 'is it a COCO captions file? Pass captions_train2017.json or captions_val2017.json',
        key: 'annotations',
        index: 0,
        byteOffset: item.byteOffset,
        ...(id === undefined ? {} : { id }),
      });
    }
    const where = describeRecord({ key: 'annotations', index: item.index, id });
    const cocoId = readId(record?.image_id);
    const text = readText(record?.caption);
    if (record === undefined) counter.malformed(`${where}: not a JSON object`);
    else if (cocoId === undefined) counter.malformed(`${where}: "image_id" is ${showValue(record.image_id)}, not a whole number`);
    else if (text === undefined) counter.malformed(`${where}: "caption" is ${showValue(record.caption)}, not a non-empty string`);
    else if (counter.keeps(cocoId, images)) {
      counter.yielded();
      yield { kind: 'caption', dataset: 'coco-caption', cocoId, annotationId: id ?? `${cocoId}:${item.index}`, text };
    }
  }
  if (!sawAnnotations) {
    throw new SourceFileError({
      file,
      message: 'there is no "annotations" array',
      fix: 'is it a COCO captions file? Pass captions_train2017.json or captions_val2017.json from the COCO annotations archive',
    });
  }
  counter.finish(options.report);
}
