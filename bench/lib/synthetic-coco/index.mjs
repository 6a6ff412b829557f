/**
 * A seeded writer of COCO-shaped annotation files at full train2017 scale, for benchmarks: COCO captions
 * and instances, VQAv2 questions and annotations, Visual Genome image data, regions and QAs, each in its
 * official layout with realistic counts, sizes and text. Same seed and options ⇒ byte-identical files.
 */
export { ensureSyntheticSources, kitName, defaultDataFolder } from './ensure-synthetic-sources.mjs';
export { fullScale, planSyntheticSources, targetCounts } from './plan.mjs';
export { generatorVersion, kitFiles, writeSyntheticSources } from './write-synthetic-sources.mjs';
export { countRecords, recordKeys, verifyRecordCounts } from './count-records.mjs';
