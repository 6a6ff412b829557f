import { RecordBatch, Table, Vector, vectorFromArray, type Schema } from 'apache-arrow';
import { rowToSample, sampleToViftRow, type RowSample } from '@vift/parquet';
import { DatasetValidationError, type Sample } from '@vift/schema';
import { sampleArrowSchema } from './arrow-schema.js';
import { ArrowDatasetError } from './arrow-dataset-error.js';

/** Samples as one record batch of `sampleArrowSchema` (lone surrogates made valid, originals kept in meta). */
export function samplesToRecordBatch(samples: readonly Sample[]): RecordBatch {
  const rows = samples.map((sample) => sampleToViftRow(sample).row);
  const columns = Object.fromEntries(
    sampleArrowSchema.fields.map((field) => [field.name, vectorFromArray(rows.map((row) => row[field.name as keyof typeof row]), field.type)]),
  );
  const [batch] = new Table(sampleArrowSchema, columns).batches;
  return batch ?? new Table(sampleArrowSchema).batches[0] ?? new RecordBatch(sampleArrowSchema);
}

/** Each row of a record batch (or table) in the vift layout mapped to a sample, or the issues why not. */
export function* recordBatchRows(batch: RecordBatch | Table, options: { firstIndex?: number; file?: string } = {}): Generator<RowSample & { row: unknown }> {
  assertViftColumns(batch.schema, options.file ?? 'the Arrow data');
  const firstIndex = options.firstIndex ?? 0;
  for (let row = 0; row < batch.numRows; row++) {
    const values = plain(batch.get(row)) as Record<string, unknown>;
    yield { ...rowToSample('vift', values, firstIndex + row), row: values };
  }
}

/** The samples of a record batch (or table) in the vift layout; a row that is not a valid sample throws. */
export function* recordBatchSamples(batch: RecordBatch | Table, options: { firstIndex?: number; file?: string } = {}): Generator<Sample> {
  for (const mapped of recordBatchRows(batch, options)) {
    if (mapped.sample === undefined) throw new DatasetValidationError({ issues: mapped.issues, ...(options.file === undefined ? {} : { file: options.file }) });
    yield mapped.sample;
  }
}

export function recordBatchToSamples(batch: RecordBatch | Table): Sample[] {
  return [...recordBatchSamples(batch)];
}

const needed = ['id', 'images', 'messages'];

/** Arrow data whose columns are not the vift layout's: one line naming the missing column. */
export function assertViftColumns(schema: Schema, file: string): void {
  const names = schema.fields.map((field) => field.name);
  const missing = needed.filter((name) => !names.includes(name));
  if (missing.length === 0) return;
  throw new ArrowDatasetError({
    file,
    message: `its columns (${names.join(', ') || 'none'}) lack ${missing.map((name) => `"${name}"`).join(' and ')}, so it is not a vift dataset`,
    fix: 'write it with vift convert --to arrow, or convert the data to the vift layout (id, images, messages)',
  });
}

/** Arrow values as plain objects and arrays (lists are Vectors, structs rows with toJSON; bytes stay Uint8Array). */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return value;
  if (value instanceof Vector) return Array.from(value as Iterable<unknown>, plain);
  if (typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    const json = (value as { toJSON(): Record<string, unknown> }).toJSON();
    return Object.fromEntries(Object.entries(json).map(([key, item]) => [key, plain(item)]));
  }
  return value;
}
