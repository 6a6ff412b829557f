import type { StatementAnnotation } from '../annotation.js';
import { cocoIdFromImagePath } from '../instruct/coco-image-path.js';
import { readJsonArray, readJsonLines } from '../json/read-json-array.js';
import { describeRecord, isRecord, readText, showValue } from '../json/record-fields.js';
import { LoadCounter, type LoaderOptions } from '../loader-options.js';
import { SourceFileError } from '../source-error.js';

/**
 * Streams a Visual Spatial Reasoning file (`train.jsonl`, `dev.jsonl`, `test.jsonl` of the random or
 * zero-shot split, or `all_vsr_validated_data.jsonl`: one `{image, image_link, caption, label,
 * relation, ...}` a line; a `.json` file is read as a JSON array of the same records) as `statement`
 * annotations: the caption is the statement, `label` 1 true and 0 false, `relation` kept. The image is
 * a COCO 2017 file name (`000000050403.jpg`). Records have no id: `annotationId` is the line's index.
 *
 * Throws `SourceFileError` when a line is not JSON or the first record has no `caption` or `label`. A
 * record whose image is not a COCO file name is dropped and counted as not COCO; one without caption
 * or with a label other than 0 or 1, as malformed.
 */
export async function* loadVsr(options: LoaderOptions): AsyncGenerator<StatementAnnotation> {
  const { file, images } = options;
  const counter = new LoadCounter('vsr', file);
  const records = file.toLowerCase().endsWith('.json') ? readJsonArray(file) : readJsonLines(file);
  for await (const item of records) {
    const record = isRecord(item.value) ? item.value : undefined;
    if (item.index === 0 && record !== undefined) {
      const missing = ['image', 'caption', 'label'].find((key) => !(key in record));
      if (missing !== undefined) {
        throw new SourceFileError({
          file,
          message: `the records have no "${missing}"`,
          fix: 'is it a VSR file? Pass train.jsonl, dev.jsonl or test.jsonl from data/splits, or all_vsr_validated_data.jsonl',
          index: 0,
          byteOffset: item.byteOffset,
        });
      }
    }
    const where = describeRecord({ index: item.index });
    if (record === undefined) {
      counter.malformed(`${where}: not a JSON object`);
      continue;
    }
    const statement = readText(record.caption);
    const label = readLabel(record.label);
    const relation = readText(record.relation);
    const path = typeof record.image === 'string' ? record.image : typeof record.image_link === 'string' ? record.image_link : undefined;
    const cocoId = path === undefined ? undefined : cocoIdFromImagePath(path);
    if (statement === undefined) counter.malformed(`${where}: "caption" is not a non-empty string`);
    else if (label === undefined) counter.malformed(`${where}: "label" is ${showValue(record.label)}, not 0 or 1`);
    else if (path === undefined) counter.malformed(`${where}: "image" is ${showValue(record.image)}, not a file name`);
    else if (cocoId === undefined) counter.notCoco();
    else if (counter.keeps(cocoId, images)) {
      counter.yielded();
      const annotation: StatementAnnotation = { kind: 'statement', dataset: 'vsr', cocoId, annotationId: String(item.index), statement, label };
      if (relation !== undefined) annotation.relation = relation;
      yield annotation;
    }
  }
  counter.finish(options.report);
}

function readLabel(value: unknown): boolean | undefined {
  if (value === 1 || value === true) return true;
  if (value === 0 || value === false) return false;
  return undefined;
}
