import type { Annotation, AnnotationKind } from '@vift/sources';
import { objectCountUnits, objectListUnit, referringUnits, regionUnits } from './box-tasks.js';
import { pickSome } from './seeded-pick.js';
import {
  captionUnit,
  conversationUnit,
  countUnit,
  dialogUnit,
  explainedAnswerUnit,
  multipleChoiceUnit,
  paragraphUnit,
  questionUnit,
  statementUnit,
} from './text-tasks.js';
import type { ImageGroup, TaskContext, TurnUnit } from './turn-unit.js';

type OfKind<K extends AnnotationKind> = Extract<Annotation, { kind: K }>;

function byKind(annotations: readonly Annotation[]) {
  const groups = new Map<AnnotationKind, Annotation[]>();
  for (const annotation of annotations) {
    const group = groups.get(annotation.kind);
    if (group === undefined) groups.set(annotation.kind, [annotation]);
    else group.push(annotation);
  }
  return <K extends AnnotationKind>(kind: K): OfKind<K>[] => (groups.get(kind) ?? []) as OfKind<K>[];
}

/** Questions are capped per source dataset, so one plentiful set cannot crowd out the others. */
function capPerDataset<T extends Annotation>(annotations: readonly T[], cap: number, random: () => number): T[] {
  if (cap <= 0) return [...annotations];
  const perDataset = new Map<string, T[]>();
  for (const annotation of annotations) perDataset.set(annotation.dataset, [...(perDataset.get(annotation.dataset) ?? []), annotation]);
  return [...perDataset.values()].flatMap((group) => pickSome(group, cap, random));
}

/** An image's turn units, and spare long-answer units the composer may add to a dialog of short answers only. */
export type ImageUnits = { units: TurnUnit[]; reserve: TurnUnit[] };

/**
 * Every turn unit one image yields under the recipe's limits, kind by kind in a fixed order; the composer
 * decides their order in the dialogs. The random source is the image's own, so the result depends only
 * on the image's annotations and the seed (what makes sharded runs equal the single-machine one).
 */
export function unitsForImage(group: ImageGroup, context: TaskContext): ImageUnits {
  const of = byKind(group.annotations);
  const { limits, random } = context;
  const objects = of('object');
  const captions = of('caption');
  const picked = new Set(pickSome(captions, limits.captions, random));
  const units = [
    ...[...picked].map((annotation) => captionUnit(annotation, context)),
    ...of('paragraph').map((annotation) => paragraphUnit(annotation, context)),
    ...capPerDataset(of('question'), limits.questionsPerDataset, random).map((annotation) => questionUnit(annotation, context)),
    ...capPerDataset(of('count'), limits.questionsPerDataset, random).map((annotation) => countUnit(annotation, context)),
    ...capPerDataset(of('explained-answer'), limits.questionsPerDataset, random).map((annotation) => explainedAnswerUnit(annotation, context)),
    ...capPerDataset(of('multiple-choice'), limits.questionsPerDataset, random).map((annotation) => multipleChoiceUnit(annotation, context)),
    ...capPerDataset(of('statement'), limits.questionsPerDataset, random).map((annotation) => statementUnit(annotation, context)),
    ...(limits.objectList ? [objectListUnit(objects, group.image, context)].filter((unit) => unit !== undefined) : []),
    ...objectCountUnits(objects, context),
    ...regionUnits(of('region'), group.image, context),
    ...referringUnits(of('referring'), group.image, context),
    ...of('dialog').map((annotation) => dialogUnit(annotation, context)),
    ...of('conversation').map((annotation) => conversationUnit(annotation)),
  ];
  // The captions left over give a long answer to a dialog that would otherwise have none.
  const reserve = captions.filter((annotation) => !picked.has(annotation)).map((annotation) => captionUnit(annotation, context));
  return { units, reserve };
}
