import type { Template } from './template.js';

/**
 * The prompts LLaVA-1.5 used when it grouped short-answer sets into conversations for its mix665k data:
 * the format instruction on the first question of a dialog, the later questions bare. Used by the
 * `mix665k-like` baseline recipe only.
 */
export const BASELINE_TEMPLATES = [
  {
    id: 'mix665k-first-short-answer',
    origin: 'vift',
    sources: ['vqav2', 'ok-vqa', 'vg-qa', 'coco-qa', 'st-vqa', 'tallyqa'],
    text: '{question}\nAnswer the question using a single word or phrase.',
    answerStyle: 'short-phrase',
    paraphrases: [],
  },
  {
    id: 'mix665k-bare-question',
    origin: 'vift',
    sources: ['vqav2', 'ok-vqa', 'vg-qa', 'coco-qa', 'st-vqa', 'tallyqa'],
    text: '{question}',
    answerStyle: 'short-phrase',
    paraphrases: [],
  },
  {
    id: 'mix665k-letter',
    origin: 'vift',
    sources: ['a-okvqa'],
    text: "{question}Answer with the option's letter from the given choices directly.",
    answerStyle: 'short-phrase',
    paraphrases: [],
  },
] as const satisfies readonly Template[];
