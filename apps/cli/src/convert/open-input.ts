import type { Container } from '@vift/formats';
import { embedImageBytes, openDataset, type DatasetEntry } from '@vift/formats/node';
import { openParquetDataset, type RecordTarget } from '@vift/parquet/node';
import type { DatasetKind } from '../dataset-kind.js';

export type InputOptions = {
  path: string;
  kind: DatasetKind | undefined;
  container?: Container | undefined;
  imageRoot?: string | undefined;
  /** Read every image file under imageRoot into the samples (to embed them in Parquet). */
  embedImages?: boolean | undefined;
  maxRecordBytes?: number | undefined;
  /** Parquet input to a JSON format: rows may be written as that format's records in worker threads. */
  encodeFor?: RecordTarget | undefined;
  onBytes?: ((bytesRead: number, totalBytes: number) => void) | undefined;
};

export type OpenedInput = { formatName: string; container: string | undefined; size: number; entries: AsyncIterable<DatasetEntry> };

/** Opens any dataset vift reads: JSON formats (detected), Parquet files and folders of shards, Arrow IPC. */
export async function openInput(options: InputOptions): Promise<OpenedInput> {
  // With --embed-images the files are read anyway: checking them first would read each twice.
  const imageRoot = options.embedImages === true ? undefined : options.imageRoot;
  let opened: OpenedInput;
  if (options.kind?.kind === 'arrow') {
    // apache-arrow takes most of a second to load: only Arrow conversions pay for it.
    const { openArrowDataset } = await import('@vift/arrow/node');
    const dataset = await openArrowDataset(options.path, { imageRoot, onBytes: options.onBytes });
    opened = { formatName: 'arrow', container: undefined, size: dataset.size, entries: dataset.entries };
  } else if (options.kind?.kind === 'parquet') {
    const dataset = await openParquetDataset(options.path, { imageRoot, onBytes: options.onBytes, encodeFor: options.embedImages === true ? undefined : options.encodeFor });
    opened = { formatName: `parquet (${dataset.layout} layout)`, container: undefined, size: dataset.size, entries: dataset.entries };
  } else {
    const dataset = await openDataset(options.path, {
      format: options.kind?.format,
      container: options.container ?? options.kind?.container,
      imageRoot,
      maxRecordBytes: options.maxRecordBytes,
      onBytes: options.onBytes,
    });
    opened = { formatName: dataset.format.id, container: dataset.container, size: dataset.size, entries: dataset.entries };
  }
  if (options.embedImages === true && options.imageRoot !== undefined) {
    opened = { ...opened, entries: embedImageBytes(opened.entries, { root: options.imageRoot }) };
  }
  return opened;
}
