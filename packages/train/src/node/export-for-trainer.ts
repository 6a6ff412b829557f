import { mkdir, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createLlavaFormat, type FormatAdapter, type LlavaRecord } from '@vift/formats';
import { embedImageBytes, openRecordFileSink, pipeSamples, type DatasetEntry, type OnInvalid, type SampleSink } from '@vift/formats/node';
import { createCodec } from '@vift/parquet';
import { openParquetSink } from '@vift/parquet/node';
import type { Sample } from '@vift/schema';
import { exportLayout, type ExportKind } from '../export-layout.js';
import type { TrainerId } from '../train-config.js';
import { createTrainer } from '../trainers/trainer-registry.js';
import { openTrainingInput } from './open-training-input.js';
import { stageImages, type ImageStaging } from './stage-images.js';
import { trlParquetLayout } from './trl-parquet-layout.js';

export type ExportForTrainerOptions = {
  /** The export to write, or the trainer to write it for (the reference trainer reads the LLaVA export). */
  target: ExportKind | TrainerId;
  /** A dataset file or Parquet folder in any format vift reads. */
  input: string;
  /** The folder to write; created when missing. */
  output: string;
  /** The folder the input's image paths are relative to (default: the input file's folder). */
  imageRoot?: string | undefined;
  /** LLaVA and LLaMA-Factory exports: link the images into `<output>/images` (default) or copy them. */
  images?: ImageStaging | undefined;
  /** The dataset's name: LLaMA-Factory's dataset_info.json entry and ShareGPT file (default "vift"). */
  name?: string | undefined;
  /** "error" (default): the first invalid record stops the export and nothing is written. "skip": it goes to the rejects file. */
  onInvalid?: OnInvalid | undefined;
  /** Where skipped records go (default `<output>/rejects.jsonl`). */
  rejectsPath?: string | undefined;
  signal?: AbortSignal | undefined;
};

export type ExportSummary = {
  kind: ExportKind;
  input: string;
  inputFormat: string;
  output: string;
  /** The files a trainer reads (data file, dataset_info.json, Parquet shards). */
  files: string[];
  imageFolder: string | undefined;
  records: number;
  written: number;
  rejected: number;
  rejectsPath: string | undefined;
  /** Samples with more than one image (LLaVA-1.5's train.py reads one). */
  multiImageSamples: number;
  /** The `data` block of a training config that reads this export. */
  data: { folder: string; name: string };
};

/**
 * Writes a dataset in the layout a trainer reads, streaming and atomically (files appear when complete):
 * - llava: `data.json` (LLaVA's JSON list: `image` is one path, left out for text-only samples) and
 *   `images/` with each image at its relative path, linked or copied;
 * - llama-factory: `<name>.json` (ShareGPT, `conversations` from/value, `images`), its `dataset_info.json`
 *   entry merged into the file there, and `images/` (the `media_dir`);
 * - trl: a Hugging Face dataset folder: `train-0000N-of-0000M.parquet` with `messages` content parts and the
 *   image bytes in `images`, and the README.md that names the files and features.
 * Image paths that leave the image root (or the output folder) make their sample invalid.
 */
export async function exportForTrainer(options: ExportForTrainerOptions): Promise<ExportSummary> {
  const kind: ExportKind = isExportKind(options.target) ? options.target : createTrainer(options.target).exportKind;
  const output = resolve(options.output);
  const name = options.name ?? 'vift';
  const imageRoot = resolve(options.imageRoot ?? dirname(resolve(options.input)));
  const onInvalid = options.onInvalid ?? 'error';
  const rejectsPath = onInvalid === 'skip' ? (options.rejectsPath ?? join(output, 'rejects.jsonl')) : undefined;
  const createdFolder = (await stat(output).catch(() => undefined)) === undefined;
  await mkdir(output, { recursive: true });

  const input = await openTrainingInput(options.input);
  let multiImageSamples = 0;
  const counted = countImages(input.entries, () => multiImageSamples++);
  let entries: AsyncIterable<DatasetEntry>;
  let sink: SampleSink;
  let files: string[];
  let imageFolder: string | undefined;
  if (kind === 'trl') {
    entries = embedImageBytes(counted, { root: imageRoot });
    const parquet = await openParquetSink({ output, layout: trlParquetLayout, codec: await createCodec('SNAPPY'), compressionName: 'snappy', createdBy: 'vift' });
    sink = parquet;
    files = parquet.files;
  } else if (kind === 'llava') {
    const layout = exportLayout.llava(output);
    imageFolder = layout.imageFolder;
    entries = stageImages(counted, { root: imageRoot, folder: layout.imageFolder, mode: options.images ?? 'symlink' });
    sink = await openRecordFileSink({ output: layout.dataFile, to: llavaTrainingFormat(), container: 'json' });
    files = [layout.dataFile];
  } else {
    const layout = exportLayout['llama-factory'](output, name);
    imageFolder = layout.imageFolder;
    entries = stageImages(plainSamples(counted), { root: imageRoot, folder: layout.imageFolder, mode: options.images ?? 'symlink' });
    sink = await openRecordFileSink({ output: layout.dataFile, to: 'sharegpt', container: 'json', datasetInfo: true });
    files = [layout.dataFile, layout.datasetInfoFile];
  }
  const createdImageFolder = imageFolder !== undefined && (await stat(imageFolder).catch(() => undefined)) === undefined;
  try {
    const piped = await pipeSamples({ input: options.input, entries, sink, onInvalid, rejectsPath, signal: options.signal });
    return {
      kind,
      input: options.input,
      inputFormat: input.format,
      output,
      files: [...files],
      imageFolder,
      records: piped.records,
      written: piped.written,
      rejected: piped.rejected,
      rejectsPath,
      multiImageSamples,
      data: { folder: output, name },
    };
  } catch (error) {
    // pipeSamples removed the partial outputs; a folder this export created goes too unless something else is in it.
    if (createdImageFolder) await rm(imageFolder!, { recursive: true, force: true });
    if (createdFolder) await rmdir(output).catch(() => undefined);
    throw error;
  }
}

function isExportKind(value: string): value is ExportKind {
  return value === 'llava' || value === 'llama-factory' || value === 'trl';
}

async function* countImages(entries: AsyncIterable<DatasetEntry>, onMultiple: () => void): AsyncGenerator<DatasetEntry> {
  for await (const entry of entries) {
    if (entry.valid && entry.sample !== undefined && entry.sample.images.length > 1) onMultiple();
    yield entry;
  }
}

/**
 * Samples with only what LLaMA-Factory reads: `datasets` infers one schema for the whole JSON file, so
 * provenance and extra keys that differ from record to record could stop it from loading the file.
 */
async function* plainSamples(entries: AsyncIterable<DatasetEntry>): AsyncGenerator<DatasetEntry> {
  for await (const entry of entries) {
    if (entry.sample !== undefined) {
      const sample = entry.sample;
      const plain: Sample = { id: sample.id, images: sample.images, turns: sample.turns.map((turn) => ({ role: turn.role, text: turn.text })) };
      entry.sample = plain;
    }
    yield entry;
  }
}

/**
 * LLaVA JSON as train.py reads it: `image` is one path, and absent (not null, not a list) for text-only
 * samples, since train.py tests `'image' in sample` and joins the value to the image folder.
 */
function llavaTrainingFormat(): FormatAdapter<LlavaRecord> {
  const llava = createLlavaFormat();
  return {
    ...llava,
    // Records are rewritten, so they are never copied through as they were read.
    writesBackExactly: false,
    toRecord(sample, losses) {
      const record = llava.toRecord(sample, losses);
      if (sample.images.length === 0) delete record.image;
      else if (sample.images.length === 1 && Array.isArray(record.image)) record.image = record.image[0]!;
      return record;
    },
  };
}
