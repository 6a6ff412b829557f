/** Counts the tokens of a text: a tokenizer of your own (e.g. one of @huggingface/transformers), or the estimate below. */
export type CountTokens = (text: string) => number;

/**
 * An estimate of a LLaMA-family (SentencePiece) tokenizer on English text: the larger of 4/3 tokens a word
 * and one token per 4 characters, rounded up. Good to a few percent on ordinary prose; numbers, code and
 * non-Latin scripts take more tokens, so pass a real tokenizer when a sample is near the limit.
 */
export function estimateTextTokens(text: string): number {
  if (text === '') return 0;
  const words = text.split(/\s+/).filter((word) => word !== '').length;
  return Math.ceil(Math.max((words * 4) / 3, text.length / 4));
}

/**
 * Tokens a chat template adds, estimated for LLaVA's "v1" template: the system prompt with the start token
 * before the first turn, and the role tag and separator around each turn.
 */
export type TemplateTokens = { prefix: number; perTurn: number };

export const llavaV1TemplateTokens: TemplateTokens = { prefix: 40, perTurn: 5 };
