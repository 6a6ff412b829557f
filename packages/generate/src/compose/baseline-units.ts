import type { Annotation } from '@vift/sources';
import { TEMPLATES } from '../templates/catalog.js';
import { fillTemplate } from '../templates/template.js';
import { CHOICE_LETTERS, questionWithChoices, shortPhrase } from '../tasks/answer-shaping.js';
import { referringUnits } from '../tasks/box-tasks.js';
import { conversationUnit } from '../tasks/text-tasks.js';
import { templatePair, type ImageGroup, type TaskContext, type TurnUnit } from '../tasks/turn-unit.js';

/** The question and short answer of an annotation a mix665k-style dialog can hold, if it is one. */
function shortQuestion(annotation: Annotation): { question: string; answer: string; choices?: string } | undefined {
  switch (annotation.kind) {
    case 'question':
      return { question: annotation.question.trim(), answer: shortPhrase(annotation.answer) };
    case 'count':
      return { question: annotation.question.trim(), answer: String(annotation.answer) };
    case 'explained-answer':
      return { question: annotation.question.trim(), answer: shortPhrase(annotation.answer) };
    case 'multiple-choice':
      return { question: annotation.question, answer: CHOICE_LETTERS[annotation.answerIndex] ?? '?', choices: questionWithChoices(annotation.question, annotation.choices) };
    default:
      return undefined;
  }
}

/**
 * One image's dialogs the way LLaVA-1.5 built mix665k: one dialog per source dataset, its first question
 * carrying the answer-format instruction and the rest bare. Referring expressions and GPT conversations
 * are kept as their own dialogs. Each returned list is one dialog (cut further by the caps).
 */
export function baselineDialogs(group: ImageGroup, context: TaskContext): TurnUnit[][] {
  const perDataset = new Map<string, TurnUnit[]>();
  for (const annotation of group.annotations) {
    const item = shortQuestion(annotation);
    if (item === undefined) continue;
    const units = perDataset.get(annotation.dataset) ?? [];
    const template =
      item.choices !== undefined ? TEMPLATES['mix665k-letter'] : units.length === 0 ? TEMPLATES['mix665k-first-short-answer'] : TEMPLATES['mix665k-bare-question'];
    const text = fillTemplate(template.text, { question: item.choices ?? item.question });
    units.push(templatePair(template, text, item.answer, annotation, 'short-vqa'));
    perDataset.set(annotation.dataset, units);
  }
  const referring = referringUnits(
    group.annotations.filter((annotation) => annotation.kind === 'referring'),
    group.image,
    context,
  );
  const conversations = group.annotations.flatMap((annotation) => (annotation.kind === 'conversation' ? [[conversationUnit(annotation)]] : []));
  return [...perDataset.values(), ...(referring.length > 0 ? [referring] : []), ...conversations];
}
