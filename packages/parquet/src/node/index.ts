import { registerNodeCodecs } from './node-codecs.js';

registerNodeCodecs();
export { openParquetDataset, parquetFilesOf, type OpenParquetDatasetOptions, type OpenedParquetDataset } from './open-parquet-dataset.js';
export { openParquetSink, type ParquetSink, type ParquetSinkOptions } from './parquet-sink.js';
export { inspectParquet, type ParquetFileInspection } from './inspect-parquet.js';
export { openParquetRowGroups, type ParquetRowGroups, type RowGroupPlace } from './parquet-row-groups.js';
export type { RecordTarget } from './row-group-records.js';
