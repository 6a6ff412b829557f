import { MetricInputError } from './eval-errors.js';
import { mmeQuestionFromPrompt, type MmeRow } from './mme.js';

/** A line of the MME ground truth: the tool's `image<TAB>question<TAB>Yes|No`, with its subtask. */
export type MmeQuestion = { category: string; image: string; question: string; answer: string };

/** A model answer as LLaVA writes it: `question_id` is `subtask/image`, `prompt` the text it was asked. */
export type LlavaMmeAnswer = { questionId: string; prompt: string; text: string };

/**
 * MME rows from LLaVA-style answers, matched to the ground truth the way LLaVA's convert_answer_to_mme.py
 * does it: by subtask, image file name and question (the prompt turned back into MME's wording). Rows come
 * in the answers' order.
 */
export function matchMmeAnswers(options: { questions: readonly MmeQuestion[]; answers: readonly LlavaMmeAnswer[]; file?: string }): MmeRow[] {
  const stem = (image: string): string => {
    const name = image.split('/').pop() ?? image;
    const dot = name.indexOf('.');
    return dot === -1 ? name : name.slice(0, dot);
  };
  const key = (category: string, image: string, question: string): string => JSON.stringify([category, stem(image), question]);
  const truth = new Map(options.questions.map((question) => [key(question.category, question.image, question.question), question]));
  return options.answers.map((answer, index) => {
    const [category = ''] = answer.questionId.split('/');
    const image = answer.questionId.split('/').pop() ?? '';
    const question = mmeQuestionFromPrompt(answer.prompt, (candidate) => truth.has(key(category, image, candidate)));
    const found = truth.get(key(category, image, question));
    if (found === undefined) {
      throw new MetricInputError({
        metric: 'mme',
        index,
        id: answer.questionId,
        message: `no ground-truth question ${JSON.stringify(question)} for this image`,
        fix: 'answer the questions of the MME release, with LLaVA-style question ids (subtask/image)',
        ...(options.file === undefined ? {} : { file: options.file }),
      });
    }
    return { category, image: found.image, question: found.question, answer: found.answer, prediction: answer.text };
  });
}
