import { EvalFileError } from './eval-file-error.js';
import { readJsonLines } from './read-json-lines.js';

type Id = string | number;

/**
 * A references file, `{"question_id", "answer"}` (or `"text"`) per line, as a map from `keyOf(id)` to the
 * answer. A line without either, or a key given twice, is an error naming the line.
 */
export async function readReferenceAnswers<Key>(file: string, keyOf: (id: Id) => Key): Promise<Map<Key, string>> {
  const references = new Map<Key, string>();
  for await (const { line, value } of readJsonLines(file)) {
    const id = value.question_id;
    const answer = typeof value.answer === 'string' ? value.answer : value.text;
    if ((typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) || typeof answer !== 'string') {
      throw new EvalFileError({ file, line, message: 'the reference has no question_id or no answer/text', fix: 'write {"question_id", "answer"} per line' });
    }
    const key = keyOf(id);
    if (references.has(key)) throw new EvalFileError({ file, line, message: `question_id ${JSON.stringify(id)} has two references`, fix: 'keep one reference per question' });
    references.set(key, answer);
  }
  return references;
}
