import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIssue, formatIssue, hasErrors, issueCatalog, issueCodes, type ValidationIssue } from '../src/index.js';

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const textWithLineBreaks = fc
  .array(fc.oneof(fc.string({ unit: codeUnit, maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r', ' \n  ', '"', 'turn 2')), { maxLength: 6 })
  .map((parts) => parts.join(''));

const issueArbitrary: fc.Arbitrary<ValidationIssue> = fc
  .record({
    code: fc.constantFrom(...issueCodes),
    message: textWithLineBreaks,
    sampleId: fc.option(textWithLineBreaks, { nil: null }),
    index: fc.nat(),
    turnIndex: fc.option(fc.nat(), { nil: undefined }),
    byteOffset: fc.option(fc.nat(), { nil: undefined }),
    path: fc.option(fc.string(), { nil: undefined }),
  })
  .map(({ code, message, ...place }) => createIssue(code, message, place));

describe('formatIssue', () => {
  it('writes one line that names the record, id, byte offset and turn', () => {
    fc.assert(
      fc.property(issueArbitrary, fc.option(fc.constantFrom('data.json', 'train/llava.jsonl'), { nil: undefined }), fc.boolean(), (issue, file, withFix) => {
        const line = formatIssue(issue, { file, withFix });
        expect(line).not.toMatch(/[\r\n]/);
        const head = `${file === undefined ? '' : `${file}: `}record ${issue.index}`;
        expect(line.startsWith(head)).toBe(true);
        if (issue.sampleId !== null) expect(line).toContain(' (id "');
        expect(line.includes(` at byte ${issue.byteOffset}`)).toBe(issue.byteOffset !== undefined);
        expect(line.includes(`, turn ${issue.turnIndex}: `)).toBe(issue.turnIndex !== undefined);
        expect(line.endsWith(`. Fix: ${issueCatalog[issue.code].fix}`)).toBe(withFix);
      }),
      { numRuns: 300 },
    );
  });

  it('spells the place the way its documentation shows', () => {
    const issue = createIssue('role-order', 'expected a user turn after an assistant turn, found assistant', { sampleId: 'a1', index: 3, turnIndex: 2, byteOffset: 5120 });
    expect(formatIssue(issue, { file: 'data.json' })).toBe(
      `data.json: record 3 (id "a1") at byte 5120, turn 2: expected a user turn after an assistant turn, found assistant. Fix: ${issueCatalog['role-order'].fix}`,
    );
    expect(formatIssue({ ...issue, sampleId: null, turnIndex: undefined, byteOffset: undefined }, { withFix: false })).toBe(
      'record 3: expected a user turn after an assistant turn, found assistant',
    );
  });

  it('shortens a long id and quotes it as JSON', () => {
    const line = formatIssue(createIssue('no-turns', 'no turns', { sampleId: `${'x'.repeat(100)}"`, index: 0 }));
    expect(line).toContain(`(id "${'x'.repeat(80)}…")`);
    expect(formatIssue(createIssue('no-turns', 'no turns', { sampleId: 'a\nb"c', index: 0 }))).toContain('(id "a\\nb\\"c")');
  });
});

describe('issue catalog', () => {
  it('lists every code once, each with a severity and a fix', () => {
    expect(new Set(issueCodes).size).toBe(issueCodes.length);
    expect(issueCodes).toEqual(Object.keys(issueCatalog));
    for (const code of issueCodes) {
      expect(['error', 'warning']).toContain(issueCatalog[code].severity);
      expect(issueCatalog[code].fix.length).toBeGreaterThan(0);
      expect(issueCatalog[code].fix).not.toMatch(/\n/);
    }
  });

  it('creates issues with the severity of their code and only the place fields given', () => {
    const issue = createIssue('empty-text', 'the user turn is empty', { sampleId: 'a', index: 1 });
    expect(issue).toStrictEqual({ code: 'empty-text', severity: 'error', sampleId: 'a', index: 1, message: 'the user turn is empty' });
    expect(createIssue('empty-text', 'm', { sampleId: null, index: 0, turnIndex: 0, path: 'turns[0].text', byteOffset: 0 })).toMatchObject({
      turnIndex: 0,
      path: 'turns[0].text',
      byteOffset: 0,
    });
  });

  it('tells whether issues hold an error', () => {
    const error = createIssue('no-turns', 'm', { sampleId: null, index: 0 });
    expect(hasErrors([])).toBe(false);
    expect(hasErrors([{ ...error, severity: 'warning' }])).toBe(false);
    expect(hasErrors([{ ...error, severity: 'warning' }, error])).toBe(true);
  });
});
