import { open, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, useTempFolders } from './run-cli.js';

const makeFolder = useTempFolders();
const megabyte = 2 ** 20;

/** Writes a dataset whose one record holds a 300 MB string, a megabyte at a time. */
async function writeHugeRecord(file: string): Promise<number> {
  const handle = await open(file, 'w');
  try {
    await handle.write('[{"id": "huge", "conversations": [{"from": "human", "value": "');
    const block = Buffer.alloc(megabyte, 'a');
    for (let k = 0; k < 300; k++) await handle.write(block);
    await handle.write('"}, {"from": "gpt", "value": "ok"}]}]\n');
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
}

describe('vift convert on a record with a 300 MB string', () => {
  it('stops quickly in bounded memory with a record-too-large line that names --max-record-mb', async () => {
    const folder = await makeFolder();
    const input = join(folder, 'huge.json');
    const memoryReport = join(folder, 'peak-memory.txt');
    // Loaded into the child before the CLI: records its peak memory (resident set) when it exits.
    const reporter = join(folder, 'report-peak-memory.mjs');
    await writeFile(reporter, `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(memoryReport)}, String(process.resourceUsage().maxRSS * 1024)));\n`);
    try {
      const size = await writeHugeRecord(input);
      expect(size).toBeGreaterThan(300 * megabyte);
      const result = await runCli(['convert', input, join(folder, 'out.json'), '--to', 'sharegpt'], { nodeOptions: ['--import', reporter] });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `vift: ${input}: record 0 (id "huge") at byte 1: the record is 300.0 MB, over the 64.0 MB limit. Fix: raise --max-record-mb if the record is meant to be this large\n`,
      );
      expect(result.seconds).toBeLessThan(30);
      const peak = Number(await readFile(memoryReport, 'utf8'));
      // Reading the file whole would take over 300 MB as bytes and twice that as a string.
      expect(peak).toBeLessThan(250 * megabyte);
      expect((await readdir(folder)).sort()).toEqual(['huge.json', 'peak-memory.txt', 'report-peak-memory.mjs']);
    } finally {
      await rm(input, { force: true });
    }
  });
});
