import { stat } from 'node:fs/promises';
import { openDataset, type DatasetEntry } from '@vift/formats/node';
import { openParquetDataset } from '@vift/parquet/node';

export type OpenedTrainingInput = { format: string; entries: AsyncIterable<DatasetEntry> };

/**
 * Opens a dataset to export or check: a Parquet file or a folder of Parquet shards (any layout vift reads),
 * or a JSON / JSON Lines file in any format vift reads (detected). Every record comes checked.
 */
export async function openTrainingInput(path: string, options: { imageRoot?: string | undefined } = {}): Promise<OpenedTrainingInput> {
  const isFolder = (await stat(path).catch(() => undefined))?.isDirectory() === true;
  if (isFolder || path.toLowerCase().endsWith('.parquet')) {
    const dataset = await openParquetDataset(path, { imageRoot: options.imageRoot });
    return { format: `parquet (${dataset.layout} layout)`, entries: dataset.entries };
  }
  const dataset = await openDataset(path, { imageRoot: options.imageRoot });
  return { format: dataset.format.id, entries: dataset.entries };
}
