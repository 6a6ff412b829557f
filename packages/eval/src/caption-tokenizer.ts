import { ptbTokenizeLines } from './ptb-tokenizer.js';

/**
 * The tokens pycocoevalcap drops after tokenizing. They are compared after lower-casing, so the bracket
 * tokens -LRB- and -RRB- never match and stay in the text as "-lrb-" and "-rrb-", as in the reference.
 */
export const captionPunctuation: ReadonlySet<string> = new Set(["''", "'", '``', '`', '-LRB-', '-RRB-', '-LCB-', '-RCB-', '.', '?', '!', ',', ':', '-', '--', '...', ';']);

/**
 * Captions tokenized the way pycocoevalcap prepares them for its scorers: one pass of the PTB tokenizer over
 * all captions joined by newlines (so, as there, the start of the next caption can decide how an
 * abbreviation at the end of one is split), lower-cased, punctuation tokens dropped, tokens joined by
 * single spaces. Pass captions in the order the reference would see them: images in order, each image's
 * captions in order.
 */
export function tokenizeCaptions(captions: readonly string[]): string[] {
  // The reference turns newlines inside a caption into spaces. Other line breaks (\r, \v, \f, U+2028,
  // U+2029) would start a new output line there and shift every later caption onto the wrong image; they
  // are treated as spaces here instead.
  const text = captions.map((caption) => caption.replace(/[\n\r\u000B\u000C\u2028\u2029]/g, ' ')).join('\n');
  const lines = ptbTokenizeLines(text);
  return captions.map((_, index) =>
    (lines[index] ?? [])
      .map((token) => token.toLowerCase())
      .filter((token) => !captionPunctuation.has(token))
      .join(' '),
  );
}
