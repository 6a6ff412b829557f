import { readFile } from 'node:fs/promises';
import { MetricInputError, UnknownMetricError } from '../eval-errors.js';
import { evaluateCaptions } from '../evaluate-captions.js';
import { mmVetScores } from '../judges/mm-vet-scores.js';
import { llavaBenchMeanOfRuns, llavaBenchScores, type LlavaBenchReview } from '../judges/llava-bench-scores.js';
import { matchMmeAnswers } from '../mme-answers.js';
import { mme } from '../mme.js';
import { numpyMean } from '../numpy-sum.js';
import { pope } from '../pope.js';
import { turnMetrics, type TurnMetricName } from '../protocol/turn-metrics.js';
import { pairById } from '../record-index.js';
import { EvalFileError } from './eval-file-error.js';
import { readCocoCaptions } from './read-coco-captions.js';
import { readJsonLines, type JsonRecord } from './read-json-lines.js';
import { readLlavaAnswers } from './read-llava-answers.js';
import { readMmeQuestions } from './read-mme-files.js';
import { readReferenceAnswers } from './read-reference-answers.js';
import { readLlavaPopeAnnotations } from './read-pope-annotations.js';

/** What `vift score` computes, and what each needs besides the predictions. */
export const scoreMetrics = {
  'exact-match': 'predictions JSONL {question_id, text}; --references JSONL {question_id, answer}',
  'yes-no': 'predictions JSONL {question_id, text}; --references JSONL {question_id, answer: yes|no}',
  choice: 'predictions JSONL {question_id, text}; --references JSONL {question_id, answer: A-E}',
  pope: 'LLaVA answers JSONL; --questions llava_pope_test.jsonl; --annotations the POPE coco folder',
  mme: 'LLaVA answers JSONL; --annotations the MME evaluation tool folder (one .txt per subtask)',
  'llava-bench': 'one or more LLaVA-Bench review JSONL files (their mean is the published number)',
  'mm-vet': 'an MM-Vet grade file (…-grade-Nruns.json)',
  bleu: 'COCO results JSON [{image_id, caption}]; --references a COCO captions file',
  'rouge-l': 'COCO results JSON [{image_id, caption}]; --references a COCO captions file',
  'cider-d': 'COCO results JSON [{image_id, caption}]; --references a COCO captions file',
} as const;
export type ScoreMetricName = keyof typeof scoreMetrics;

export type ScorePredictionsOptions = {
  metric: string;
  /** Prediction files (several only for llava-bench review runs). */
  predictions: readonly string[];
  references?: string;
  questions?: string;
  annotations?: string;
};

export type ScorePredictionsResult = {
  metric: ScoreMetricName;
  /** The headline numbers, named as the benchmark's papers name them. */
  scores: Record<string, number>;
  /** The metric's full result (per category, per subtask…). */
  details: unknown;
};

function needs(metric: string, option: string | undefined, flag: string): string {
  if (option === undefined) throw new MetricInputError({ metric, message: `${flag} is needed`, fix: `pass ${flag} (${scoreMetrics[metric as ScoreMetricName]})` });
  return option;
}

async function jsonLines(file: string): Promise<JsonRecord[]> {
  const records: JsonRecord[] = [];
  for await (const { value } of readJsonLines(file)) records.push(value);
  return records;
}

/** Scores a predictions file (or review/grade files) with one metric, checking ids on both sides. */
export async function scorePredictions(options: ScorePredictionsOptions): Promise<ScorePredictionsResult> {
  const { metric } = options;
  if (!(metric in scoreMetrics)) throw new UnknownMetricError({ metric, known: Object.keys(scoreMetrics) });
  const name = metric as ScoreMetricName;
  const [first] = options.predictions;
  if (first === undefined) throw new MetricInputError({ metric, message: 'no predictions file', fix: 'pass the predictions file' });
  if (options.predictions.length > 1 && name !== 'llava-bench') throw new MetricInputError({ metric, message: 'several predictions files given', fix: 'pass one (several only for llava-bench review runs)' });

  switch (name) {
    case 'exact-match':
    case 'yes-no':
    case 'choice': {
      const referencesFile = needs(metric, options.references, '--references');
      const references = await readReferenceAnswers(referencesFile, (id) => id);
      const pairs = pairById({ references, predictions: await jsonLines(first), predictionId: (record) => record.question_id, field: 'question_id', file: first });
      const scores = pairs.map(({ reference, prediction }) => {
        if (typeof prediction.text !== 'string') throw new MetricInputError({ metric, file: first, id: String(prediction.question_id), message: 'the prediction has no text', fix: 'put the answer in "text"' });
        return turnMetrics[name as TurnMetricName](prediction.text, reference);
      });
      return { metric: name, scores: { accuracy: numpyMean(scores) * 100, count: scores.length }, details: undefined };
    }
    case 'pope': {
      const annotations = await readLlavaPopeAnnotations({ questionFile: needs(metric, options.questions, '--questions'), annotationFolder: needs(metric, options.annotations, '--annotations') });
      const result = pope({ annotations, predictions: await readLlavaAnswers(first), files: { predictions: first } });
      return { metric: name, scores: { f1: result.categoryMean.f1 * 100, accuracy: result.categoryMean.accuracy * 100, precision: result.categoryMean.precision * 100, recall: result.categoryMean.recall * 100, yesRatio: result.categoryMean.yesRatio * 100 }, details: result };
    }
    case 'mme': {
      const questions = await readMmeQuestions(needs(metric, options.annotations, '--annotations'));
      const result = mme({ rows: matchMmeAnswers({ questions, answers: await readLlavaAnswers(first), file: first }) });
      return { metric: name, scores: { perception: result.perception, cognition: result.cognition }, details: result };
    }
    case 'llava-bench': {
      const runs = [];
      for (const file of options.predictions) {
        const reviews: LlavaBenchReview[] = (await jsonLines(file)).map((review, index) => {
          if (!Array.isArray(review.tuple)) throw new MetricInputError({ metric, file, index, message: 'the review has no tuple', fix: 'pass review files as LLaVA writes them' });
          return { tuple: review.tuple as number[], ...(typeof review.category === 'string' ? { category: review.category } : {}), ...(typeof review.question_id === 'number' || typeof review.question_id === 'string' ? { questionId: review.question_id } : {}) };
        });
        runs.push(llavaBenchScores({ reviews }));
      }
      return { metric: name, scores: { relative: llavaBenchMeanOfRuns(runs) }, details: runs };
    }
    case 'mm-vet': {
      let grades: unknown;
      try {
        grades = JSON.parse(await readFile(first, 'utf8'));
      } catch (error) {
        throw new EvalFileError({ file: first, message: 'cannot read the grade file as JSON', fix: 'pass the …-grade-Nruns.json file the MM-Vet grader wrote', cause: error });
      }
      const entries = Object.entries(grades as Record<string, { score?: unknown }>).map(([id, grade], index) => {
        if (!Array.isArray(grade?.score)) throw new MetricInputError({ metric, file: first, index, id, message: 'the grade has no score list', fix: 'pass the grade file the MM-Vet grader wrote' });
        return { id, scores: grade.score as number[] };
      });
      const result = mmVetScores({ grades: entries });
      return { metric: name, scores: { total: result.total, std: result.std }, details: result };
    }
    default: {
      const references = await readCocoCaptions(needs(metric, options.references, '--references'));
      const result = evaluateCaptions({ predictions: await readCocoCaptions(first), references, metrics: [name], files: { predictions: first, ...(options.references === undefined ? {} : { references: options.references }) } });
      return { metric: name, scores: result.scores, details: undefined };
    }
  }
}

