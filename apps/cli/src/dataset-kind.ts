import { extname } from 'node:path';
import { stat } from 'node:fs/promises';
import type { Container, FormatId } from '@vift/formats';

/** What `--from` and `--to` name: a JSON records format (with an optional container), Parquet or Arrow IPC. */
export type DatasetKind = { kind: 'records'; format: FormatId; container?: Container } | { kind: 'parquet' } | { kind: 'arrow' };

/** As named, else Parquet for a .parquet file or a folder (of shards), Arrow for .arrow/.arrows/.feather. */
export async function inputKind(path: string, named: DatasetKind | undefined): Promise<DatasetKind | undefined> {
  if (named !== undefined) return named;
  const extension = extname(path).toLowerCase();
  if (extension === '.parquet') return { kind: 'parquet' };
  if (extension === '.arrow' || extension === '.arrows' || extension === '.feather') return { kind: 'arrow' };
  const info = await stat(path).catch(() => undefined);
  return info?.isDirectory() === true ? { kind: 'parquet' } : undefined;
}
