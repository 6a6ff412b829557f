export { TEMPLATES, templateText, type InstructionWording, type TemplateId } from './templates/catalog.js';
export { TABLE_1_TEMPLATES } from './templates/table-1.js';
export { VIFT_TEMPLATES } from './templates/vift-templates.js';
export { BASELINE_TEMPLATES } from './templates/baseline-templates.js';
export { fillTemplate, SHORT_ANSWER_STYLES, type AnswerStyle, type Template } from './templates/template.js';
export { caption, letterWithExplanation, phraseWithExplanation, questionWithChoices, sentence, shortPhrase, yesNo } from './tasks/answer-shaping.js';
export { boxText, normalisedBox } from './tasks/boxes.js';
export { unitsForImage, type ImageUnits } from './tasks/units-for-image.js';
export type { DialogTurn, ImageGroup, PerImageLimits, TaskContext, TurnUnit } from './tasks/turn-unit.js';
export { composeDialogs, type DialogLimits } from './compose/compose-dialogs.js';
export { estimateTokens } from './compose/estimate-tokens.js';
export { imageRandom } from './compose/image-random.js';
export { recipeSchema, SOURCE_DATASETS, type Recipe, type RecipeInput } from './recipes/recipe.js';
export { BUILTIN_RECIPES, COCO_ALL, MIX665K_LIKE } from './recipes/builtin-recipes.js';
export { imagePath, samplesForImage } from './build/samples-for-image.js';
export { groupByImage, type GroupByImageResult } from './build/group-by-image.js';
export { createRandom, type Random } from './operators/create-random.js';
export { hash64Fraction, hash64Hex, hashBytes64, hashString64, hashString64Hex, type Hash64 } from './operators/hash-string-64.js';
export { PipelineOptionError } from './operators/pipeline-option-error.js';
export { toArray, type AnyIterable, type Operator } from './operators/operator.js';
export { pipe } from './operators/pipe.js';
export { filter } from './operators/filter.js';
export { map, type MapOptions } from './operators/map.js';
export { take } from './operators/take.js';
export { dedupe, type DedupeRule, type KeyedDedupeOptions, type SampleDedupeOptions } from './operators/dedupe.js';
export { imageKey, normaliseText } from './operators/sample-keys.js';
export { mix, type MixOptions, type MixSource } from './operators/mix.js';
export { shuffle, type ShuffleOptions } from './operators/shuffle.js';
export { split, type SampleSplitKey, type SplitOptions, type SplitSink, type Splitter } from './operators/split.js';
export { shard, type SampleShardKey, type ShardKey } from './operators/shard.js';
export { shardOfCocoId } from './shard/shard-of-coco-id.js';
export { shardOfKey } from './shard/shard-of-key.js';
export { checkShardSpec, formatShardSpec, parseShardSpec, type ShardSpec } from './shard/shard-spec.js';
export { ShardSpecError } from './shard/shard-spec-error.js';
export {
  STATISTICS_FORMAT,
  TOKEN_ESTIMATE,
  UNKNOWN_SOURCE,
  type AnswerStyleCounts,
  type DatasetStatistics,
  type GroupStatistics,
  type LengthSummary,
} from './stats/dataset-statistics.js';
export { createStatisticsCollector, type StatisticsCollector, type StatisticsCollectorOptions } from './stats/statistics-collector.js';
export { computeStatistics } from './stats/compute-statistics.js';
export { renderStatisticsHtml, type RenderStatisticsOptions } from './stats/render-statistics-html.js';
export { renderStatisticsMarkdown } from './stats/render-statistics-markdown.js';
export {
  buildSymbolicContext,
  createLlmGenerator,
  DETAIL_QUESTIONS,
  fewShotMessages,
  LLM_TASKS,
  LlmPromptError,
  parseAnswerReply,
  parseDialogReply,
  type FewShotExample,
  type LlmGenerationReport,
  type LlmGenerator,
  type LlmGeneratorOptions,
  type LlmImageGroup,
  type LlmSkip,
  type LlmTask,
  type LlmTaskSpec,
  type ParsedReply,
  type QuestionAnswer,
  type SymbolicContextOptions,
  type TaskPrompt,
} from './llm/index.js';
