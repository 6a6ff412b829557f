export type { Container, FormatAdapter, FormatId, FromRecordResult } from './format-adapter.js';
export { createLlavaFormat, type LlavaRecord, type LlavaTurn } from './llava.js';
export { createShareGptFormat, type ShareGptRecord, type ShareGptSpelling } from './sharegpt.js';
export { createTrlFormat, type TrlPart, type TrlRecord } from './trl.js';
export { createOpenAiFormat, type OpenAiMessage, type OpenAiPart, type OpenAiRecord } from './openai.js';
export { createFormat, detectRecordFormat, formatIds, isFormatId, parseFormatName, type CreateFormatOptions } from './registry.js';
export { datasetInfoEntry, mergeDatasetInfo, type DatasetInfoEntry } from './dataset-info.js';
export { joinPieces, splitPieces, type ContentPiece } from './content-pieces.js';
export { NotRepresentableError, fidelityKeys, type LossTally, type RecordPlace } from './record-fields.js';
