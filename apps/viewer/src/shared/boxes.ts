/**
 * Boxes written in turn text the way LLaVA and vift's generators write them: `[x1, y1, x2, y2]`, each
 * coordinate relative to the image size in [0, 1] ("[0.078, 0.452, 0.377, 0.813]"). Grounding answers are
 * such a box, region questions hold one, object lists put one per line after the category
 * ("oven: [0.078, 0.452, 0.377, 0.813]"). Pixel boxes and other spellings are not recognised.
 */

export type Box = readonly [x1: number, y1: number, x2: number, y2: number];

/** A box found in one turn, with what it shows. */
export type TurnBox = { turnIndex: number; box: Box; label: string };

type TurnText = { role: string; text: string };

const number = String.raw`(\d*\.?\d+)`;
const boxPattern = new RegExp(String.raw`\[\s*${number}\s*,\s*${number}\s*,\s*${number}\s*,\s*${number}\s*\]`, 'g');
const LABEL_CHARACTERS = 40;

/** A box in a text: where it is written, and the category that starts its line when there is one. */
export type TextBox = { box: Box; start: number; end: number; lineLabel: string | undefined };

/** The boxes of one text, in order. */
export function boxesInText(text: string): TextBox[] {
  const found: TextBox[] = [];
  for (const match of text.matchAll(boxPattern)) {
    const values = match.slice(1, 5).map(Number) as [number, number, number, number];
    const [x1, y1, x2, y2] = values;
    // Four numbers in brackets are many things; a box is relative, inside the image and not inverted.
    if (values.some((value) => !(value >= 0 && value <= 1)) || x2 < x1 || y2 < y1) continue;
    const lineStart = text.lastIndexOf('\n', match.index) + 1;
    const before = text.slice(lineStart, match.index);
    const category = /^\s*([^:\n[\]]{1,60}?)\s*:\s*$/.exec(before)?.[1];
    found.push({ box: values, start: match.index, end: match.index + match[0].length, lineLabel: category });
  }
  return found;
}

/**
 * Every box in a dialog, labelled: an object list's category; for a box in a question ("Describe the
 * region [...]"), the answer after it; for a box answering a question, the quoted phrase the question asks
 * about; else the turn number.
 */
export function boxesOfTurns(turns: readonly TurnText[]): TurnBox[] {
  const boxes: TurnBox[] = [];
  turns.forEach((turn, turnIndex) => {
    for (const { box, lineLabel } of boxesInText(turn.text)) {
      boxes.push({ turnIndex, box, label: lineLabel ?? contextLabel(turns, turnIndex) });
    }
  });
  return boxes;
}

function contextLabel(turns: readonly TurnText[], turnIndex: number): string {
  const turn = turns[turnIndex]!;
  if (turn.role === 'user') {
    const answer = turns[turnIndex + 1];
    if (answer?.role === 'assistant' && boxesInText(answer.text).length === 0 && answer.text.trim() !== '') return shorten(answer.text.trim());
  } else if (turn.role === 'assistant') {
    const question = turns[turnIndex - 1];
    const quoted = question === undefined ? undefined : /["“]([^"”]{1,200})["”]/.exec(question.text)?.[1];
    if (quoted !== undefined) return shorten(quoted);
  }
  return `turn ${turnIndex + 1}`;
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length <= LABEL_CHARACTERS ? line : `${line.slice(0, LABEL_CHARACTERS - 1)}…`;
}
