import type {
  CaptionAnnotation,
  ConversationAnnotation,
  CountAnnotation,
  DialogAnnotation,
  ExplainedAnswerAnnotation,
  MultipleChoiceAnnotation,
  ParagraphAnnotation,
  QuestionAnnotation,
  StatementAnnotation,
} from '@vift/sources';
import { TEMPLATES, templateText } from '../templates/catalog.js';
import { fillTemplate } from '../templates/template.js';
import { caption, letterWithExplanation, phraseWithExplanation, questionWithChoices, sentence, shortPhrase, yesNo } from './answer-shaping.js';
import { templatePair, type DialogTurn, type TaskContext, type TurnUnit } from './turn-unit.js';

const ask = (templateId: keyof typeof TEMPLATES, context: TaskContext, slots: Record<string, string>) => {
  const template = TEMPLATES[templateId];
  // A choice list ends its line; the instruction that follows starts the next one without a space.
  return { template, text: fillTemplate(templateText(template, context.wording, context.random()), slots).replace(/\n /g, '\n') };
};
const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

export function captionUnit(annotation: CaptionAnnotation, context: TaskContext): TurnUnit {
  const { template, text } = ask('table1-coco-caption', context, {});
  return templatePair(template, text, caption(annotation.text), annotation, 'caption');
}

export function paragraphUnit(annotation: ParagraphAnnotation, context: TaskContext): TurnUnit {
  const { template, text } = ask('table1-image-paragraph', context, {});
  return templatePair(template, text, clean(annotation.text), annotation, 'paragraph');
}

export function questionUnit(annotation: QuestionAnnotation, context: TaskContext): TurnUnit {
  const { template, text } = ask('table1-short-phrase', context, { question: clean(annotation.question) });
  return templatePair(template, text, shortPhrase(annotation.answer), annotation, 'short-vqa');
}

export function countUnit(annotation: CountAnnotation, context: TaskContext): TurnUnit {
  const { template, text } = ask('table1-tallyqa', context, { question: clean(annotation.question) });
  return templatePair(template, text, String(annotation.answer), annotation, 'counting');
}

export function explainedAnswerUnit(annotation: ExplainedAnswerAnnotation, context: TaskContext): TurnUnit {
  const { template, text } = ask('table1-vqa-e', context, { question: clean(annotation.question) });
  return templatePair(template, text, phraseWithExplanation(annotation.answer, annotation.explanation), annotation, 'explained-vqa');
}

export function multipleChoiceUnit(annotation: MultipleChoiceAnnotation, context: TaskContext): TurnUnit {
  const question = questionWithChoices(annotation.question, annotation.choices);
  const { template, text } = ask('table1-a-okvqa', context, { question });
  const answer = letterWithExplanation(annotation.answerIndex, annotation.rationales[0]);
  return templatePair(template, text, answer, annotation, 'multiple-choice');
}

export function statementUnit(annotation: StatementAnnotation, context: TaskContext): TurnUnit {
  const { template, text } = ask('table1-vsr', context, { question: sentence(annotation.statement) });
  return templatePair(template, text, yesNo(annotation.label), annotation, 'yes-no');
}

/** A VisDial dialog stays one unit: its questions refer back ("is he smiling?"). */
export function dialogUnit(annotation: DialogAnnotation, context: TaskContext): TurnUnit {
  const turns = annotation.rounds.flatMap((round, index) => {
    const { template, text } = ask('vift-dialog-question', context, { question: clean(round.question) });
    const source = { dataset: annotation.dataset, task: 'dialog', template: template.id, annotationId: `${annotation.annotationId}#${index}` };
    return [
      { role: 'user', text, source },
      { role: 'assistant', text: shortPhrase(round.answer), source },
    ] satisfies DialogTurn[];
  });
  return { turns, style: 'short-phrase', dataset: annotation.dataset };
}

/** GPT-written conversations join as they are (the paper keeps them unchanged). */
export function conversationUnit(annotation: ConversationAnnotation): TurnUnit {
  const source = { dataset: annotation.dataset, task: annotation.task ?? 'conversation', template: 'passthrough', annotationId: annotation.annotationId };
  return { turns: annotation.turns.map((turn) => ({ role: turn.role, text: turn.text, source })), style: 'open-ended', dataset: annotation.dataset };
}
