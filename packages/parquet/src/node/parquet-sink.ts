import { mkdir, readdir, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AtomicFile, type SampleSink } from '@vift/formats/node';
import { ViftError } from '@vift/schema';
import { uncompressed, type PageCodec } from '../codec.js';
import { datasetCard } from '../dataset-card.js';
import type { ParquetLayout } from '../layouts/layout.js';
import { ParquetWriter } from '../parquet-writer.js';

export type ParquetSinkOptions = {
  /** A `.parquet` file, or a folder that receives `train-00000-of-000NN.parquet` shards and a README.md. */
  output: string;
  layout: ParquetLayout;
  codec?: PageCodec;
  /** The codec's name for the dataset card. */
  compressionName?: string;
  /** Folder output: start a new shard before one passes this size (default 500 MB). */
  shardBytes?: number;
  rowGroupBytes?: number;
  pageBytes?: number;
  createdBy?: string;
};

export type ParquetSink = SampleSink & {
  /** The files written (known after commit). */
  readonly files: string[];
  readonly rows: number;
  /** Strings whose lone surrogates were replaced by U+FFFD (originals kept in meta). */
  readonly repairedStrings: number;
  readonly bytes: number;
};

const DEFAULT_SHARD_BYTES = 500e6;
// Small enough to read a row group at a time in little memory (also what a viewer pages by), large
// enough for compression and for readers' per-group overhead not to matter.
const DEFAULT_ROW_GROUP_BYTES = 16 << 20;
const shardPattern = /^train-\d{5}-of-\d{5}\.parquet$/;

/**
 * A sink writing samples as Parquet: one file, or shards of at most `shardBytes` in a folder. Every file
 * is written under a temporary name; on commit the shards get their final `-of-NNNNN` names, shards left
 * from an earlier run are removed, and the dataset card is written.
 */
export async function openParquetSink(options: ParquetSinkOptions): Promise<ParquetSink> {
  const sharded = !options.output.endsWith('.parquet');
  const folder = sharded ? options.output : dirname(options.output);
  // The first folder this run created, if any: a failed run removes it again, so it leaves no output.
  const createdFolder = sharded ? await mkdir(folder, { recursive: true }) : undefined;
  if (!sharded && (await stat(folder).catch(() => undefined))?.isDirectory() !== true) {
    throw new ViftError({ message: `${options.output}: the output folder ${folder} does not exist`, fix: 'create it first' });
  }
  const shardBytes = options.shardBytes ?? DEFAULT_SHARD_BYTES;
  // Row groups of at most a quarter of a shard, so that a shard stays under its size even counting the
  // open row group (a row group as large as the shard would close every shard after one row).
  const rowGroupBytes = Math.max(1, Math.min(options.rowGroupBytes ?? DEFAULT_ROW_GROUP_BYTES, Math.floor(shardBytes / 4)));
  const done: AtomicFile[] = [];
  let file: AtomicFile | undefined;
  let writer: ParquetWriter | undefined;
  let rows = 0;
  let repairedStrings = 0;
  let bytes = 0;
  const files: string[] = [];

  const startShard = () => {
    const current = new AtomicFile(sharded ? join(folder, `train-${String(done.length).padStart(5, '0')}.parquet`) : options.output);
    file = current;
    writer = new ParquetWriter({
      layout: options.layout,
      codec: options.codec ?? uncompressed,
      rowGroupBytes,
      ...(options.pageBytes === undefined ? {} : { pageBytes: options.pageBytes }),
      createdBy: options.createdBy ?? 'vift',
      sink: (chunk) => {
        bytes += chunk.length;
        return current.writeBytes(chunk);
      },
    });
  };
  const finishShard = async () => {
    if (writer === undefined || file === undefined) return;
    await writer.finish();
    repairedStrings += writer.repairedStrings;
    await file.close();
    done.push(file);
    writer = undefined;
    file = undefined;
  };

  return {
    files,
    get rows() {
      return rows;
    },
    get repairedStrings() {
      return repairedStrings + (writer?.repairedStrings ?? 0);
    },
    get bytes() {
      return bytes;
    },
    write(entry) {
      if (entry.sample === undefined) throw new TypeError('a Parquet sink needs samples, not records encoded for another format');
      if (writer === undefined) startShard();
      const waiting = writer!.write(entry.sample);
      rows++;
      if (sharded && writer!.estimatedBytes >= shardBytes - rowGroupBytes) return Promise.resolve(waiting).then(finishShard);
      return waiting;
    },
    async commit() {
      if (writer === undefined && done.length === 0) startShard(); // an empty dataset is still one valid file
      await finishShard();
      if (!sharded) {
        await done[0]!.commit();
        files.push(options.output);
        return;
      }
      const total = String(done.length).padStart(5, '0');
      const finalNames = done.map((_, index) => `train-${String(index).padStart(5, '0')}-of-${total}.parquet`);
      for (const stale of (await readdir(folder)).filter((name) => shardPattern.test(name) && !finalNames.includes(name))) {
        await rm(join(folder, stale), { force: true });
      }
      for (const [index, shard] of done.entries()) {
        await shard.commit(join(folder, finalNames[index]!));
        files.push(join(folder, finalNames[index]!));
      }
      const card = new AtomicFile(join(folder, 'README.md'));
      await card.write(
        datasetCard({
          name: basename(folder),
          layout: options.layout.name,
          features: options.layout.features,
          files: finalNames,
          rows,
          bytes,
          compression: options.compressionName ?? 'not',
        }),
      );
      await card.commit();
    },
    async abort() {
      await file?.abort();
      for (const shard of done) await shard.abort();
      if (createdFolder !== undefined) await removeEmptyFolders(folder, createdFolder);
    },
  };
}

/** Removes `folder` and its parents up to `top` (which this run created), as long as they are empty. */
async function removeEmptyFolders(folder: string, top: string): Promise<void> {
  const last = resolve(top);
  for (let current = resolve(folder); current.startsWith(last); current = dirname(current)) {
    try {
      await rmdir(current);
    } catch {
      return; // not empty: something else is there
    }
    if (current === last) return;
  }
}
