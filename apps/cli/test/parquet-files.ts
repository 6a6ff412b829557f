import { readFile, writeFile } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadata } from 'hyparquet';
import { runCli } from './run-cli.js';

// Parquet files for the CLI tests, written by vift's own command or by DuckDB, and damaged on purpose.

/** Runs `vift convert` and fails the test setup if it does not succeed. */
export async function convert(args: readonly string[]): Promise<string> {
  const result = await runCli(['convert', ...args, '--quiet']);
  if (result.code !== 0) throw new Error(`vift convert ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** Runs SQL (COPY ... TO ...) in a fresh in-memory DuckDB. */
export async function duckDb(sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export const sqlText = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Where a column's chunk lies in the first row group, read by hyparquet (not vift) from the footer. */
export async function columnChunk(file: string, column: string): Promise<{ start: number; length: number }> {
  const bytes = await readFile(file);
  const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const chunk = metadata.row_groups[0]!.columns.find((entry) => entry.meta_data!.path_in_schema.join('.') === column)!.meta_data!;
  return { start: Number(chunk.dictionary_page_offset ?? chunk.data_page_offset), length: Number(chunk.total_compressed_size) };
}

/** Copies a file with a few bytes in the middle of a column chunk flipped (inside its one data page). */
export async function flipBytesInColumn(file: string, column: string, damaged: string): Promise<number> {
  const { start, length } = await columnChunk(file, column);
  const bytes = await readFile(file);
  const at = start + Math.floor(length / 2);
  for (let offset = 0; offset < 3; offset++) bytes[at + offset]! ^= 0x5a;
  await writeFile(damaged, bytes);
  return at;
}
