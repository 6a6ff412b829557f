import { createIssue, type IssueCode, type ValidationIssue } from './issues.js';
import { countPlaceholders } from './placeholders.js';
import type { Role, Sample } from './sample.js';

/**
 * The dialog rules of vift/v1 on a sample that is already well typed: role order, empty turns,
 * placeholders against images, images with nothing to load. Cheap enough for every record of a large file.
 */
export function checkSample(sample: Sample, index: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const report = (code: IssueCode, message: string, turnIndex?: number) => {
    const place = { sampleId: sample.id, index, ...(turnIndex === undefined ? {} : { turnIndex }) };
    issues.push(createIssue(code, message, place));
  };
  const { turns, images } = sample;
  if (sample.id === '') report('invalid-structure', 'the id is empty');
  if (turns.length === 0) report('no-turns', 'the sample has no turns');

  let placeholders = 0;
  let expected: Role = 'user';
  let roleOrderBroken = false;
  for (let turnIndex = 0; turnIndex < turns.length; turnIndex++) {
    const turn = turns[turnIndex]!;
    const count = countPlaceholders(turn.text);
    placeholders += count;
    if (count > 0 && turn.role === 'assistant') {
      report('placeholder-in-assistant-turn', `the assistant turn holds ${count} "<image>" placeholder(s)`, turnIndex);
    } else if (count > 0 && turn.role === 'system') {
      report('placeholder-in-system-turn', `the system turn holds ${count} "<image>" placeholder(s)`, turnIndex);
    }
    if (turn.text.trim() === '') report('empty-text', `the ${turn.role} turn is empty`, turnIndex);
    if (roleOrderBroken) continue;
    if (turn.role === 'system') {
      if (turnIndex !== 0) {
        roleOrderBroken = true;
        report('role-order', 'a system turn can only be the first turn', turnIndex);
      }
    } else if (turn.role !== expected) {
      roleOrderBroken = true;
      const previous = turnIndex === 0 ? 'at the start' : `after ${withArticle(turns[turnIndex - 1]!.role)} turn`;
      report('role-order', `expected ${withArticle(expected)} turn ${previous}, found ${turn.role}`, turnIndex);
    } else {
      expected = expected === 'user' ? 'assistant' : 'user';
    }
  }
  const last = turns.at(-1);
  if (!roleOrderBroken && last !== undefined && last.role !== 'assistant') {
    report('role-order', `the dialog ends with a ${last.role} turn; it must end with the assistant's answer`, turns.length - 1);
  }
  if (placeholders !== images.length) {
    report('placeholder-count-mismatch', `${placeholders} "<image>" placeholder(s) in the turns but ${images.length} image(s)`);
  }
  for (let imageIndex = 0; imageIndex < images.length; imageIndex++) {
    const image = images[imageIndex]!;
    if (image.path === undefined && image.bytes === undefined) {
      report('image-without-source', `image ${imageIndex} has neither a path nor bytes`);
    }
  }
  return issues;
}

function withArticle(role: Role): string {
  return role === 'assistant' ? 'an assistant' : `a ${role}`;
}
