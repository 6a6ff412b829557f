import type { ValidationIssue } from '@vift/schema';
import type { DatasetEntry } from './open-dataset.js';

/** Undecodable records larger than this are not copied into the rejects file; their byte range is. */
const MAX_COPIED_BYTES = 1 << 20;

/**
 * One line of a rejects file: where the record is in the input, why it was rejected, and the record
 * itself (parsed, or its text or base64 bytes when it did not parse), so nothing is lost silently.
 */
export function rejectLine(entry: DatasetEntry, issues: readonly ValidationIssue[]): string {
  const line: Record<string, unknown> = {
    index: entry.index,
    byteOffset: entry.byteOffset,
    byteLength: entry.byteLength,
    id: issues.find((issue) => issue.sampleId !== null)?.sampleId ?? null,
    issues: issues.map(({ code, severity, message, turnIndex, path }) => ({ code, severity, message, turnIndex, path })),
  };
  if (entry.record !== undefined) line.record = entry.record;
  else if (entry.bytes !== undefined && entry.bytes.length <= MAX_COPIED_BYTES) {
    if (issues.some((issue) => issue.code === 'invalid-utf8')) line.recordBase64 = entry.bytes.toString('base64');
    else line.recordText = entry.bytes.toString('utf8');
  } else {
    line.recordOmitted = `not copied (over 1 MiB or not decodable); it is bytes ${entry.byteOffset ?? 0} to ${(entry.byteOffset ?? 0) + (entry.byteLength ?? 0)} of the input`;
  }
  return `${JSON.stringify(line)}\n`;
}
