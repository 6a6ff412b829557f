import type { ExplainedAnswerAnnotation } from '../annotation.js';
import { readJsonArray } from '../json/read-json-array.js';
import { describeRecord, idForMessage, isRecord, readId, readText, showValue } from '../json/record-fields.js';
import { LoadCounter, type LoaderOptions } from '../loader-options.js';
import { SourceFileError } from '../source-error.js';
import { mostFrequent } from '../most-frequent-answer.js';

/**
 * Streams a VQA-E file (`VQA-E_train_set.json`, `VQA-E_val_set.json`: a JSON array of `{img_id,
 * question, answers, multiple_choice_answer, question_type, explanation: [sentence, score]}`) as
 * `explained-answer` annotations. The answer is `multiple_choice_answer`, else the most frequent of
 * `answers`; the explanation is the sentence (the score is left out). Records have no id of their own:
 * `annotationId` is the record's index in the file. Images are COCO 2014 ids.
 *
 * Throws `SourceFileError` when the file is not a JSON array or its first record has no `explanation`.
 * A record without image id, question, answer or explanation sentence is dropped and counted as
 * malformed.
 */
export async function* loadVqaE(options: LoaderOptions): AsyncGenerator<ExplainedAnswerAnnotation> {
  const { file, images } = options;
  const counter = new LoadCounter('vqa-e', file);
  for await (const item of readJsonArray(file)) {
    const record = isRecord(item.value) ? item.value : undefined;
    if (item.index === 0 && record !== undefined && !('explanation' in record)) {
      throw new SourceFileError({
        file,
        message: `the records have no "explanation"${'answers' in record ? ' (a VQA annotations file?)' : ''}`,
        fix: 'is it a VQA-E file? Pass VQA-E_train_set.json or VQA-E_val_set.json',
        index: 0,
        byteOffset: item.byteOffset,
      });
    }
    const where = describeRecord({ index: item.index, id: idForMessage(record?.img_id) });
    if (record === undefined) {
      counter.malformed(`${where}: not a JSON object`);
      continue;
    }
    const cocoId = readId(record.img_id);
    const question = readText(record.question);
    const answer = readText(record.multiple_choice_answer) ?? mostFrequent(record.answers);
    const explanation = readText(Array.isArray(record.explanation) ? record.explanation[0] : record.explanation);
    if (cocoId === undefined) counter.malformed(`${where}: "img_id" is ${showValue(record.img_id)}, not a whole number`);
    else if (question === undefined) counter.malformed(`${where}: "question" is not a non-empty string`);
    else if (answer === undefined) counter.malformed(`${where}: no "multiple_choice_answer" and no "answers"`);
    else if (explanation === undefined) counter.malformed(`${where}: "explanation" is ${showValue(record.explanation)}, not [sentence, score]`);
    else if (counter.keeps(cocoId, images)) {
      counter.yielded();
      yield { kind: 'explained-answer', dataset: 'vqa-e', cocoId, annotationId: String(item.index), question, answer, explanation };
    }
  }
  counter.finish(options.report);
}
