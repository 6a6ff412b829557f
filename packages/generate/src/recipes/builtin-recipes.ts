import { recipeSchema, type Recipe } from './recipe.js';

/** The paper's dataset: every source, Table 1 verbatim, multi-round dialogs per image mixing answer styles. */
export const COCO_ALL: Recipe = recipeSchema.parse({
  name: 'coco-all',
  description:
    'COCO is "ALL" You Need (ICME 2024): every annotation set on COCO images, one Table 1 template per turn, grouped per COCO image into multi-round dialogs that mix short and long answers.',
});

/**
 * The baseline the paper compares with: LLaVA-1.5's mix665k way of turning short-answer sets into dialogs,
 * one per image and source, where only the first turn says how to answer.
 */
export const MIX665K_LIKE: Recipe = recipeSchema.parse({
  name: 'mix665k-like',
  description:
    "LLaVA-1.5's mix665k style on the same sources: questions of one source grouped per image, the short-answer instruction on the first turn only, GPT-written conversations as they are.",
  dialogStyle: 'first-turn-suffix',
  datasets: ['vqav2', 'ok-vqa', 'a-okvqa', 'vg-qa', 'refcoco', 'refcoco+', 'refcocog', 'llava-instruct', 'coco-qa', 'tallyqa', 'st-vqa'],
  perImage: { captions: 0, objectList: false, counts: 0, regions: 0 },
});

export const BUILTIN_RECIPES: Readonly<Record<string, Recipe>> = { [COCO_ALL.name]: COCO_ALL, [MIX665K_LIKE.name]: MIX665K_LIKE };
