import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, useTempFolders } from './run-cli.js';

const tempFolder = useTempFolders();

/** A LLaVA file large enough that converting it takes a few seconds. */
async function writeLargeFile(path: string, records: number): Promise<void> {
  const stream = createWriteStream(path);
  stream.write('[');
  const answer = 'A long answer with ünïcödé and "quotes". '.repeat(40);
  for (let index = 0; index < records; index++) {
    const record = { id: String(index), image: `coco/train2017/${index}.jpg`, conversations: [{ from: 'human', value: '<image>\nWhat is it?' }, { from: 'gpt', value: answer }] };
    if (!stream.write(`${index === 0 ? '' : ','}${JSON.stringify(record)}`)) await once(stream, 'drain');
  }
  stream.end(']');
  await once(stream, 'close');
}

describe('vift convert interrupted', () => {
  it('stops on SIGINT with exit 130, one line, and leaves no output or temporary file', async () => {
    const folder = await tempFolder();
    const input = join(folder, 'large.json');
    await writeLargeFile(input, 60_000);
    const child = spawn(process.execPath, [binPath, 'convert', input, join(folder, 'out.jsonl'), '--to', 'trl'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // Wait until the temporary output exists, so the conversion is under way.
    for (let attempt = 0; attempt < 200 && !(await readdir(folder)).some((name) => name.includes('.tmp-')); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGINT');
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code).toBe(130);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^vift: interrupted: .*out\.jsonl was not written/);
    expect((await readdir(folder)).sort()).toEqual(['large.json']);
  });
});
