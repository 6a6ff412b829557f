import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ViftError } from '@vift/schema';
import { EvalFileError, readCocoCaptions, readJsonLines, readLlavaAnswers, readMmeResults } from '../src/node/index.js';

const folder = await mkdtemp(join(tmpdir(), 'vift-eval-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const list: T[] = [];
  for await (const item of items) list.push(item);
  return list;
}

describe('file readers', () => {
  it('reads JSON lines with their line numbers, skipping blank lines', async () => {
    const file = join(folder, 'answers.jsonl');
    await writeFile(file, '{"question_id": 1, "text": "Yes"}\n\n{"question_id": 2, "text": "No", "prompt": "Is it?"}\n');
    expect(await collect(readJsonLines(file))).toEqual([
      { line: 1, value: { question_id: 1, text: 'Yes' } },
      { line: 3, value: { question_id: 2, text: 'No', prompt: 'Is it?' } },
    ]);
    expect(await readLlavaAnswers(file)).toEqual([
      { questionId: 1, prompt: '', text: 'Yes' },
      { questionId: 2, prompt: 'Is it?', text: 'No' },
    ]);
  });

  it('names the file and line of a broken JSON line', async () => {
    const file = join(folder, 'broken.jsonl');
    await writeFile(file, '{"question_id": 1, "text": "Yes"}\n{"question_id": 2,\n');
    const error = await readLlavaAnswers(file).catch((caught: unknown) => caught);
    expect(EvalFileError.isInstance(error)).toBe(true);
    expect(ViftError.isInstance(error)).toBe(true);
    expect((error as EvalFileError).toLine()).toBe(`${file}:2: the line is not JSON. Fix: write one JSON object per line`);
  });

  it('names a missing file', async () => {
    await expect(readCocoCaptions(join(folder, 'nothing.json'))).rejects.toThrow(/nothing\.json: cannot read the file \(ENOENT\)/);
    await expect(collect(readJsonLines(join(folder, 'nothing.jsonl')))).rejects.toThrow(EvalFileError);
  });

  it('reads COCO results arrays as predictions and refuses other JSON', async () => {
    const results = join(folder, 'results.json');
    await writeFile(results, JSON.stringify([{ image_id: 5, caption: 'a cat' }]));
    expect(await readCocoCaptions(results)).toEqual([{ imageId: 5, caption: 'a cat' }]);
    const other = join(folder, 'other.json');
    await writeFile(other, '{"info": {}}');
    await expect(readCocoCaptions(other)).rejects.toThrow('neither a COCO captions file nor a results array');
  });

  it('names an MME line with too few columns', async () => {
    const mmeFolder = join(folder, 'mme');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(mmeFolder);
    await writeFile(join(mmeFolder, 'color.txt'), '1.jpg\tIs it red? Please answer yes or no.\tYes\tYes\n2.jpg\tIs it blue?\tNo\n');
    await expect(readMmeResults(mmeFolder)).rejects.toThrow(/color\.txt:2: 3 tab-separated columns, expected 4/);
  });
});
