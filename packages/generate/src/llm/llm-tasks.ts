/** The three kinds of data LLaVA had a text-only model write about each COCO image. */
export type LlmTask = 'conversation' | 'detail' | 'complex-reasoning';

export type LlmTaskSpec = {
  /** The folder of the task's prompts in LLaVA's `playground/data/prompts/`. */
  folder: string;
  /** Whether the context lists the object boxes (LLaVA's conversation examples give captions only). */
  boxes: boolean;
  /**
   * `dialog`: the reply is `Question:` / `Answer:` blocks between `===` lines, turned into turns as they are.
   * `answer`: the reply is the answer alone, asked with a question from `DETAIL_QUESTIONS`.
   */
  reply: 'dialog' | 'answer';
};

export const LLM_TASKS: Readonly<Record<LlmTask, LlmTaskSpec>> = {
  conversation: { folder: 'conversation', boxes: false, reply: 'dialog' },
  detail: { folder: 'detail_description', boxes: true, reply: 'answer' },
  'complex-reasoning': { folder: 'complex_reasoning', boxes: true, reply: 'dialog' },
};

/**
 * The requests that go with a detailed description: one per image, drawn by a seeded random source, so
 * the model learns the behaviour from many wordings rather than one (as LLaVA did with its own list).
 */
export const DETAIL_QUESTIONS: readonly string[] = [
  'Describe this image in detail.',
  'Give a detailed account of what this picture shows.',
  'What is happening in this image? Describe it thoroughly.',
  'Write a detailed description of the scene in the photo.',
  'Walk me through everything you can see in this image.',
  'Describe the picture as fully as you can, including the objects and where they are.',
  'Provide a thorough description of this photograph.',
  'Explain in detail what this image contains.',
  'Paint a detailed picture in words of the scene shown here.',
  'Tell me about this image in as much detail as possible.',
  'Give an in-depth description of the contents of this image.',
  'Describe the scene, the objects in it and how they are arranged.',
];
