import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MmeQuestion } from '../mme-answers.js';
import type { MmeRow } from '../mme.js';
import { EvalFileError } from './eval-file-error.js';

async function readTabSeparated(folder: string, columns: number): Promise<{ category: string; file: string; line: number; cells: string[] }[]> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => name.endsWith('.txt') && !name.startsWith('.')).sort();
  } catch (error) {
    throw new EvalFileError({ file: folder, message: 'cannot read the folder', fix: 'pass the folder with one .txt file per MME subtask', cause: error });
  }
  const rows: { category: string; file: string; line: number; cells: string[] }[] = [];
  for (const name of names) {
    const file = join(folder, name);
    const text = await readFile(file, 'utf8');
    text.split('\n').forEach((content, index) => {
      const trimmed = content.replace(/\r$/, '');
      if (trimmed === '') return;
      const cells = trimmed.split('\t');
      if (cells.length < columns) {
        throw new EvalFileError({ file, line: index + 1, message: `${cells.length} tab-separated columns, expected ${columns}`, fix: 'write image, question, answer (and prediction) separated by tabs' });
      }
      rows.push({ category: name.slice(0, -'.txt'.length), file, line: index + 1, cells });
    });
  }
  return rows;
}

/** The MME ground truth: a folder of `<subtask>.txt` files of `image<TAB>question<TAB>Yes|No` lines. */
export async function readMmeQuestions(folder: string): Promise<MmeQuestion[]> {
  return (await readTabSeparated(folder, 3)).map(({ category, cells }) => ({ category, image: cells[0]!, question: cells[1]!, answer: cells[2]! }));
}

/** MME results as the evaluation tool reads them: the ground-truth lines with the model's answer as a fourth column. */
export async function readMmeResults(folder: string): Promise<MmeRow[]> {
  return (await readTabSeparated(folder, 4)).map(({ category, cells }) => ({
    category,
    image: cells[0]!,
    question: cells[1]!,
    answer: cells[2]!,
    prediction: cells.slice(3).join('\t'),
  }));
}
