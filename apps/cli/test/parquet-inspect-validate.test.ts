import { join } from 'node:path';
import { describe, it } from 'vitest';
import { convert, duckDb, sqlText } from './parquet-files.js';
import { fixturesPath, runCli, useTempFolders } from './run-cli.js';

const makeFolder = useTempFolders();
const fixture = join(fixturesPath, 'llava', 'llava-bench-in-the-wild-60.json');
const duckDbFile = join(fixturesPath, 'parquet', 'duckdb-llava-bench-in-the-wild-60.snappy.parquet');

describe('vift inspect', () => {
  it.concurrent('shows the schema, row groups and features of a file vift wrote', async ({ expect }) => {
    const folder = await makeFolder();
    const file = join(folder, 'data.parquet');
    await convert([fixture, file, '--to', 'parquet', '--layout', 'llava', '--compression', 'zstd', '--row-group-mb', '0.01']);
    const result = await runCli(['inspect', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${file.replaceAll('.', '\\.')}: 60 rows, [\\d.]+ kB, (\\d+) row group\\(s\\), zstd$`));
    expect(lines[1]).toMatch(/^created by: vift \d+\.\d+\.\d+/);
    const schemaStart = lines.indexOf('schema:');
    expect(lines.slice(schemaStart, schemaStart + 12)).toEqual([
      'schema:',
      '  optional binary id (STRING)',
      '  optional group image',
      '    optional binary bytes',
      '    optional binary path (STRING)',
      '  optional group conversations (LIST)',
      '    repeated group list',
      '      optional group element',
      '        optional binary from (STRING)',
      '        optional binary value (STRING)',
      '  optional binary meta (STRING)',
      'row groups:',
    ]);
    const groups = lines.filter((line) => /^ {2}\d+: \d+ rows, /.test(line));
    expect(groups.length).toBe(Number(/(\d+) row group\(s\)/.exec(lines[0]!)![1]));
    expect(groups.length).toBeGreaterThan(1);
    expect(groups.reduce((sum, line) => sum + Number(/: (\d+) rows/.exec(line)![1]), 0)).toBe(60);
    const features = lines.find((line) => line.startsWith('features: '))!;
    expect(JSON.parse(features.slice('features: '.length))).toEqual({
      id: { dtype: 'string', _type: 'Value' },
      image: { _type: 'Image' },
      conversations: [{ from: { dtype: 'string', _type: 'Value' }, value: { dtype: 'string', _type: 'Value' } }],
      meta: { dtype: 'string', _type: 'Value' },
    });
    expect(lines).toContain('metadata keys: huggingface');
  });

  it.concurrent("shows a DuckDB file's schema and says it has no features", async ({ expect }) => {
    const result = await runCli(['inspect', duckDbFile]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/: 60 rows, [\d.]+ kB, 1 row group\(s\), snappy$/);
    expect(lines[1]).toMatch(/^created by: DuckDB version v1\./);
    expect(lines).toContain('  optional binary image (STRING)');
    expect(lines).toContain('        optional binary from (STRING)');
    expect(lines).toContain('  optional binary category (STRING)');
    expect(lines).toContain('  0: 60 rows, 22.8 kB');
    expect(lines).toContain('features: none (no "huggingface" metadata)');
    const json = JSON.parse((await runCli(['inspect', duckDbFile, '--json'])).stdout) as Array<{ rows: number; features: unknown; codecs: string[] }>;
    expect(json.map(({ rows, features, codecs }) => ({ rows, features, codecs }))).toEqual([{ rows: 60, features: undefined, codecs: ['snappy'] }]);
  });
});

describe('vift validate', () => {
  it.concurrent('passes a Parquet file of valid rows, in either layout', async ({ expect }) => {
    const folder = await makeFolder();
    for (const layout of ['vift', 'llava']) {
      const file = join(folder, `${layout}.parquet`);
      await convert([fixture, file, '--to', 'parquet', '--layout', layout]);
      const result = await runCli(['validate', file]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^${file.replaceAll('.', '\\.')}: parquet \\(${layout} layout\\), [\\d.]+ kB, 60 records in `));
      expect(result.stdout).toContain('valid: 60  invalid: 0\n');
    }
    const duck = await runCli(['validate', duckDbFile, '--json']);
    expect(duck.code).toBe(0);
    expect(JSON.parse(duck.stdout)).toMatchObject({ format: 'parquet (llava layout)', records: 60, valid: 60, invalid: 0 });
  });

  it.concurrent('reports invalid rows of a DuckDB file by issue code and exits 1', async ({ expect }) => {
    const folder = await makeFolder();
    const file = join(folder, 'questions-only.parquet');
    // The dialogs cut after the question: each ends with the user's turn.
    await duckDb(`COPY (SELECT id, image, conversations[1:1] AS conversations, category FROM read_json(${sqlText(fixture)})) TO ${sqlText(file)} (FORMAT parquet)`);
    const result = await runCli(['validate', file, '--examples', '1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('valid: 0  invalid: 60\n');
    expect(result.stdout).toContain("role-order: 60 (fix: start with an optional system turn, then alternate user and assistant, ending with assistant)\n");
    expect(result.stdout).toContain("  record 0 (id \"wild-0\"), turn 0: the dialog ends with a user turn; it must end with the assistant's answer\n");
    expect(result.stdout).toContain('… and 59 more');
  });
});
