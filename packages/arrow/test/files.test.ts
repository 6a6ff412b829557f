import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Sample } from '@vift/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { ArrowDatasetError } from '../src/index.js';
import { openArrowDataset, openArrowSink } from '../src/node/index.js';
import { validSampleArbitrary } from '../../schema/test/sample-arbitraries.js';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});
async function folder(): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), 'vift-arrow-'));
  folders.push(path);
  return path;
}

async function writeAll(output: string, samples: Sample[], format: 'file' | 'stream', batchSize: number): Promise<void> {
  const sink = openArrowSink({ output, format, batchSize });
  samples.forEach((sample, index) => sink.write({ index, sample, issues: [], valid: true }));
  await sink.commit();
}

async function readAll(file: string): Promise<Sample[]> {
  const samples: Sample[] = [];
  for await (const entry of (await openArrowDataset(file)).entries) {
    expect(entry.issues).toEqual([]);
    samples.push(entry.sample!);
  }
  return samples;
}

describe('Arrow files', { timeout: 60_000 }, () => {
  it('stream many record batches out and back, in both IPC formats', async () => {
    const samples = fc.sample(validSampleArbitrary, { numRuns: 60, seed: 7 }).map((sample, index) => ({ ...sample, id: `${index}-${sample.id}` }));
    for (const format of ['file', 'stream'] as const) {
      const output = join(await folder(), `data.${format === 'file' ? 'arrow' : 'arrows'}`);
      await writeAll(output, samples, format, 7);
      expect(await readAll(output)).toEqual(samples);
    }
  });

  it('leave nothing behind when a write is aborted', async () => {
    const path = await folder();
    const sink = openArrowSink({ output: join(path, 'data.arrow'), batchSize: 2 });
    for (const [index, sample] of fc.sample(validSampleArbitrary, { numRuns: 5, seed: 3 }).entries()) sink.write({ index, sample, issues: [], valid: true });
    await sink.abort();
    expect(await readdir(path)).toEqual([]);
  });

  it('report duplicate ids across batches like any dataset', async () => {
    const output = join(await folder(), 'dupes.arrow');
    const sample: Sample = { id: 'same', images: [], turns: [{ role: 'user', text: 'q' }, { role: 'assistant', text: 'a' }] };
    await writeAll(output, [sample, sample], 'file', 1);
    const entries = [];
    for await (const entry of (await openArrowDataset(output)).entries) entries.push(entry);
    expect(entries.map((entry) => entry.valid)).toEqual([true, false]);
    expect(entries[1]!.issues[0]!.code).toBe('duplicate-id');
  });

  it('refuse a file that is not Arrow with one line naming it', async () => {
    const file = join(await folder(), 'not.arrow');
    await writeFile(file, '[{"id": "a"}]');
    await expect(openArrowDataset(file)).rejects.toSatisfy((error: unknown) => ArrowDatasetError.isInstance(error) && (error as Error).message.startsWith(`${file}: it is not an Arrow IPC file`));
  });
});
