import { NotRepresentableError, createFormat, type FormatId } from '@vift/formats';
import { ByteBuffer } from '../byte-buffer.js';
import { checkSample, createIssue, hasErrors, type ValidationIssue } from '@vift/schema';
import type { RowAssembler } from '../read/assemble-rows.js';
import type { ReadLayout } from '../read/detect-layout.js';
import { LlavaRecordEncoder } from '../read/llava-record-encoder.js';
import { rowToSample } from '../read/row-to-sample.js';
import type { ParsedFooter } from '../read/fast-reader.js';

/** What a target JSON format the rows are written in. */
export type RecordTarget = { format: FormatId; openaiExtras?: boolean };

/** One row group turned into JSON records of a target format, in transferable arrays. */
export type RowGroupRecords = {
  /** All valid records' JSON, back to back; record k is bytes[offsets[k], offsets[k + 1]) (empty when invalid). */
  bytes: Uint8Array;
  offsets: Uint32Array;
  /** Sample ids, for duplicate checks across row groups (empty strings for rows that did not map). */
  ids: string[];
  /** Bit 1: the sample has images; bit 2: the record has a system column. */
  flags: Uint8Array;
  /** Rows with issues, by position in the group, with a JSON-able copy of the row for a rejects file. */
  invalid: Array<{ row: number; issues: ValidationIssue[]; record: unknown }>;
  losses: Record<string, number>;
};

/**
 * Reads a row group, maps and checks each row (all but duplicate ids, which need every earlier row), and
 * writes each valid sample as a JSON record of the target format: the work a conversion to JSON does per
 * row, done where it can run in parallel with other row groups.
 */
// Grows to the largest row group's output and stays: encoding each record as it is made keeps the heap small.
const sharedOutput = new ByteBuffer(16 << 20);

export function rowGroupRecords(
  read: RowAssembler | Array<Record<string, unknown>>,
  numRows: number,
  footer: ParsedFooter,
  layout: ReadLayout,
  target: RecordTarget,
  firstIndex: number,
): RowGroupRecords {
  const format = createFormat(target.format, { openaiExtras: target.openaiExtras === true });
  // LLaVA records of rows that need no more than id, image paths and turns are written from the column bytes.
  const encoder = target.format === 'llava' && !Array.isArray(read) ? LlavaRecordEncoder.forFile(layout, footer.root) : undefined;
  const out = sharedOutput;
  out.clear();
  const offsets = new Uint32Array(numRows + 1);
  const ids: string[] = new Array(numRows);
  const flags = new Uint8Array(numRows);
  const invalid: RowGroupRecords['invalid'] = [];
  const losses: Record<string, number> = {};
  const tally = (field: string) => {
    losses[field] = (losses[field] ?? 0) + 1;
  };
  for (let row = 0; row < numRows; row++) {
    const index = firstIndex + row;
    if (encoder !== undefined) {
      const id = encoder.encodeRow(read as RowAssembler, out, index);
      if (id !== undefined) {
        encoder.skipRow(read as RowAssembler);
        for (const [field, count] of Object.entries(encoder.losses ?? {})) losses[field] = (losses[field] ?? 0) + count;
        ids[row] = id;
        flags[row] = encoder.images > 0 ? 1 : 0;
        offsets[row + 1] = out.length;
        continue;
      }
    }
    const values = Array.isArray(read) ? read[row]! : read.next();
    const mapped = rowToSample(layout, values, index);
    const sample = mapped.sample;
    ids[row] = sample?.id ?? '';
    const issues: ValidationIssue[] = sample === undefined ? mapped.issues : checkSample(sample, index);
    if (sample !== undefined && !hasErrors(issues)) {
      try {
        const record = format.toRecord(sample, tally);
        out.writeUtf8(JSON.stringify(record));
        flags[row] = (sample.images.length > 0 ? 1 : 0) | (typeof (record as { system?: unknown }).system === 'string' ? 2 : 0);
      } catch (error) {
        if (!NotRepresentableError.isInstance(error)) throw error;
        issues.push(createIssue('not-representable', error.message, { sampleId: sample.id, index, path: error.path }));
      }
    }
    if (issues.length > 0) invalid.push({ row, issues, record: jsonSafe(values) });
    offsets[row + 1] = out.length;
  }
  // A copy for the caller (it is transferred away); the buffer itself is kept for the next group.
  return { bytes: out.view().slice(), offsets, ids, flags, invalid, losses };
}

function jsonSafe(row: unknown): unknown {
  return JSON.parse(JSON.stringify(row, (_key, value: unknown) => (value instanceof Uint8Array ? `<${value.length} bytes>` : typeof value === 'bigint' ? value.toString() : value)));
}
