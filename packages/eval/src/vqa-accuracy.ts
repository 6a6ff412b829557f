import { MetricInputError } from './eval-errors.js';
import { pairByQuestionId } from './record-index.js';
import { cleanVqaAnswer, vqaProcessDigitArticle, vqaProcessPunctuation } from './vqa-answer.js';

/** One question's human answers (VQA v2 has ten), as strings or as the annotation file's answer objects. */
export type VqaAnnotation = {
  questionId: string | number;
  answers: ReadonlyArray<string | { answer: string }>;
  questionType?: string;
  answerType?: string;
};
export type VqaPrediction = { questionId: string | number; answer: string };

export type VqaAccuracyOptions = {
  predictions: readonly VqaPrediction[];
  annotations: readonly VqaAnnotation[];
  files?: { predictions?: string; annotations?: string };
};

export type VqaAccuracyResult = {
  /** Mean accuracy in [0, 1]; the official script prints 100 × this, rounded to 2 decimals. */
  accuracy: number;
  perQuestion: { questionId: string | number; accuracy: number }[];
  perQuestionType: Record<string, number>;
  perAnswerType: Record<string, number>;
};

/**
 * VQA accuracy as the official vqaEval.py computes it. Answers are normalised (punctuation, number words,
 * articles, contractions) only when the humans did not all give the same answer, exactly as there. Each
 * human answer is left out in turn and the prediction scores min(1, matches among the other nine / 3); the
 * question's accuracy is the mean over those ten rounds.
 */
export function vqaAccuracy(options: VqaAccuracyOptions): VqaAccuracyResult {
  const pairs = pairByQuestionId('vqa', options);
  const annotationFile = options.files?.annotations;

  const perQuestion: VqaAccuracyResult['perQuestion'] = [];
  const byQuestionType = new Map<string, number[]>();
  const byAnswerType = new Map<string, number[]>();
  for (const { id, reference, prediction } of pairs) {
    const { record: annotation, index } = reference;
    const human = annotation.answers.map((answer) => (typeof answer === 'string' ? answer : answer?.answer));
    if (human.length === 0 || human.some((answer) => typeof answer !== 'string')) {
      throw new MetricInputError({
        metric: 'vqa',
        index,
        id,
        message: 'the answers are not a list of strings or of {answer} objects',
        fix: 'give each question its human answers',
        ...(annotationFile === undefined ? {} : { file: annotationFile }),
      });
    }
    if (typeof prediction.answer !== 'string') {
      throw new MetricInputError({ metric: 'vqa', id, message: 'the predicted answer is not a string', fix: 'give one answer string per question' });
    }
    let answers = (human as string[]).map(cleanVqaAnswer);
    let predicted = cleanVqaAnswer(prediction.answer);
    if (new Set(answers).size > 1) {
      answers = answers.map((answer) => vqaProcessDigitArticle(vqaProcessPunctuation(answer)));
      predicted = vqaProcessDigitArticle(vqaProcessPunctuation(predicted));
    }
    let total = 0;
    for (let leftOut = 0; leftOut < answers.length; leftOut++) {
      let matches = 0;
      answers.forEach((answer, position) => {
        if (position !== leftOut && answer === predicted) matches++;
      });
      total += Math.min(1, matches / 3);
    }
    const accuracy = total / answers.length;
    perQuestion.push({ questionId: id, accuracy });
    if (annotation.questionType !== undefined) push(byQuestionType, annotation.questionType, accuracy);
    if (annotation.answerType !== undefined) push(byAnswerType, annotation.answerType, accuracy);
  }
  return {
    accuracy: pythonMean(perQuestion.map((question) => question.accuracy)),
    perQuestion,
    perQuestionType: Object.fromEntries([...byQuestionType].map(([type, values]) => [type, pythonMean(values)])),
    perAnswerType: Object.fromEntries([...byAnswerType].map(([type, values]) => [type, pythonMean(values)])),
  };
}

function push(groups: Map<string, number[]>, key: string, value: number): void {
  const group = groups.get(key);
  if (group === undefined) groups.set(key, [value]);
  else group.push(value);
}

/** `float(sum(values)) / len(values)`: Python's built-in sum adds left to right. */
function pythonMean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

