export { loadRecipe } from './load-recipe.js';
export { buildDataset, type BuildDatasetOptions, type BuildSummary } from './build-dataset.js';
export { writeStatisticsFiles, type WriteStatisticsFilesOptions } from './stats-write-files.js';
export { loadTaskPrompts } from '../llm/node/load-task-prompts.js';
