import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it, type ExpectStatic } from 'vitest';
import { convert, duckDb, flipBytesInColumn, sqlText } from './parquet-files.js';
import { fixturesPath, runCli, useTempFolders, type CliResult } from './run-cli.js';

// Parquet input that vift cannot read: every command says so in one line naming the file and the fix,
// exits 1 and leaves nothing behind.

const makeFolder = useTempFolders();
const fixture = join(fixturesPath, 'llava', 'llava-bench-in-the-wild-60.json');
const questions = join(fixturesPath, 'llava-bench-in-the-wild', 'questions.jsonl');

type BadParquet = {
  name: string;
  /** Writes the bad input into the folder; gives back its path and the file the message must name. */
  make(folder: string): Promise<{ input: string; names: string }>;
  says: string[];
  /** Whether `vift inspect` (which reads only the footer) fails too. */
  inspectFails: boolean;
};

const vift = async (folder: string, name: string, ...options: string[]) => {
  const file = join(folder, name);
  await convert([fixture, file, '--to', 'parquet', ...options]);
  return file;
};

const badInputs: BadParquet[] = [
  {
    name: 'a truncated file',
    async make(folder) {
      const good = await vift(folder, 'good.parquet');
      const bytes = await readFile(good);
      const input = join(folder, 'cut.parquet');
      await writeFile(input, bytes.subarray(0, Math.floor(bytes.length / 2)));
      await rename(good, join(folder, 'good.bin'));
      return { input, names: input };
    },
    says: ['the file ends without the Parquet footer (it is truncated)', 'Fix: write or download the file again'],
    inspectFails: true,
  },
  {
    name: 'a wrong magic number',
    async make(folder) {
      const good = await vift(folder, 'good.parquet');
      const bytes = await readFile(good);
      bytes.write('PARX', 0, 'latin1');
      const input = join(folder, 'magic.parquet');
      await writeFile(input, bytes);
      await rename(good, join(folder, 'good.bin'));
      return { input, names: input };
    },
    says: ['it is not a Parquet file (no "PAR1" magic number)'],
    inspectFails: true,
  },
  {
    name: 'columns of no known dataset (DuckDB)',
    async make(folder) {
      const input = join(folder, 'questions.parquet');
      await duckDb(`COPY (SELECT * FROM read_json(${sqlText(questions)})) TO ${sqlText(input)} (FORMAT parquet)`);
      return { input, names: input };
    },
    says: ['its columns (image, text, category, question_id) are not a dataset vift knows', 'it has no "messages" (vift, TRL) or "conversations" (LLaVA) column'],
    inspectFails: false,
  },
  {
    name: 'messages without the other vift columns (DuckDB)',
    async make(folder) {
      const input = join(folder, 'messages-only.parquet');
      await duckDb(`COPY (SELECT question_id, [{'role': 'user', 'content': text}] AS messages FROM read_json(${sqlText(questions)})) TO ${sqlText(input)} (FORMAT parquet)`);
      return { input, names: input };
    },
    says: ['a vift dataset also needs "id" and "images"'],
    inspectFails: false,
  },
  {
    name: 'a damaged data page, uncompressed',
    async make(folder) {
      const good = await vift(folder, 'good.parquet', '--compression', 'none');
      const input = join(folder, 'damaged.parquet');
      await flipBytesInColumn(good, 'messages.list.element.content', input);
      await rename(good, join(folder, 'good.bin'));
      return { input, names: input };
    },
    says: ['rows 0 to 59 cannot be decoded (column messages.list.element.content: page 1 does not match its checksum)', 'Fix: the file is damaged: write or download it again'],
    inspectFails: false,
  },
  {
    name: 'a damaged data page, snappy',
    async make(folder) {
      const good = await vift(folder, 'good.parquet', '--compression', 'snappy');
      const input = join(folder, 'damaged.parquet');
      await flipBytesInColumn(good, 'messages.list.element.content', input);
      await rename(good, join(folder, 'good.bin'));
      return { input, names: input };
    },
    says: ['rows 0 to 59 cannot be decoded (column messages.list.element.content: page 1 does not match its checksum)'],
    inspectFails: false,
  },
  {
    name: 'a folder whose shards mix layouts',
    async make(folder) {
      const input = join(folder, 'shards');
      await mkdir(input);
      await vift(input, 'train-00000-of-00002.parquet');
      const odd = await vift(input, 'train-00001-of-00002.parquet', '--layout', 'llava');
      return { input, names: odd };
    },
    says: ['it is in the llava layout but train-00000-of-00002.parquet beside it in the vift layout', 'Fix: keep one layout per folder'],
    inspectFails: false,
  },
];

/** Everything under a folder, recursively, as relative paths. */
async function listing(folder: string): Promise<string[]> {
  return (await readdir(folder, { recursive: true })).sort();
}

function expectOneLine(expect: ExpectStatic, result: CliResult, names: string, says: readonly string[]): string {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  const lines = result.stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  const line = lines[0]!;
  expect(line.startsWith(`vift: ${names}: `)).toBe(true);
  expect(line).toContain('. Fix: ');
  expect(line).not.toMatch(/\bat (async )?\S+ \(|node:internal/);
  for (const piece of says) expect(line).toContain(piece);
  return line;
}

describe('Parquet input vift cannot read', () => {
  for (const bad of badInputs) {
    it.concurrent(`${bad.name}: every command fails with one line and leaves nothing behind`, async ({ expect }) => {
      const folder = await makeFolder();
      const { input, names } = await bad.make(folder);
      const before = await listing(folder);
      const commands = [
        // To JSON: rows become records in worker threads.
        ['convert', input, join(folder, 'out.json'), '--to', 'llava'],
        // To a folder of Parquet shards: rows become samples on the main thread.
        ['convert', input, join(folder, 'out-shards'), '--to', 'parquet', '--shard-size', '1'],
        ['validate', input],
      ];
      const lines = [];
      for (const command of commands) lines.push(expectOneLine(expect, await runCli(command), names, bad.says));
      // One message, whichever way the rows were read.
      expect(new Set(lines).size).toBe(1);
      const inspected = await runCli(['inspect', input]);
      if (bad.inspectFails) expect(expectOneLine(expect, inspected, names, bad.says)).toBe(lines[0]);
      else expect(inspected.code).toBe(0);
      expect(await listing(folder)).toEqual(before);
    });
  }
});
