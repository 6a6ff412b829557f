import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it, type ExpectStatic } from 'vitest';
import { runCli, useTempFolders, type CliResult } from './run-cli.js';

const makeFolder = useTempFolders();

const good = (id: string) =>
  JSON.stringify({ id, image: `${id}.jpg`, conversations: [{ from: 'human', value: '<image>\nWhat is it?' }, { from: 'gpt', value: 'A cat.' }] });

const latin1First = Buffer.concat([Buffer.from('[{"id": "a", "conversations": [{"from": "human", "value": "caf'), Buffer.from([0xe9]), Buffer.from('"}, {"from": "gpt", "value": "x"}]}]')]);
const latin1Later = Buffer.concat([Buffer.from(`[${good('a')}, {"id": "b", "conversations": [{"from": "human", "value": "`), Buffer.from([0xff]), Buffer.from('"}, {"from": "gpt", "value": "x"}]}]')]);

type BadInput = {
  name: string;
  file: string;
  content?: string | Buffer;
  args?: string[];
  exitCode: 1 | 2;
  /** Pieces the one line must hold, besides "vift: " and "Fix:". */
  says: Array<string | RegExp>;
};

const badInputs: BadInput[] = [
  {
    name: 'JSON truncated inside a record',
    file: 'cut.json',
    content: `[${good('a')},\n{"id": "b", "conversations": [{"from": "human", "value": "Wh`,
    exitCode: 1,
    says: ['record 1 (id "b")', 'the file ends inside this record'],
  },
  {
    name: 'JSON truncated after a record, without "]"',
    file: 'no-bracket.json',
    content: `[${good('a')},\n${good('b')}\n`,
    exitCode: 1,
    says: ['record 2', 'without the closing "]"'],
  },
  {
    name: 'a top-level object',
    file: 'object.json',
    content: `{"data": [${good('a')}]}`,
    exitCode: 1,
    says: ['the top level is a JSON object', '--from-container jsonl'],
  },
  {
    name: 'a wrong type',
    file: 'types.json',
    content: `[${good('a')}, {"id": "b", "conversations": [{"from": "human", "value": 42}, {"from": "gpt", "value": "x"}]}]`,
    exitCode: 1,
    says: ['record 1 (id "b")', 'turn 0', 'conversations[0].value'],
  },
  {
    name: 'roles out of order',
    file: 'roles.json',
    content: `[${good('a')}, {"id": "b", "conversations": [{"from": "human", "value": "Q"}, {"from": "gpt", "value": "A"}, {"from": "gpt", "value": "A2"}]}]`,
    exitCode: 1,
    says: ['record 1 (id "b")', 'turn 2', /found assistant/],
  },
  {
    name: 'an <image> count that does not match the images',
    file: 'count.json',
    content: `[${good('a')}, {"id": "b", "image": ["1.jpg", "2.jpg"], "conversations": [{"from": "human", "value": "<image>"}, {"from": "gpt", "value": "A"}]}]`,
    exitCode: 1,
    says: ['record 1 (id "b")', '1 "<image>" placeholder(s) in the turns but 2 image(s)'],
  },
  {
    name: 'invalid UTF-8 in the first record',
    file: 'latin1.json',
    content: latin1First,
    exitCode: 1,
    says: ['record 0 (id "a")', `invalid UTF-8 at byte ${latin1First.indexOf(0xe9)}`, 're-encode'],
  },
  {
    name: 'invalid UTF-8 in a later record',
    file: 'latin1-later.json',
    content: latin1Later,
    exitCode: 1,
    says: ['record 1 (id "b")', `invalid UTF-8 at byte ${latin1Later.indexOf(0xff)}`],
  },
  { name: 'an empty file', file: 'empty.json', content: '', exitCode: 1, says: ['the file is empty'] },
  { name: 'a whitespace-only file', file: 'blank.json', content: ' \n\n\t', exitCode: 1, says: ['only whitespace'] },
  { name: 'junk after "]"', file: 'junk.json', content: `[${good('a')}]\n]`, exitCode: 1, says: [`after the closing "]" (at byte ${good('a').length + 3})`] },
  { name: 'a missing comma between records', file: 'comma.json', content: `[${good('a')}\n${good('b')}]`, exitCode: 1, says: ['after record 0'] },
  { name: 'a missing file', file: 'missing.json', exitCode: 1, says: ['no such file'] },
  { name: 'an unknown --to format', file: 'fine.json', content: `[${good('a')}]`, args: ['--to', 'alpaca'], exitCode: 2, says: ['unknown format "alpaca"', 'llava, sharegpt'] },
  { name: 'a missing --to', file: 'fine.json', content: `[${good('a')}]`, args: [], exitCode: 2, says: ["required option '--to <format>'", 'vift convert --help'] },
  { name: 'an unknown option', file: 'fine.json', content: `[${good('a')}]`, args: ['--to', 'trl', '--bogus'], exitCode: 2, says: ["unknown option '--bogus'"] },
  { name: '--rejects without --on-invalid skip', file: 'fine.json', content: `[${good('a')}]`, args: ['--to', 'trl', '--rejects', 'r.jsonl'], exitCode: 2, says: ['add --on-invalid skip'] },
];

function expectOneLineError(expect: ExpectStatic, result: CliResult, exitCode: number): string {
  expect(result.code).toBe(exitCode);
  expect(result.stderr.endsWith('\n')).toBe(true);
  const lines = result.stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  const line = lines[0]!;
  expect(line.startsWith('vift: ')).toBe(true);
  expect(line).toContain('. Fix: ');
  expect(line).not.toMatch(/\bat (async )?\S+ \(|node:internal/);
  return line;
}

describe('vift convert on bad input', () => {
  for (const input of badInputs) {
    it.concurrent(`fails on ${input.name} with one line on stderr and no output left`, async ({ expect }) => {
      const folder = await makeFolder();
      const file = join(folder, input.file);
      if (input.content !== undefined) await writeFile(file, input.content);
      const before = await readdir(folder);
      const output = join(folder, 'out.json');
      const result = await runCli(['convert', file, output, ...(input.args ?? ['--to', 'sharegpt'])]);
      const line = expectOneLineError(expect, result, input.exitCode);
      if (input.exitCode === 1) expect(line.startsWith(`vift: ${file}: `)).toBe(true);
      for (const piece of input.says) {
        if (typeof piece === 'string') expect(line).toContain(piece);
        else expect(line).toMatch(piece);
      }
      expect(result.stdout).toBe('');
      expect(await readdir(folder)).toEqual(before);
    });
  }

  it.concurrent('exits 2 with one line for a usage mistake in any command', async ({ expect }) => {
    const mistakes = [['bogus'], ['validate'], ['validate', 'a.json', '--max-record-mb', 'lots'], ['convert', 'a', 'b', '--to', 'llava', '--on-invalid', 'maybe'], ['schema', 'extra']];
    // Each command is a separate commander object: every one must print one line and exit 2.
    const results = await Promise.all(mistakes.map((args) => runCli(args)));
    const lines = results.map((result) => expectOneLineError(expect, result, 2));
    expect(lines.map((line) => /^vift: (unknown command|[a-z]+:)/.exec(line)?.[1])).toEqual(['unknown command', 'validate:', 'validate:', 'convert:', 'schema:']);
  });
});
