import { extname } from 'node:path';
import { stat } from 'node:fs/promises';
import type { Container, FormatId } from '@vift/formats';

/** What `--from` and `--to` name: a JSON records format (with an optional container), or Parquet. */
export type DatasetKind = { kind: 'records'; format: FormatId; container?: Container } | { kind: 'parquet' };

/** Parquet when named, or when the path is a .parquet file or a folder (of shards). */
export async function inputKind(path: string, named: DatasetKind | undefined): Promise<DatasetKind | undefined> {
  if (named !== undefined) return named;
  if (extname(path).toLowerCase() === '.parquet') return { kind: 'parquet' };
  const info = await stat(path).catch(() => undefined);
  return info?.isDirectory() === true ? { kind: 'parquet' } : undefined;
}
