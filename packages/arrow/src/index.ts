export { sampleArrowSchema } from './arrow-schema.js';
export { assertViftColumns, recordBatchRows, recordBatchSamples, recordBatchToSamples, samplesToRecordBatch } from './record-batch.js';
export { ipcToSamples, samplesToIpc, type IpcFormat } from './ipc.js';
export { ArrowDatasetError } from './arrow-dataset-error.js';
