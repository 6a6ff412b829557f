import type { Annotation, CocoImage, SourceDataset } from '@vift/sources';
import type { Provenance } from '@vift/schema';
import type { InstructionWording } from '../templates/catalog.js';
import type { AnswerStyle, Template } from '../templates/template.js';

export type DialogTurn = { role: 'user' | 'assistant'; text: string; source: Provenance };

/**
 * One or more question-answer pairs that stay together in a dialog, in order: one VQA pair, or a whole
 * VisDial dialog or GPT-written conversation whose later turns refer to earlier ones.
 */
export type TurnUnit = { turns: DialogTurn[]; style: AnswerStyle; dataset: SourceDataset };

/** The annotations of one COCO image, as the composer receives them. */
export type ImageGroup = { image: CocoImage; annotations: Annotation[] };

/** How many annotations of the plentiful kinds one image contributes; the rest are left out. */
export type PerImageLimits = {
  captions: number;
  regions: number;
  referring: number;
  counts: number;
  objectList: boolean;
  /** Questions (VQA, VG QA, COCO-QA, ...) per source dataset; 0 means all. */
  questionsPerDataset: number;
};

export type TaskContext = {
  wording: InstructionWording;
  limits: PerImageLimits;
  /** Seeded, so the same image and seed give the same turns. */
  random: () => number;
};

/** A user turn from a template and the assistant's shaped answer, both carrying the same provenance. */
export function templatePair(
  template: Template,
  userText: string,
  answer: string,
  annotation: Pick<Annotation, 'dataset' | 'annotationId'>,
  task: string,
): TurnUnit {
  const source: Provenance = { dataset: annotation.dataset, task, template: template.id, annotationId: annotation.annotationId };
  return {
    turns: [
      { role: 'user', text: userText, source },
      { role: 'assistant', text: answer, source },
    ],
    style: template.answerStyle,
    dataset: annotation.dataset,
  };
}
