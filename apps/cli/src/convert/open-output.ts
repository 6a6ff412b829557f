import { createFormat, isFormatId, type Container } from '@vift/formats';
import { assertWritable, checkRecordFileSink, openRecordFileSink, type SampleSink } from '@vift/formats/node';
import { createCodec, llavaLayout, viftLayout, type CompressionCodecName, type LayoutName } from '@vift/parquet';
import { openParquetSink } from '@vift/parquet/node';
import type { DatasetKind } from '../dataset-kind.js';

export type OutputOptions = {
  path: string;
  kind: DatasetKind;
  container?: Container | undefined;
  openaiExtras?: boolean | undefined;
  datasetInfo?: boolean | undefined;
  layout?: LayoutName | undefined;
  compression?: CompressionCodecName | undefined;
  shardBytes?: number | undefined;
  rowGroupBytes?: number | undefined;
  version: string;
};

export type OpenedOutput = {
  sink: SampleSink;
  formatName: string;
  /** Facts for the summary, read after the sink committed. */
  details(): { container?: string; losses: Record<string, number>; datasetInfoPath?: string; files?: string[]; repairedStrings?: number };
};

/** Checks, before reading anything, that the output can be written. */
export async function checkOutput(options: OutputOptions): Promise<void> {
  if (options.kind.kind === 'records') await checkRecordFileSink(recordSinkOptions(options, options.kind));
  if (options.kind.kind === 'arrow') await assertWritable(options.path);
}

/** Opens the sink of a conversion: a JSON records file, Parquet (one file or a folder of shards) or Arrow IPC. */
export async function openOutput(options: OutputOptions, sourceFormat: string): Promise<OpenedOutput> {
  const kind = options.kind;
  if (kind.kind === 'records') {
    const sink = await openRecordFileSink({ ...recordSinkOptions(options, kind), ...(isFormatId(sourceFormat) ? { sourceFormat } : {}) });
    return {
      sink,
      formatName: sink.format.id,
      details: () => ({ container: sink.container, losses: sink.losses(), ...(sink.datasetInfoPath === undefined ? {} : { datasetInfoPath: sink.datasetInfoPath }) }),
    };
  }
  if (kind.kind === 'arrow') {
    const format = options.path.endsWith('.arrows') ? 'stream' : 'file';
    // Loaded here: apache-arrow takes most of a second to load, and only Arrow output needs it.
    const { openArrowSink } = await import('@vift/arrow/node');
    const sink = openArrowSink({ output: options.path, format });
    return { sink, formatName: `arrow (${format})`, details: () => ({ losses: {} }) };
  }
  // zstd by default: measured faster to read back than snappy here (WebAssembly against pure TypeScript), and smaller.
  const compression = options.compression ?? 'ZSTD';
  const layout = (options.layout ?? 'vift') === 'llava' ? llavaLayout : viftLayout;
  const sink = await openParquetSink({
    output: options.path,
    layout,
    codec: await createCodec(compression),
    compressionName: compression.toLowerCase(),
    ...(options.shardBytes === undefined ? {} : { shardBytes: options.shardBytes }),
    ...(options.rowGroupBytes === undefined ? {} : { rowGroupBytes: options.rowGroupBytes }),
    createdBy: `vift ${options.version}`,
  });
  return {
    sink,
    formatName: `parquet (${layout.name} layout, ${compression.toLowerCase()})`,
    details: () => ({ losses: {}, files: sink.files, repairedStrings: sink.repairedStrings }),
  };
}

function recordSinkOptions(options: OutputOptions, kind: Extract<DatasetKind, { kind: 'records' }>) {
  return {
    output: options.path,
    to: createFormat(kind.format, { openaiExtras: options.openaiExtras === true }),
    container: options.container ?? kind.container,
    datasetInfo: options.datasetInfo,
  };
}
