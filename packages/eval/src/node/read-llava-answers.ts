import type { LlavaMmeAnswer } from '../mme-answers.js';
import { EvalFileError } from './eval-file-error.js';
import { readJsonLines } from './read-json-lines.js';

/** A LLaVA answers file (`question_id`, `prompt`, `text` per line), as MME and POPE scoring take it. */
export async function readLlavaAnswers(file: string): Promise<LlavaMmeAnswer[]> {
  const answers: LlavaMmeAnswer[] = [];
  for await (const { line, value } of readJsonLines(file)) {
    if (typeof value.text !== 'string' || (typeof value.question_id !== 'string' && typeof value.question_id !== 'number')) {
      throw new EvalFileError({ file, line, message: 'the answer has no question_id or no text', fix: 'use the answers file the model run wrote' });
    }
    answers.push({ questionId: value.question_id as string, prompt: typeof value.prompt === 'string' ? value.prompt : '', text: value.text });
  }
  return answers;
}
