import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { DatasetValidationError, type ValidationIssue } from '@vift/schema';
import type { Container, FormatId } from '../format-adapter.js';
import { detectRecordFormat, formatIds } from '../registry.js';
import { DatasetFileError } from './dataset-file-error.js';
import { readRecords } from './read-records.js';

export type DetectedFile = { format: FormatId; container: Container; size: number };

const SNIFF_BYTES = 1 << 16;
const SNIFF_RECORDS = 32;

/**
 * Works out how to read a dataset file: the container from the extension or the first bytes, the format
 * from the first records. Explicit choices win. Throws a one-line `DatasetFileError` when it cannot tell.
 */
export async function detectDatasetFile(
  file: string,
  options: { format?: FormatId | undefined; container?: Container | undefined; maxRecordBytes?: number | undefined } = {},
): Promise<DetectedFile> {
  const size = await fileSize(file);
  const container = options.container ?? (await detectContainer(file));
  if (options.format !== undefined) return { format: options.format, container, size };
  let records = 0;
  let decoded = 0;
  let firstProblem: ValidationIssue | undefined;
  // The caller's record limit: a raised --max-record-mb must hold for the first records too.
  for await (const record of readRecords(file, { container, maxRecordBytes: options.maxRecordBytes })) {
    records++;
    if (record.value !== undefined) {
      decoded++;
      const format = detectRecordFormat(record.value);
      if (format !== undefined) return { format, container, size };
    }
    firstProblem ??= record.issue;
    if (record.index >= SNIFF_RECORDS) break;
  }
  // When not one record could be read (invalid UTF-8, truncated, too large), say why: "no format matched"
  // would send the user looking in the wrong place.
  if (decoded === 0 && firstProblem !== undefined) throw new DatasetValidationError({ issues: [firstProblem], file });
  if (records === 0) {
    throw new DatasetFileError({ file, message: 'the file holds no records', fix: 'name the format with --from to read it as an empty dataset' });
  }
  throw new DatasetFileError({
    file,
    message: `its first records match none of the formats vift reads (${formatIds.join(', ')})`,
    fix: 'name the format with --from, or check that the file holds dataset records',
  });
}

async function fileSize(file: string): Promise<number> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatasetFileError({
      file,
      message: code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? 'unknown error'})`,
      fix: 'check the path',
      cause: error,
    });
  }
  if (info.isDirectory()) throw new DatasetFileError({ file, message: 'is a directory', fix: 'give the path of a dataset file' });
  if (info.size === 0) {
    throw new DatasetFileError({ file, message: 'the file is empty', fix: 'expected a JSON array of records or JSON Lines' });
  }
  return info.size;
}

export function containerFromExtension(file: string): Container | undefined {
  const extension = extname(file).toLowerCase();
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  return undefined;
}

async function detectContainer(file: string): Promise<Container> {
  const byExtension = containerFromExtension(file);
  if (byExtension !== undefined) return byExtension;
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    const text = head.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    const first = text.trimStart()[0];
    if (first !== '{') return 'json';
    // One complete object on the first line (and more lines after it) is JSON Lines; anything else is a
    // JSON document whose top level is an object, which the array reader reports clearly.
    const body = text.trimStart();
    const firstLine = body.split('\n', 1)[0] ?? '';
    try {
      JSON.parse(firstLine);
    } catch {
      return 'json';
    }
    const moreLines = body.slice(firstLine.length).trim() !== '' || bytesRead === SNIFF_BYTES;
    return moreLines ? 'jsonl' : 'json';
  } finally {
    await handle.close();
  }
}
