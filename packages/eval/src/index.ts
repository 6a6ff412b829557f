export type { CaptionExample } from './caption-example.js';
export { bleu, type BleuOptions, type BleuResult } from './bleu.js';
export { rougeL, type RougeLOptions, type RougeLResult } from './rouge-l.js';
export { ciderD, type CiderDOptions, type CiderDResult } from './cider-d.js';
export { ptbTokenize, ptbTokenizeLines } from './ptb-tokenizer.js';
export { captionPunctuation, tokenizeCaptions } from './caption-tokenizer.js';
export {
  captionMetricNames,
  evaluateCaptions,
  type CaptionMetricName,
  type CaptionRecord,
  type CaptionScores,
  type EvaluateCaptionsOptions,
  type EvaluateCaptionsResult,
} from './evaluate-captions.js';
export { cleanVqaAnswer, normalizeVqaAnswer, vqaProcessDigitArticle, vqaProcessPunctuation } from './vqa-answer.js';
export { vqaAccuracy, type VqaAccuracyOptions, type VqaAccuracyResult, type VqaAnnotation, type VqaPrediction } from './vqa-accuracy.js';
export { parsePopeAnswer, pope, type PopeAnnotation, type PopeOptions, type PopePrediction, type PopeResult, type PopeScores } from './pope.js';
export { mme, mmeQuestionFromPrompt, mmeSubtasks, parseMmeAnswer, type MmeOptions, type MmeResult, type MmeRow, type MmeSubtaskScores } from './mme.js';
export { matchMmeAnswers, type LlavaMmeAnswer, type MmeQuestion } from './mme-answers.js';
export { extractChoiceLetter, type ExtractChoiceOptions } from './multiple-choice.js';
export { exactMatch, normalizeSquadAnswer, type ExactMatchOptions } from './exact-match.js';
export { DuplicateIdError, MetricInputError, MissingIdError, MissingPredictionError, UnknownIdError, UnknownMetricError, type RecordPlace } from './eval-errors.js';
