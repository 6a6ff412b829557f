export { openArrowSink, type ArrowSink } from './arrow-sink.js';
export { openArrowDataset, type OpenedArrowDataset } from './open-arrow-dataset.js';
