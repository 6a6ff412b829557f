import type { ReadNode } from '../read/read-schema.js';
import { parquetFilesOf } from './open-parquet-dataset.js';
import { openParquetFile } from './open-parquet-file.js';

export type ParquetFileInspection = {
  file: string;
  bytes: number;
  rows: number;
  createdBy: string | undefined;
  /** The schema as indented lines ("optional group messages (LIST)"...). */
  schema: string[];
  rowGroups: Array<{ rows: number; compressedBytes: number }>;
  codecs: string[];
  /** The Hugging Face features, when the file carries them. */
  features: unknown;
  metadataKeys: string[];
};

const codecNames: Record<number, string> = { 0: 'uncompressed', 1: 'snappy', 2: 'gzip', 3: 'lzo', 4: 'brotli', 5: 'lz4', 6: 'zstd', 7: 'lz4_raw' };
const typeNames = ['boolean', 'int32', 'int64', 'int96', 'float', 'double', 'binary', 'fixed_len_byte_array'];

/** What is in a Parquet file or folder of shards: schema, row groups, rows, codecs, features and sizes. */
export async function inspectParquet(path: string): Promise<ParquetFileInspection[]> {
  const inspections: ParquetFileInspection[] = [];
  for (const file of await parquetFilesOf(path)) {
    const { access, handle, footer } = await openParquetFile(file);
    try {
      const size = access.size;
      let features: unknown;
      try {
        features = (JSON.parse(footer.keyValue.huggingface ?? 'null') as { info?: { features?: unknown } } | null)?.info?.features;
      } catch {
        features = undefined;
      }
      inspections.push({
        file,
        bytes: size,
        rows: footer.numRows,
        createdBy: footer.createdBy,
        schema: footer.root.children.flatMap((child) => schemaLines(child, '')),
        rowGroups: footer.rowGroups.map((group) => ({ rows: group.numRows, compressedBytes: group.columns.reduce((sum, column) => sum + column.length, 0) })),
        codecs: [...new Set(footer.rowGroups.flatMap((group) => group.columns.map((column) => codecNames[column.codec] ?? `codec ${column.codec}`)))],
        features,
        metadataKeys: Object.keys(footer.keyValue),
      });
    } finally {
      await handle.close();
    }
  }
  return inspections;
}

function schemaLines(node: ReadNode, indent: string): string[] {
  const element = node.element;
  const annotation = node.isList ? ' (LIST)' : element?.convertedType === 0 || element?.logicalType === 1 ? ' (STRING)' : '';
  if (node.children.length === 0) {
    return [`${indent}${node.repetition} ${typeNames[element?.type ?? -1] ?? 'unknown'} ${node.name}${annotation}`];
  }
  return [`${indent}${node.repetition} group ${node.name}${annotation}`, ...node.children.flatMap((child) => schemaLines(child, `${indent}  `))];
}
