import { IMAGE_PLACEHOLDER } from '@vift/schema';

/** A turn as the content-part formats (TRL, OpenAI) see it: text and images in order. */
export type ContentPiece = { kind: 'text'; text: string } | { kind: 'image' };

/**
 * Splits a turn at its "<image>" placeholders. One newline right next to a placeholder is taken as the
 * separator LLaVA puts there ("<image>\nWhat is...") and dropped, so parts read naturally; `joinPieces`
 * puts it back, which makes the two exact inverses for text and image parts that alternate.
 */
export function splitPieces(text: string): ContentPiece[] {
  const segments = text.split(IMAGE_PLACEHOLDER);
  if (segments.length === 1) return [{ kind: 'text', text }];
  const pieces: ContentPiece[] = [];
  segments.forEach((segment, position) => {
    let piece = segment;
    if (position > 0) {
      pieces.push({ kind: 'image' });
      if (piece.startsWith('\n')) piece = piece.slice(1);
    }
    if (position < segments.length - 1 && piece.endsWith('\n')) piece = piece.slice(0, -1);
    if (piece !== '') pieces.push({ kind: 'text', text: piece });
  });
  return pieces;
}

export function joinPieces(pieces: readonly ContentPiece[]): string {
  let text = '';
  let previous: ContentPiece | undefined;
  for (const piece of pieces) {
    if (previous !== undefined && (previous.kind === 'image' || piece.kind === 'image')) text += '\n';
    text += piece.kind === 'image' ? IMAGE_PLACEHOLDER : piece.text;
    previous = piece;
  }
  return text;
}
