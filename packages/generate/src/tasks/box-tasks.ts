import type { CocoImage, ObjectAnnotation, ReferringAnnotation, RegionAnnotation } from '@vift/sources';
import { TEMPLATES, templateText } from '../templates/catalog.js';
import { fillTemplate } from '../templates/template.js';
import { shortPhrase } from './answer-shaping.js';
import { boxText } from './boxes.js';
import { plural } from './plural.js';
import { pickSome } from './seeded-pick.js';
import { templatePair, type TaskContext, type TurnUnit } from './turn-unit.js';

const MAX_LISTED_OBJECTS = 20;

/** Every non-crowd object (the 20 largest when there are more) with its box, largest first. */
export function objectListUnit(objects: readonly ObjectAnnotation[], image: CocoImage, context: TaskContext): TurnUnit | undefined {
  const listed = objects
    .filter((object) => !object.crowd)
    .sort((left, right) => right.box[2] * right.box[3] - left.box[2] * left.box[3])
    .slice(0, MAX_LISTED_OBJECTS);
  const first = listed[0];
  if (first === undefined) return undefined;
  const template = TEMPLATES['vift-object-list'];
  const answer = listed.map((object) => `${object.category}: ${boxText(object.box, image)}`).join('\n');
  const anchor = { dataset: first.dataset, annotationId: listed.map((object) => object.annotationId).join(',') };
  return templatePair(template, templateText(template, context.wording, context.random()), answer, anchor, 'object-listing');
}

/** "How many dogs ...?" for categories whose count is exact (no crowd region of that category). */
export function objectCountUnits(objects: readonly ObjectAnnotation[], context: TaskContext): TurnUnit[] {
  const byCategory = new Map<string, ObjectAnnotation[]>();
  for (const object of objects) byCategory.set(object.category, [...(byCategory.get(object.category) ?? []), object]);
  const countable = [...byCategory].filter(([, members]) => members.every((member) => !member.crowd));
  const template = TEMPLATES['vift-object-count'];
  return pickSome(countable, context.limits.counts, context.random).map(([category, members]) => {
    const text = fillTemplate(templateText(template, context.wording, context.random()), { category: plural(category) });
    const anchor = { dataset: members[0]!.dataset, annotationId: members.map((member) => member.annotationId).join(',') };
    return templatePair(template, text, String(members.length), anchor, 'counting');
  });
}

/** Alternates the two directions: box → phrase (region caption) and phrase → box (grounding). */
function boxPhraseUnit(phrase: string, annotation: RegionAnnotation | ReferringAnnotation, image: CocoImage, context: TaskContext, toBox: boolean): TurnUnit {
  const box = boxText(annotation.box, image);
  if (toBox) {
    const template = TEMPLATES['vift-referring-box'];
    const text = fillTemplate(templateText(template, context.wording, context.random()), { expression: shortPhrase(phrase).toLowerCase() });
    return templatePair(template, text, box, annotation, 'grounding');
  }
  const template = TEMPLATES['vift-region-caption'];
  const text = fillTemplate(templateText(template, context.wording, context.random()), { box });
  return templatePair(template, text, shortPhrase(phrase), annotation, 'region-caption');
}

export function regionUnits(regions: readonly RegionAnnotation[], image: CocoImage, context: TaskContext): TurnUnit[] {
  return pickSome(regions, context.limits.regions, context.random).map((region) => boxPhraseUnit(region.phrase, region, image, context, context.random() < 0.5));
}

export function referringUnits(refs: readonly ReferringAnnotation[], image: CocoImage, context: TaskContext): TurnUnit[] {
  return pickSome(refs, context.limits.referring, context.random).flatMap((ref) => {
    const expression = ref.expressions[Math.floor(context.random() * ref.expressions.length)];
    return expression === undefined ? [] : [boxPhraseUnit(expression, ref, image, context, context.random() < 0.5)];
  });
}
