/**
 * A tokenizer-free estimate of a text's length in tokens: one per four characters, rounded up. Close
 * enough for English with LLaMA-style tokenizers to keep dialogs under a model's maximum length.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
