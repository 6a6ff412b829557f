/** One question and its answer from a model's reply. */
export type QuestionAnswer = { question: string; answer: string };

export type ParsedReply = { ok: true; pairs: QuestionAnswer[] } | { ok: false; reason: string };

/** A label line: `Question:` or `Answer:`, possibly in bold, possibly with the text on the same line. */
const LABEL = /^\s*(?:\*\*)?(question|answer)(?:\*\*)?\s*:\s*(?:\*\*)?\s*/i;
/** The separator LLaVA's examples put between blocks. */
const SEPARATOR = /^\s*={3,}\s*$/;

/**
 * Reads a reply written like LLaVA's few-shot examples: `Question:` and `Answer:` blocks, alternating,
 * separated by `===` lines (the separators may be missing). Text before the first label, two questions
 * in a row, a question without an answer or an empty block makes the reply malformed, with the reason.
 */
export function parseDialogReply(text: string): ParsedReply {
  const blocks: { label: 'question' | 'answer'; lines: string[] }[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (SEPARATOR.test(line)) continue;
    const label = LABEL.exec(line);
    if (label !== null) {
      blocks.push({ label: label[1]!.toLowerCase() as 'question' | 'answer', lines: [line.slice(label[0].length)] });
    } else if (blocks.length > 0) {
      blocks.at(-1)!.lines.push(line);
    } else if (line.trim() !== '') {
      return { ok: false, reason: `the reply does not start with "Question:" (it starts "${preview(line)}")` };
    }
  }
  if (blocks.length === 0) return { ok: false, reason: 'the reply is empty' };
  const pairs: QuestionAnswer[] = [];
  for (let index = 0; index < blocks.length; index += 2) {
    const question = blocks[index]!;
    const answer = blocks[index + 1];
    const number = index / 2 + 1;
    if (question.label !== 'question') return { ok: false, reason: `block ${index + 1} is an answer where question ${number} should be` };
    if (answer === undefined) return { ok: false, reason: `question ${number} has no answer` };
    if (answer.label !== 'answer') return { ok: false, reason: `question ${number} is followed by another question, not an answer` };
    const pair = { question: blockText(question.lines), answer: blockText(answer.lines) };
    if (pair.question === '') return { ok: false, reason: `question ${number} is empty` };
    if (pair.answer === '') return { ok: false, reason: `the answer to question ${number} is empty` };
    pairs.push(pair);
  }
  return { ok: true, pairs };
}

/**
 * A reply that is the answer alone (a detailed description): its text, trimmed, without a leading
 * `Answer:`. Empty, or question blocks, is malformed.
 */
export function parseAnswerReply(text: string, question: string): ParsedReply {
  const trimmed = text.trim();
  const label = LABEL.exec(trimmed);
  if (label !== null && label[1]!.toLowerCase() === 'question') return { ok: false, reason: 'the reply is question and answer blocks, not a description' };
  // A leading "Answer:" is the model imitating the dialog tasks' layout; the description follows it.
  const answer = label === null ? trimmed : trimmed.slice(label[0].length).trim();
  if (answer === '') return { ok: false, reason: 'the reply is empty' };
  return { ok: true, pairs: [{ question, answer }] };
}

function blockText(lines: string[]): string {
  return lines.join('\n').trim();
}

function preview(line: string): string {
  const text = line.trim();
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
