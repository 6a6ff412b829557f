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
export type { Judge, JudgeItem, JudgeRunOptions, JudgeSettings, JudgeVerdict } from './judges/judge.js';
export { createMmVetGrader, mmVetGraderPrompt, parseMmVetScore } from './judges/mm-vet-grader.js';
export { MM_VET_GRADER_PROMPT, MM_VET_RETRY_SUFFIX } from './judges/mm-vet-prompt.js';
export { mmVetScores, type MmVetGrades, type MmVetScores, type MmVetScoresOptions } from './judges/mm-vet-scores.js';
export { createLlavaBenchReviewer, llavaBenchReviewPrompt, parseLlavaBenchScores, type LlavaBenchReviewRule } from './judges/llava-bench-reviewer.js';
export { LLAVA_BENCH_RULE, LLAVA_BENCH_SYSTEM_MESSAGE } from './judges/llava-bench-rule.js';
export { llavaBenchMeanOfRuns, llavaBenchRelativeScore, llavaBenchScores, type LlavaBenchCategoryScore, type LlavaBenchReview } from './judges/llava-bench-scores.js';
export { createRubricJudge, parseRubricScore, type RubricJudgeSettings } from './judges/rubric-judge.js';
export { numpyRound, pythonFloat, pythonRound } from './python-number.js';
export type { DialogTurn, Model, ModelImage, ModelRequest } from './models/model.js';
export { createChatModel, dialogMessages, type ChatModelSettings } from './models/chat-model.js';
export { createPredictionsModel, type PredictionRecord } from './models/predictions-model.js';
export type { BenchmarkQuestion } from './protocol/benchmark-question.js';
export { DEFAULT_DISTRACTOR_QUESTIONS, SHORT_ANSWER_SUFFIX } from './protocol/distractor-turns.js';
export { planDialogs, protocolNames, type PlanDialogsOptions, type PlannedDialog, type PlannedTurn, type ProtocolName } from './protocol/plan-dialogs.js';
export { turnMetricNames, turnMetrics, type TurnMetricName } from './protocol/turn-metrics.js';
export { reportHtml, reportMarkdown, type EvaluationReport, type ReportCell } from './report/evaluation-report.js';
