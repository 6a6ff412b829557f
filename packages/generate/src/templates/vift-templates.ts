import type { Template } from './template.js';

/**
 * vift's templates for annotation kinds that Table 1 does not cover (COCO instances, VG regions,
 * RefCOCO, VisDial). Written for vift; the wording says the answer format like Table 1 does.
 */
export const VIFT_TEMPLATES = [
  {
    id: 'vift-object-list',
    origin: 'vift',
    sources: ['coco-instances'],
    text: 'List the objects in the image with their bounding boxes as [x1, y1, x2, y2] in relative coordinates.',
    answerStyle: 'object-list',
    paraphrases: ['Name every object you can see and give its bounding box as [x1, y1, x2, y2], with coordinates between 0 and 1.'],
  },
  {
    id: 'vift-object-count',
    origin: 'vift',
    sources: ['coco-instances'],
    text: 'How many {category} are there in the image? Answer the question with a number.',
    answerStyle: 'number',
    paraphrases: ['Count the {category} in the image. Reply with a number only.'],
  },
  {
    id: 'vift-region-caption',
    origin: 'vift',
    sources: ['vg-region', 'refcoco', 'refcoco+', 'refcocog'],
    text: 'Describe the region {box} of the image with a short phrase.',
    answerStyle: 'region-phrase',
    paraphrases: ['What is in the region {box}? Answer with a short phrase.'],
  },
  {
    id: 'vift-referring-box',
    origin: 'vift',
    sources: ['refcoco', 'refcoco+', 'refcocog', 'vg-region'],
    text: 'Give the bounding box of the region described as "{expression}", as [x1, y1, x2, y2] in relative coordinates.',
    answerStyle: 'box',
    paraphrases: ['Where is "{expression}"? Answer with its bounding box [x1, y1, x2, y2] in relative coordinates.'],
  },
  {
    id: 'vift-dialog-question',
    origin: 'vift',
    sources: ['visdial'],
    text: '{question} Answer the question with a short phrase.',
    answerStyle: 'short-phrase',
    paraphrases: ['{question} Reply with a short phrase.'],
  },
] as const satisfies readonly Template[];
