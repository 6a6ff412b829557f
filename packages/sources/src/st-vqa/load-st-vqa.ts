import type { QuestionAnnotation } from '../annotation.js';
import { cocoIdFromImagePath } from '../instruct/coco-image-path.js';
import { readJsonMembers } from '../json/read-json-members.js';
import { describeRecord, idForMessage, isRecord, readText, showValue } from '../json/record-fields.js';
import { LoadCounter, type LoaderOptions } from '../loader-options.js';
import { SourceFileError } from '../source-error.js';
import { mostFrequent } from '../most-frequent-answer.js';

/**
 * Streams an ST-VQA training file (`train_task_1.json`, `train_task_2.json`, `train_task_3.json`:
 * `{"data": [{question_id, question, answers, file_path, file_name, set_name, ...}]}`) as `question`
 * annotations: `answer` the most frequent of `answers` (the first of equals), `answers` all of them,
 * `annotationId` the question id. ST-VQA draws its images from seven sets; only the COCO-Text ones
 * (`coco-text/COCO_train2014_….jpg`) are COCO images, and the others are dropped and counted as not COCO.
 *
 * Throws `SourceFileError` when the file has no `data` array, or its first record has no `answers` (the
 * test files keep them private). A record without question or answers is dropped and counted as
 * malformed.
 */
export async function* loadStVqa(options: LoaderOptions): AsyncGenerator<QuestionAnnotation> {
  const { file, images } = options;
  const counter = new LoadCounter('st-vqa', file);
  let sawData = false;
  const items = readJsonMembers(file, {
    keys: ['data'],
    onMember: (member) => {
      if (member.key === 'data' && member.path.length === 0 && member.type === 'array') sawData = true;
    },
  });
  for await (const item of items) {
    if (item.index < 0) continue;
    const record = isRecord(item.value) ? item.value : undefined;
    const id = idForMessage(record?.question_id);
    if (item.index === 0 && record !== undefined && !('answers' in record)) {
      throw new SourceFileError({
        file,
        message: 'the questions have no "answers" (a test file?)',
        fix: 'pass a training file: train_task_1.json, train_task_2.json or train_task_3.json',
        key: 'data',
        index: 0,
        byteOffset: item.byteOffset,
        ...(id === undefined ? {} : { id }),
      });
    }
    const where = describeRecord({ key: 'data', index: item.index, id });
    if (record === undefined) {
      counter.malformed(`${where}: not a JSON object`);
      continue;
    }
    const question = readText(record.question);
    const answers = Array.isArray(record.answers) ? record.answers.map(readText).filter((answer) => answer !== undefined) : [];
    const answer = mostFrequent(answers);
    const path = typeof record.file_path === 'string' ? record.file_path : typeof record.file_name === 'string' ? record.file_name : undefined;
    if (id === undefined) counter.malformed(`${where}: "question_id" is ${showValue(record.question_id)}, not a string or number`);
    else if (question === undefined) counter.malformed(`${where}: "question" is not a non-empty string`);
    else if (answer === undefined) counter.malformed(`${where}: "answers" is ${showValue(record.answers)}, not a list of answers`);
    else if (path === undefined) counter.malformed(`${where}: no "file_path" or "file_name"`);
    else {
      const cocoId = cocoIdFromImagePath(path);
      if (cocoId === undefined) counter.notCoco();
      else if (counter.keeps(cocoId, images)) {
        counter.yielded();
        yield { kind: 'question', dataset: 'st-vqa', cocoId, annotationId: id, question, answer, answers };
      }
    }
  }
  if (!sawData) {
    throw new SourceFileError({ file, message: 'there is no "data" array', fix: 'is it an ST-VQA file? Pass train_task_3.json (or task 1 or 2)' });
  }
  counter.finish(options.report);
}
