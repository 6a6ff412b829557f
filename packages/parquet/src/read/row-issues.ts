import { createIssue, type IssueCode, type ValidationIssue } from '@vift/schema';

/** Collects the issues of one row, naming the row index, the sample id once known, the path and the turn. */
export class RowIssues {
  readonly issues: ValidationIssue[] = [];
  sampleId: string | null = null;

  constructor(readonly index: number) {}

  add(path: string, message: string, code: IssueCode = 'invalid-structure'): void {
    const turn = /^(?:messages|conversations|turns)\[(\d+)\]/.exec(path);
    const place = { sampleId: this.sampleId, index: this.index, path, ...(turn === null ? {} : { turnIndex: Number(turn[1]) }) };
    this.issues.push(createIssue(code, `${path}: ${message}`, place));
  }
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'bytes';
  return typeof value === 'object' ? 'a struct' : `a ${typeof value}`;
}
