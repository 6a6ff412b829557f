import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { DEFAULT_MAX_RECORD_BYTES, allIssues, createSampleChecks, openDataset } from '@vift/formats/node';
import { createIssue } from '@vift/schema';
import { GrowingFloat64 } from './bitset.js';
import type { SourceEntry, SourceRecord, ViewerSource } from './viewer-source.js';

/**
 * A JSON array or JSON Lines dataset (LLaVA, ShareGPT, TRL, OpenAI): the pass streams it once and notes
 * each record's byte offset and length, so that a sample page reads just that record's bytes.
 */
export async function openJsonSource(options: { file: string; imageRoot: string; onBytes: (read: number, total: number) => void }): Promise<ViewerSource> {
  // Image files are checked by the pass, many at once (image-checks.ts).
  const opened = await openDataset(options.file, { onBytes: options.onBytes });
  const handle = await open(options.file, 'r');
  const offsets = new GrowingFloat64();
  const lengths = new GrowingFloat64();
  let located = 0;
  const checks = createSampleChecks({ checkDuplicateIds: false, imageRoot: options.imageRoot });

  async function* entries(): AsyncGenerator<SourceEntry> {
    for await (const entry of opened.entries) {
      offsets.set(entry.index, entry.byteOffset ?? 0);
      lengths.set(entry.index, entry.byteLength ?? 0);
      located = entry.index + 1;
      yield { index: entry.index, sample: entry.sample, issues: entry.issues };
    }
  }

  async function* scan(): AsyncGenerator<SourceEntry> {
    const again = await openDataset(options.file, { format: opened.format, container: opened.container, checkDuplicateIds: false });
    for await (const entry of again.entries) yield { index: entry.index, sample: entry.sample, issues: entry.issues };
  }

  async function read(index: number): Promise<SourceRecord> {
    if (index >= located) throw new RangeError(`record ${index} has not been reached yet`);
    const byteOffset = offsets.get(index);
    const byteLength = lengths.get(index);
    const place = { sampleId: null, index, byteOffset };
    if (byteLength > DEFAULT_MAX_RECORD_BYTES) {
      return { sample: undefined, issues: [createIssue('record-too-large', `the record is ${(byteLength / 2 ** 20).toFixed(1)} MB, too large to show`, place)] };
    }
    const bytes = Buffer.alloc(byteLength);
    const { bytesRead } = await handle.read(bytes, 0, byteLength, byteOffset);
    if (bytesRead < byteLength) return { sample: undefined, issues: [createIssue('truncated-record', 'the file ends inside this record', place)] };
    if (!isUtf8(bytes)) return { sample: undefined, issues: [createIssue('invalid-utf8', 'the record is not valid UTF-8', place)] };
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      return { sample: undefined, issues: [createIssue('invalid-json', `invalid JSON: ${(error as Error).message}`, place)] };
    }
    const mapped = opened.format.fromRecord(value, { index, byteOffset });
    const found = allIssues(mapped, checks, index, byteOffset);
    return { sample: mapped.sample, issues: Array.isArray(found) ? found : await found };
  }

  return {
    format: `${opened.format.id} (${opened.container === 'json' ? 'JSON array' : 'JSON Lines'})`,
    size: opened.size,
    expected: undefined,
    entries: entries(),
    scan,
    read,
    close: async () => {
      await opened.entries.return(undefined);
      await handle.close();
    },
  };
}
