import { issueCatalog, type IssueCode, type ValidationIssue } from './issues.js';

export type IssueReportSummary = {
  records: number;
  valid: number;
  invalid: number;
  /** Per issue code: how many, the fix, and the first examples in dataset order. */
  byCode: Array<{ code: IssueCode; count: number; fix: string; examples: ValidationIssue[] }>;
};

/** Tallies issues by code while a dataset streams by, keeping only the first few examples of each. */
export class IssueReport {
  private records = 0;
  private invalid = 0;
  private readonly counts = new Map<IssueCode, { count: number; examples: ValidationIssue[] }>();

  constructor(private readonly examplesPerCode = 5) {}

  /** Adds one record's issues; call it for valid records too so the totals are right. */
  add(issues: readonly ValidationIssue[]): void {
    this.records++;
    if (issues.some((issue) => issue.severity === 'error')) this.invalid++;
    for (const issue of issues) {
      let entry = this.counts.get(issue.code);
      if (entry === undefined) {
        entry = { count: 0, examples: [] };
        this.counts.set(issue.code, entry);
      }
      entry.count++;
      if (entry.examples.length < this.examplesPerCode) entry.examples.push(issue);
    }
  }

  summary(): IssueReportSummary {
    const byCode = [...this.counts.entries()]
      .map(([code, entry]) => ({ code, count: entry.count, fix: issueCatalog[code].fix, examples: entry.examples }))
      .sort((left, right) => right.count - left.count || left.code.localeCompare(right.code));
    return { records: this.records, valid: this.records - this.invalid, invalid: this.invalid, byCode };
  }
}
