import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSample, type IssueCode, type Sample, type ValidationIssue, validateSample } from '../src/index.js';
import { validSampleArbitrary } from './sample-arbitraries.js';

const user = (text: string) => ({ role: 'user' as const, text });
const assistant = (text: string) => ({ role: 'assistant' as const, text });
const system = (text: string) => ({ role: 'system' as const, text });

const good: Sample = {
  id: 'coco-1',
  images: [{ path: 'coco/train2017/000000000001.jpg' }],
  turns: [system('Answer briefly.'), user('<image>\nHow many dogs?'), assistant('Two.'), user('What colour?'), assistant('Brown.')],
};

/** The issues as (code, turn) pairs, which is what a user acts on. */
function codes(issues: ValidationIssue[]): Array<[IssueCode, number | undefined]> {
  return issues.map((issue) => [issue.code, issue.turnIndex]);
}

function issuesOf(sample: Sample, index = 0): Array<[IssueCode, number | undefined]> {
  return codes(validateSample(sample, { index }).issues);
}

describe('validateSample on good input', () => {
  it('accepts a well-formed sample and returns it typed', () => {
    const result = validateSample(good);
    expect(result).toEqual({ sample: good, issues: [], valid: true });
  });

  it('keeps meta keys such as "__proto__" that records read from JSON can have', () => {
    const sample = { ...good, meta: JSON.parse('{"__proto__": {"polluted": true}, "score": 1}') as Sample['meta'] };
    const result = validateSample(sample);
    expect(result.valid).toBe(true);
    expect(JSON.stringify(result.sample?.meta)).toBe('{"__proto__":{"polluted":true},"score":1}');
  });

  it('accepts every valid dialog', () => {
    fc.assert(
      fc.property(validSampleArbitrary, fc.nat(), (sample, index) => {
        const result = validateSample(sample, { index });
        expect(result.issues).toEqual([]);
        expect(result.valid).toBe(true);
        expect(result.sample).toEqual(sample);
      }),
      { numRuns: 300 },
    );
  });
});

describe('invalid-structure', () => {
  it('names the path, the turn and the id', () => {
    const result = validateSample({ ...good, turns: [user('hi'), { role: 'bot', text: 'x' }] }, { index: 4 });
    expect(result.valid).toBe(false);
    expect(result.sample).toBeUndefined();
    expect(result.issues).toMatchObject([{ code: 'invalid-structure', severity: 'error', path: 'turns[1].role', turnIndex: 1, sampleId: 'coco-1', index: 4 }]);
    expect(result.issues[0]!.message.startsWith('turns[1].role: ')).toBe(true);
  });

  it.each([
    [{ ...good, id: '' }, 'id', ''],
    [{ ...good, id: 7 }, 'id', null],
    [{ id: 'a', images: [] }, 'turns', 'a'],
    [{ ...good, images: [{ bytes: [1, 2] }] }, 'images[0].bytes', 'coco-1'],
    [{ ...good, images: [{ path: '' }] }, 'images[0].path', 'coco-1'],
    [{ ...good, images: [{ path: 'a.jpg', cocoId: -1 }] }, 'images[0].cocoId', 'coco-1'],
    [{ ...good, images: [{ path: 'a.jpg', width: 0 }] }, 'images[0].width', 'coco-1'],
    [{ ...good, source: { dataset: '' } }, 'source.dataset', 'coco-1'],
    [{ ...good, meta: { score: Number.NaN } }, 'meta.score', 'coco-1'],
  ])('reports %j at %s', (input, path, sampleId) => {
    const { issues, valid } = validateSample(input);
    expect(valid).toBe(false);
    expect(issues.map((issue) => issue.code)).toContain('invalid-structure');
    expect(issues.map((issue) => issue.path)).toContain(path);
    for (const issue of issues) expect(issue.sampleId).toBe(sampleId);
  });

  it('reports unknown keys (the schema is strict)', () => {
    const { issues } = validateSample({ ...good, conversations: [] });
    expect(issues).toMatchObject([{ code: 'invalid-structure', path: '' }]);
    expect(issues[0]!.message).toContain('conversations');
  });

  it.each([null, 'text', 3, []])('reports a value that is not a sample at all (%j)', (input) => {
    const { issues, valid } = validateSample(input);
    expect(valid).toBe(false);
    expect(issues).toMatchObject([{ code: 'invalid-structure', path: '', sampleId: null }]);
  });

  it('reports an empty id even when checkSample is called directly', () => {
    expect(codes(checkSample({ ...good, id: '' }, 0))).toEqual([['invalid-structure', undefined]]);
  });
});

describe('dialog rules', () => {
  it('no-turns', () => {
    expect(issuesOf({ id: 'a', images: [], turns: [] })).toEqual([['no-turns', undefined]]);
  });

  it.each([
    ['an assistant turn first', [assistant('Hi.')], 0],
    ['two user turns in a row', [user('a'), user('b'), assistant('c')], 1],
    ['two assistant turns in a row', [user('a'), assistant('b'), assistant('c')], 2],
    ['a system turn after the first', [user('a'), assistant('b'), system('c'), user('d'), assistant('e')], 2],
    ['two system turns', [system('a'), system('b'), user('c'), assistant('d')], 1],
    ['a system turn then an assistant turn', [system('a'), assistant('b')], 1],
    ['a dialog that ends with the user', [user('a'), assistant('b'), user('c')], 2],
    ['a system turn alone', [system('a')], 0],
  ])('role-order: %s', (_name, turns, turnIndex) => {
    // Only the first break is reported: everything after it is out of step anyway.
    expect(issuesOf({ id: 'a', images: [], turns })).toEqual([['role-order', turnIndex]]);
  });

  it('empty-text, for blank turns of any role', () => {
    expect(issuesOf({ id: 'a', images: [], turns: [system(' '), user('\n\t'), assistant('')] })).toEqual([
      ['empty-text', 0],
      ['empty-text', 1],
      ['empty-text', 2],
    ]);
  });

  it('placeholder-count-mismatch, for more or fewer placeholders than images', () => {
    expect(issuesOf({ ...good, images: [] })).toEqual([['placeholder-count-mismatch', undefined]]);
    expect(issuesOf({ ...good, images: [{ path: 'a.jpg' }, { path: 'b.jpg' }] })).toEqual([['placeholder-count-mismatch', undefined]]);
    expect(issuesOf({ ...good, turns: [user('<image><image>'), assistant('a')], images: [{ path: 'a.jpg' }, { path: 'b.jpg' }] })).toEqual([]);
  });

  it('placeholder-in-assistant-turn and placeholder-in-system-turn, with the turn', () => {
    expect(issuesOf({ id: 'a', images: [{ path: 'a.jpg' }], turns: [user('hi'), assistant('<image>')] })).toEqual([['placeholder-in-assistant-turn', 1]]);
    expect(issuesOf({ id: 'a', images: [{ path: 'a.jpg' }], turns: [system('<image>'), user('hi'), assistant('ok')] })).toEqual([['placeholder-in-system-turn', 0]]);
  });

  it('image-without-source, for an image with neither path nor bytes', () => {
    const result = validateSample({ ...good, images: [{ cocoId: 1, width: 640, height: 480 }] });
    expect(codes(result.issues)).toEqual([['image-without-source', undefined]]);
    expect(result.issues[0]!.message).toContain('image 0');
  });

  it('reports every rule a sample breaks, each once', () => {
    const sample: Sample = { id: 'a', images: [{}], turns: [assistant('<image>'), user(' ')] };
    expect(issuesOf(sample).sort()).toEqual(
      [
        ['placeholder-in-assistant-turn', 0],
        ['role-order', 0],
        ['empty-text', 1],
        ['image-without-source', undefined],
      ].sort(),
    );
  });

  it('finds the turn that breaks a valid dialog', () => {
    fc.assert(
      fc.property(validSampleArbitrary, fc.nat(), (sample, choice) => {
        const turnIndex = choice % sample.turns.length;
        const broken = { ...sample, turns: sample.turns.map((turn, position) => (position === turnIndex ? { ...turn, text: ' \n' } : turn)) };
        // Blanking a user turn may also drop its placeholders.
        const issues = validateSample(broken).issues.filter((issue) => issue.code !== 'placeholder-count-mismatch');
        expect(codes(issues)).toEqual([['empty-text', turnIndex]]);
      }),
      { numRuns: 200 },
    );
  });

  it('puts the position in the dataset and the id on every issue', () => {
    const { issues } = validateSample({ id: 'x9', images: [], turns: [assistant('')] }, { index: 41 });
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) expect(issue).toMatchObject({ index: 41, sampleId: 'x9', severity: 'error' });
  });
});
