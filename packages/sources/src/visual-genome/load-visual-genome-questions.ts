import type { QuestionAnnotation } from '../annotation.js';
import { readText } from '../json/record-fields.js';
import { LoadCounter } from '../loader-options.js';
import type { VisualGenomeLoaderOptions } from './load-visual-genome-regions.js';
import { readVisualGenomeEntries } from './read-visual-genome-records.js';

/**
 * Streams Visual Genome's `question_answers.json` (`[{"id": 1, "qas": [{qa_id, image_id, question,
 * answer, ...}, ...]}, ...]`) as `question` annotations on COCO images, one per question, texts trimmed
 * and otherwise as VG wrote them (answers often end with a period: "Green."), `annotationId` the qa id.
 * Questions on VG images without a COCO id are dropped and counted as `droppedNotCoco`.
 *
 * Throws `SourceFileError` for a file that is not a top-level array, or whose records have no `qas`.
 * A question without text or answer is dropped and counted as malformed.
 */
export async function* loadVisualGenomeQuestions(options: VisualGenomeLoaderOptions): AsyncGenerator<QuestionAnnotation> {
  const { file, images } = options;
  const counter = new LoadCounter('vg-qa', file);
  const entries = readVisualGenomeEntries({
    file,
    listKey: 'qas',
    idKey: 'qa_id',
    expectedFile: 'question_answers.json',
    vgToCoco: options.vgToCoco,
    images,
    counter,
  });
  for await (const { entry, cocoId, where } of entries) {
    const question = readText(entry.question);
    const answer = readText(entry.answer);
    const qaId = entry.qa_id;
    if (question === undefined) counter.malformed(`${where}: "question" is not a non-empty string`);
    else if (answer === undefined) counter.malformed(`${where}: "answer" is not a non-empty string`);
    else if (typeof qaId !== 'number' && typeof qaId !== 'string') counter.malformed(`${where}: no "qa_id"`);
    else {
      counter.yielded();
      yield { kind: 'question', dataset: 'vg-qa', cocoId, annotationId: String(qaId), question, answer };
    }
  }
  counter.finish(options.report);
}
