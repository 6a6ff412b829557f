import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { PopeAnnotation } from '../pope.js';
import { EvalFileError } from './eval-file-error.js';
import { readJsonLines } from './read-json-lines.js';

/**
 * POPE annotations the way LLaVA's eval_pope.py pairs them: the labels of `coco_pope_<category>.json` in
 * `annotationFolder`, in file order, given to the questions of that category in the question file
 * (llava_pope_test.jsonl), in file order.
 */
export async function readLlavaPopeAnnotations(options: { questionFile: string; annotationFolder: string }): Promise<PopeAnnotation[]> {
  const questions: { questionId: string | number; category: string; line: number }[] = [];
  for await (const { line, value } of readJsonLines(options.questionFile)) {
    if (typeof value.category !== 'string') throw new EvalFileError({ file: options.questionFile, line, message: 'the question has no category', fix: 'use LLaVA\'s llava_pope_test.jsonl' });
    questions.push({ questionId: value.question_id as string | number, category: value.category, line });
  }
  const annotations: PopeAnnotation[] = [];
  const files = (await readdir(options.annotationFolder)).filter((name) => name.startsWith('coco_pope_') && name.endsWith('.json')).sort();
  for (const name of files) {
    const category = name.slice('coco_pope_'.length, -'.json'.length);
    const file = join(options.annotationFolder, name);
    const labels: PopeAnnotation['label'][] = [];
    for await (const { line, value } of readJsonLines(file)) {
      if (value.label !== 'yes' && value.label !== 'no') throw new EvalFileError({ file, line, message: 'the label is not "yes" or "no"', fix: 'use the POPE annotation files' });
      labels.push(value.label);
    }
    const inCategory = questions.filter((question) => question.category === category);
    if (inCategory.length !== labels.length) {
      throw new EvalFileError({
        file,
        message: `${labels.length} labels for ${inCategory.length} ${category} questions in ${basename(options.questionFile)}`,
        fix: 'use the POPE files of the commit LLaVA pins (e3e3926), whose lines align with the question file',
      });
    }
    inCategory.forEach((question, index) => annotations.push({ questionId: question.questionId, category, label: labels[index]! }));
  }
  return annotations;
}
