import { MetricInputError } from './eval-errors.js';
import { pythonStrip } from './python-text.js';

/** One MME question with the model's answer: a line of the MME evaluation tool's result files. */
export type MmeRow = {
  /** The subtask, e.g. `existence`, `OCR`, `code_reasoning`. */
  category: string;
  image: string;
  question: string;
  /** The ground truth, "Yes" or "No" (any case). */
  answer: string;
  /** The model's answer. */
  prediction: string;
};

export type MmeOptions = { rows: readonly MmeRow[]; file?: string };

export type MmeSubtaskScores = {
  questions: number;
  images: number;
  /** Share of questions answered right, in [0, 1]. */
  accuracy: number;
  /** Share of images whose questions (two each in MME) are all answered right. */
  accuracyPlus: number;
  /** 100 × (accuracy + accuracy+), the subtask's score out of 200. */
  score: number;
  /** Answers read as neither yes nor no. */
  otherAnswers: number;
};

export type MmeResult = {
  subtasks: Record<string, MmeSubtaskScores>;
  /** Sum of the perception subtasks' scores (out of 2000), over those present. */
  perception: number;
  /** Sum of the cognition subtasks' scores (out of 800), over those present. */
  cognition: number;
  /** Subtasks of MME that the rows do not cover: the totals leave them out. */
  missing: string[];
};

/** The two groups of MME subtasks and the order the evaluation tool adds their scores in. */
export const mmeSubtasks = {
  perception: ['existence', 'count', 'position', 'color', 'posters', 'celebrity', 'scene', 'landmark', 'artwork', 'OCR'],
  cognition: ['commonsense_reasoning', 'numerical_calculation', 'text_translation', 'code_reasoning'],
} as const;

/**
 * How the MME tool reads an answer: lower-cased, exactly "yes" or "no", else "yes" if its first four
 * characters contain "yes", else "no" if they contain "no", else neither.
 */
export function parseMmeAnswer(text: string): 'yes' | 'no' | 'other' {
  const lower = text.toLowerCase();
  if (lower === 'yes' || lower === 'no') return lower;
  const prefix = lower.slice(0, 4);
  if (prefix.includes('yes')) return 'yes';
  if (prefix.includes('no')) return 'no';
  return 'other';
}

/**
 * MME as its evaluation tool (calculation.py) scores it: per subtask the accuracy over questions and the
 * accuracy+ over images (both questions right), the subtask score 100 × (acc + acc+), and the perception and
 * cognition totals as sums of subtask scores. The tool pairs a file's lines two by two; here the questions
 * of an image are grouped by (subtask, image), which is the same on MME's files.
 */
export function mme(options: MmeOptions): MmeResult {
  if (options.rows.length === 0) throw new MetricInputError({ metric: 'mme', message: 'no questions to score', fix: 'pass the rows of at least one subtask' });
  const bySubtask = new Map<string, Map<string, boolean[]>>();
  const otherAnswers = new Map<string, number>();
  options.rows.forEach((row, index) => {
    const truth = typeof row.answer === 'string' ? row.answer.toLowerCase() : '';
    if (truth !== 'yes' && truth !== 'no') {
      throw new MetricInputError({
        metric: 'mme',
        index,
        message: `the ground truth of ${row.category}/${row.image} is ${JSON.stringify(row.answer)}, not Yes or No`,
        fix: 'use the MME ground truth files, whose answers are Yes or No',
        ...(options.file === undefined ? {} : { file: options.file }),
      });
    }
    if (typeof row.prediction !== 'string') {
      throw new MetricInputError({ metric: 'mme', index, message: 'the prediction is not a string', fix: 'give each question the model answer as text' });
    }
    const predicted = parseMmeAnswer(row.prediction);
    let images = bySubtask.get(row.category);
    if (images === undefined) bySubtask.set(row.category, (images = new Map()));
    const outcomes = images.get(row.image);
    if (outcomes === undefined) images.set(row.image, [predicted === truth]);
    else outcomes.push(predicted === truth);
    if (predicted === 'other') otherAnswers.set(row.category, (otherAnswers.get(row.category) ?? 0) + 1);
  });

  const subtasks: Record<string, MmeSubtaskScores> = {};
  for (const [category, images] of bySubtask) {
    let questions = 0;
    let correct = 0;
    let allCorrect = 0;
    for (const outcomes of images.values()) {
      questions += outcomes.length;
      correct += outcomes.filter(Boolean).length;
      if (outcomes.every(Boolean)) allCorrect++;
    }
    const accuracy = correct / questions;
    const accuracyPlus = allCorrect / images.size;
    subtasks[category] = {
      questions,
      images: images.size,
      accuracy,
      accuracyPlus,
      score: accuracy * 100 + accuracyPlus * 100,
      otherAnswers: otherAnswers.get(category) ?? 0,
    };
  }
  const total = (names: readonly string[]): number => names.reduce((sum, name) => sum + (subtasks[name]?.score ?? 0), 0);
  return {
    subtasks,
    perception: total(mmeSubtasks.perception),
    cognition: total(mmeSubtasks.cognition),
    missing: [...mmeSubtasks.perception, ...mmeSubtasks.cognition].filter((name) => subtasks[name] === undefined),
  };
}

/**
 * The question as the MME ground truth writes it, from a prompt as LLaVA asked it: LLaVA's short-answer
 * suffix removed and MME's "Please answer yes or no." put back (convert_answer_to_mme.py). The ground truth
 * has a few questions with two spaces before that sentence; `hasQuestion` lets the caller try that spelling.
 */
export function mmeQuestionFromPrompt(prompt: string, hasQuestion?: (question: string) => boolean): string {
  const suffix = 'Answer the question using a single word or phrase.';
  let question = prompt.includes(suffix) ? pythonStrip(prompt.replaceAll(suffix, '')) : prompt;
  if (!question.includes('Please answer yes or no.')) {
    question = `${question} Please answer yes or no.`;
    if (hasQuestion !== undefined && !hasQuestion(question)) {
      const spaced = question.replace(' Please answer yes or no.', '  Please answer yes or no.');
      if (hasQuestion(spaced)) question = spaced;
    }
  }
  return question;
}
