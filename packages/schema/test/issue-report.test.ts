import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IssueReport, createIssue, issueCatalog, issueCodes, type IssueCode, type ValidationIssue } from '../src/index.js';

const issue = (code: IssueCode, index: number): ValidationIssue => createIssue(code, `${code} in ${index}`, { sampleId: String(index), index });

describe('IssueReport', () => {
  it('counts records, valid and invalid, and issues by code with the first examples', () => {
    const report = new IssueReport(2);
    report.add([]);
    report.add([issue('empty-text', 1), issue('empty-text', 1), issue('role-order', 1)]);
    report.add([issue('empty-text', 2)]);
    report.add([{ ...issue('no-turns', 3), severity: 'warning' }]);
    const summary = report.summary();
    expect(summary.records).toBe(4);
    expect(summary.invalid).toBe(2);
    expect(summary.valid).toBe(2);
    expect(summary.byCode.map(({ code, count }) => [code, count])).toEqual([
      ['empty-text', 3],
      ['no-turns', 1],
      ['role-order', 1],
    ]);
    expect(summary.byCode[0]!.fix).toBe(issueCatalog['empty-text'].fix);
    expect(summary.byCode[0]!.examples.map((example) => example.index)).toEqual([1, 1]);
  });

  it('adds up for any stream of records', () => {
    const records = fc.array(fc.array(fc.tuple(fc.constantFrom(...issueCodes), fc.boolean()), { maxLength: 4 }), { maxLength: 40 });
    fc.assert(
      fc.property(records, fc.integer({ min: 0, max: 3 }), (recordIssues, examplesPerCode) => {
        const report = new IssueReport(examplesPerCode);
        const streamed = recordIssues.map((list, index) => list.map(([code, warning]) => ({ ...issue(code, index), severity: warning ? ('warning' as const) : ('error' as const) })));
        for (const list of streamed) report.add(list);
        const summary = report.summary();
        const all = streamed.flat();
        expect(summary.records).toBe(streamed.length);
        expect(summary.invalid).toBe(streamed.filter((list) => list.some((item) => item.severity === 'error')).length);
        expect(summary.valid + summary.invalid).toBe(summary.records);
        expect(summary.byCode.reduce((total, entry) => total + entry.count, 0)).toBe(all.length);
        for (const [position, entry] of summary.byCode.entries()) {
          const ofCode = all.filter((item) => item.code === entry.code);
          expect(entry.count).toBe(ofCode.length);
          expect(entry.examples).toEqual(ofCode.slice(0, examplesPerCode));
          const next = summary.byCode[position + 1];
          if (next !== undefined) expect(entry.count > next.count || (entry.count === next.count && entry.code < next.code)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
