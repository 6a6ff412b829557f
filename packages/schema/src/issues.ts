/** Every problem vift can report about a record, from bytes on disk to dialog structure. */
export const issueCatalog = {
  'invalid-json': { severity: 'error', fix: 'repair the JSON of this record, or pass --on-invalid skip' },
  'invalid-utf8': { severity: 'error', fix: 're-encode the file as UTF-8, or pass --on-invalid skip' },
  'record-too-large': { severity: 'error', fix: 'raise --max-record-mb if the record is meant to be this large' },
  'truncated-record': { severity: 'error', fix: 'the file is incomplete: download or write it again' },
  'invalid-structure': { severity: 'error', fix: 'give the field the type the format expects, or pass --on-invalid skip' },
  'unknown-role': { severity: 'error', fix: 'use one of the roles the format defines, or pass --on-invalid skip' },
  'no-turns': { severity: 'error', fix: 'give the sample at least one user and one assistant turn' },
  'role-order': { severity: 'error', fix: 'start with an optional system turn, then alternate user and assistant, ending with assistant' },
  'empty-text': { severity: 'error', fix: 'fill in the turn text or drop the record with --on-invalid skip' },
  'placeholder-count-mismatch': { severity: 'error', fix: 'put exactly one "<image>" in the user turns for each image' },
  'placeholder-in-assistant-turn': { severity: 'error', fix: 'move "<image>" into a user turn' },
  'placeholder-in-system-turn': { severity: 'error', fix: 'move "<image>" into a user turn' },
  'image-without-source': { severity: 'error', fix: 'give every image a path or its bytes' },
  'duplicate-id': { severity: 'error', fix: 'give every sample its own id' },
  'image-path-escapes-root': { severity: 'error', fix: 'use image paths inside the image root' },
  'image-file-missing': { severity: 'error', fix: 'check --image-root, or add the missing image' },
  'image-file-unreadable': { severity: 'error', fix: 'check the file permissions and that it is a file' },
  'not-representable': { severity: 'error', fix: 'choose an output format that can hold this field' },
} as const satisfies Record<string, { severity: IssueSeverity; fix: string }>;

export type IssueSeverity = 'error' | 'warning';
export type IssueCode = keyof typeof issueCatalog;
export const issueCodes = Object.keys(issueCatalog) as IssueCode[];

export type ValidationIssue = {
  code: IssueCode;
  severity: IssueSeverity;
  /** The sample's id when it is known (it is not for a record that did not parse). */
  sampleId: string | null;
  /** Zero-based position of the record in its dataset. */
  index: number;
  /** Zero-based turn, when the issue is about one turn. */
  turnIndex?: number;
  /** Byte offset of the record in its file, when read from a file. */
  byteOffset?: number;
  /** Where inside the record, e.g. "conversations[2].value". */
  path?: string;
  message: string;
};

export function createIssue(
  code: IssueCode,
  message: string,
  place: { sampleId: string | null; index: number; turnIndex?: number; path?: string; byteOffset?: number },
): ValidationIssue {
  const issue: ValidationIssue = { code, severity: issueCatalog[code].severity, sampleId: place.sampleId, index: place.index, message };
  if (place.turnIndex !== undefined) issue.turnIndex = place.turnIndex;
  if (place.byteOffset !== undefined) issue.byteOffset = place.byteOffset;
  if (place.path !== undefined) issue.path = place.path;
  return issue;
}

export function hasErrors(issues: readonly ValidationIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}

/**
 * One line that names the place and the fix:
 * `data.json: record 3 (id "a1") at byte 5120, turn 2: expected a user turn, found assistant. Fix: ...`
 */
export function formatIssue(issue: ValidationIssue, options: { file?: string; withFix?: boolean } = {}): string {
  const place: string[] = [];
  let head = `record ${issue.index}`;
  if (issue.sampleId !== null) head += ` (id ${JSON.stringify(truncate(issue.sampleId, 80))})`;
  if (issue.byteOffset !== undefined) head += ` at byte ${issue.byteOffset}`;
  place.push(head);
  if (issue.turnIndex !== undefined) place.push(`turn ${issue.turnIndex}`);
  const prefix = options.file === undefined ? '' : `${options.file}: `;
  const fix = options.withFix === false ? '' : `. Fix: ${issueCatalog[issue.code].fix}`;
  return `${prefix}${place.join(', ')}: ${oneLine(issue.message)}${fix}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length)}…`;
}
