import type { Sample } from '@vift/schema';
import type { LeafColumn } from '../leaf-column.js';
import type { SchemaNode } from '../schema-tree.js';

export type LayoutName = 'vift' | 'llava';

/** Strings the writer had to change to valid UTF-8 (lone surrogates), kept in meta so nothing is lost. */
export type TextRepairs = Record<string, string>;

/**
 * How samples become rows of a Parquet file: the schema, the Hugging Face features of its columns, and a
 * function that appends one sample to the leaf columns (in `leavesOf(schema)` order).
 */
export type ParquetLayout = {
  readonly name: LayoutName;
  readonly schema: readonly SchemaNode[];
  readonly features: Record<string, unknown>;
  /** Appends the sample; returns how many strings had lone surrogates replaced. */
  appendRow(sample: Sample, columns: readonly LeafColumn[]): number;
};
