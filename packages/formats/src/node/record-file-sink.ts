import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { datasetInfoEntry, mergeDatasetInfo, type DatasetInfoEntry } from '../dataset-info.js';
import type { Container, FormatAdapter, FormatId } from '../format-adapter.js';
import { createFormat } from '../registry.js';
import { AtomicFile } from './atomic-file.js';
import { DatasetFileError } from './dataset-file-error.js';
import { containerFromExtension } from './detect-file.js';
import type { DatasetEntry } from './open-dataset.js';
import type { SampleSink } from './pipe-samples.js';
import { RecordWriter } from './record-writer.js';

export type RecordFileSinkOptions = {
  output: string;
  to: FormatId | FormatAdapter;
  /** From the output's extension when left out, else the format's usual container. */
  container?: Container | undefined;
  /** For ShareGPT output: add the entry to `dataset_info.json` beside the output (default true). */
  datasetInfo?: boolean | undefined;
  /** The input's format: when it is the target's and the target writes back exactly, valid records are copied as bytes. */
  sourceFormat?: FormatId | undefined;
};

export type RecordFileSink = SampleSink & {
  readonly format: FormatAdapter;
  readonly container: Container;
  /** Where the LLaMA-Factory entry goes (ShareGPT output), written on commit. */
  readonly datasetInfoPath: string | undefined;
  /** What the target format could not hold, with how often, most frequent first. */
  losses(): Record<string, number>;
};

/** Checks that the output and its dataset_info.json can be written, before any work is done. */
export async function checkRecordFileSink(options: RecordFileSinkOptions): Promise<void> {
  await assertWritable(options.output);
  const format = typeof options.to === 'string' ? createFormat(options.to) : options.to;
  const datasetInfoPath = datasetInfoPathFor(options, format);
  if (datasetInfoPath !== undefined) await readDatasetInfo(datasetInfoPath);
}

/**
 * A sink that writes records of a JSON format to a file (atomically) and, for ShareGPT, the LLaMA-Factory
 * `dataset_info.json` entry beside it once the file is complete.
 */
export async function openRecordFileSink(options: RecordFileSinkOptions): Promise<RecordFileSink> {
  const format = typeof options.to === 'string' ? createFormat(options.to) : options.to;
  await assertWritable(options.output);
  const datasetInfoPath = datasetInfoPathFor(options, format);
  // Read before converting: a broken dataset_info.json must stop the run before any output appears.
  const existingDatasetInfo = datasetInfoPath === undefined ? undefined : await readDatasetInfo(datasetInfoPath);
  const container = options.container ?? containerFromExtension(options.output) ?? outputContainerByName(options.output, format);
  const writer = new RecordWriter(options.output, container);
  const losses = new Map<string, number>();
  const tally = (field: string) => losses.set(field, (losses.get(field) ?? 0) + 1);
  // A format that writes back exactly what it read lets valid records be copied as bytes (same JSON value).
  const copiesBytes = format.writesBackExactly === true && format.id === options.sourceFormat;
  let hasImages = false;
  let hasSystemColumn = false;
  return {
    format,
    container,
    datasetInfoPath,
    losses: () => Object.fromEntries([...losses].sort((left, right) => right[1] - left[1])),
    write(entry) {
      const encoded = entry.encoded;
      if (encoded !== undefined && encoded.format === format.id) {
        hasImages ||= encoded.hasImages;
        hasSystemColumn ||= encoded.hasSystemColumn;
        for (const [field, count] of Object.entries(encoded.losses ?? {})) losses.set(field, (losses.get(field) ?? 0) + count);
        return writer.writeBytes(encoded.bytes);
      }
      if (entry.sample === undefined) throw new TypeError(`a record encoded as ${encoded?.format} reached a ${format.id} sink`);
      hasImages ||= entry.sample.images.length > 0;
      if (copiesBytes && canCopy(entry, container)) {
        hasSystemColumn ||= typeof (entry.record as { system?: unknown }).system === 'string';
        return writer.writeBytes(entry.bytes!);
      }
      const record = format.toRecord(entry.sample, tally);
      hasSystemColumn ||= typeof (record as { system?: unknown }).system === 'string';
      return writer.write(record);
    },
    async commit() {
      await writer.commit();
      if (datasetInfoPath === undefined) return;
      const spelling = format.id === 'sharegpt' ? 'conversations' : 'messages';
      const entry = datasetInfoEntry({ fileName: basename(options.output), spelling, hasImages, hasSystemColumn });
      await writeDatasetInfo(datasetInfoPath, existingDatasetInfo, basename(options.output, extname(options.output)), entry);
    },
    abort: () => writer.abort(),
  };
}

function datasetInfoPathFor(options: RecordFileSinkOptions, format: FormatAdapter): string | undefined {
  const isShareGpt = format.id === 'sharegpt' || format.id === 'sharegpt-messages';
  return options.datasetInfo !== false && isShareGpt ? join(dirname(options.output), 'dataset_info.json') : undefined;
}

/** JSON Lines needs one line per record; a pretty-printed record's line breaks are whitespace to re-print. */
function canCopy(entry: DatasetEntry, container: Container): boolean {
  return entry.bytes !== undefined && (container === 'json' || !entry.bytes.includes(0x0a));
}

function outputContainerByName(output: string, target: FormatAdapter): Container {
  return extname(output).toLowerCase() === '.json' ? 'json' : target.defaultContainer;
}

export async function assertWritable(path: string): Promise<void> {
  const folder = dirname(path);
  const info = await stat(folder).catch(() => undefined);
  if (info?.isDirectory() !== true) {
    throw new DatasetFileError({ file: path, message: `the output folder ${folder} does not exist`, fix: 'create it first' });
  }
  if ((await stat(path).catch(() => undefined))?.isDirectory() === true) {
    throw new DatasetFileError({ file: path, message: 'is a directory', fix: 'give the path of the file to write' });
  }
}

async function readDatasetInfo(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new DatasetFileError({ file: path, message: `cannot read it (${(error as NodeJS.ErrnoException).code})`, fix: 'check its permissions, or pass --no-dataset-info', cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DatasetFileError({ file: path, message: 'is not valid JSON', fix: 'repair it (its other entries are kept), or pass --no-dataset-info', cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DatasetFileError({ file: path, message: 'is not a JSON object of dataset entries', fix: 'repair it, or pass --no-dataset-info' });
  }
  return value;
}

async function writeDatasetInfo(path: string, existing: unknown, name: string, entry: DatasetInfoEntry): Promise<void> {
  const file = new AtomicFile(path);
  try {
    await file.write(`${JSON.stringify(mergeDatasetInfo(existing, name, entry), null, 2)}\n`);
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
}
