import type { Template } from './template.js';

/**
 * The templates of Table 1 of "COCO is 'ALL' You Need for Visual Instruction Fine-tuning" (ICME 2024),
 * verbatim; `{question}` is the source's question (for VSR its statement, for A-OKVQA the question with its
 * lettered choices). The paraphrases are vift's, used only when a recipe asks for them.
 */
export const TABLE_1_TEMPLATES = [
  {
    id: 'table1-coco-caption',
    origin: 'table-1',
    sources: ['coco-caption'],
    text: 'Describe the content of this image in 20 words.',
    answerStyle: 'caption',
    paraphrases: [
      'Summarize what this image shows in about 20 words.',
      'In roughly 20 words, describe what you see in the image.',
      'Give a 20-word description of this picture.',
    ],
  },
  {
    id: 'table1-image-paragraph',
    origin: 'table-1',
    sources: ['image-paragraph'],
    text: 'Describe the image in one paragraph.',
    answerStyle: 'paragraph',
    paraphrases: ['Write one paragraph describing this image.', 'Give a detailed description of the picture in a single paragraph.'],
  },
  {
    id: 'table1-short-phrase',
    origin: 'table-1',
    sources: ['coco-qa', 'vg-qa', 'vqav2', 'ok-vqa', 'st-vqa'],
    text: '{question} Answer the question with a short phrase.',
    answerStyle: 'short-phrase',
    paraphrases: ['{question} Reply with a short phrase.', '{question} Keep your answer to a few words.', '{question} Answer briefly, in a short phrase.'],
  },
  {
    id: 'table1-tallyqa',
    origin: 'table-1',
    sources: ['tallyqa'],
    text: '{question} Answer the question with a number.',
    answerStyle: 'number',
    paraphrases: ['{question} Reply with a number only.', '{question} Give the count as a number.'],
  },
  {
    id: 'table1-vqa-e',
    origin: 'table-1',
    sources: ['vqa-e'],
    text: '{question} Answer with a short phrase and provide explanation for your answer.',
    answerStyle: 'phrase-with-explanation',
    paraphrases: ['{question} Give a short answer, then explain why.', '{question} Answer in a few words and justify your answer.'],
  },
  {
    id: 'table1-vsr',
    origin: 'table-1',
    sources: ['vsr'],
    text: '{question} Please answer yes or no about whether the statement about the image is true.',
    answerStyle: 'yes-no',
    paraphrases: ['{question} Is this statement about the image true? Answer yes or no.', '{question} Answer yes if the statement matches the image, otherwise no.'],
  },
  {
    id: 'table1-a-okvqa',
    origin: 'table-1',
    sources: ['a-okvqa'],
    text: "{question} Answer with option's letter from the given choices and provide explanation for your choice.",
    answerStyle: 'letter-with-explanation',
    paraphrases: ['{question} Pick the letter of the right choice and explain your pick.', '{question} Reply with the letter of the correct option, then give the reason.'],
  },
] as const satisfies readonly Template[];
