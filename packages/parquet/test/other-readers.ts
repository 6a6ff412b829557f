import { readFile } from 'node:fs/promises';
import { DuckDBBlobValue, DuckDBInstance, DuckDBListValue, DuckDBStructValue, type DuckDBConnection } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { readParquet } from 'parquet-wasm';

// Parquet readers that share no code with vift's: DuckDB (C++), hyparquet (JavaScript) and parquet-wasm
// (arrow-rs), each giving rows as plain values: objects for structs, arrays for lists, Uint8Array for bytes.

export type Row = Record<string, unknown>;

const sqlText = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** One in-memory DuckDB for a test file. */
export async function openDuckDb(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:');
  return instance.connect();
}

/** All rows in file order (the file row number orders them, then is dropped). */
export async function readWithDuckDb(connection: DuckDBConnection, file: string): Promise<Row[]> {
  const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet(${sqlText(file)}, file_row_number = true) ORDER BY file_row_number`);
  return reader.getRowObjects().map((row) => {
    const { file_row_number: _, ...columns } = row;
    return plainDuckDb(columns) as Row;
  });
}

function plainDuckDb(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof DuckDBBlobValue) return new Uint8Array(value.bytes);
  if (value instanceof DuckDBListValue) return value.items.map(plainDuckDb);
  if (value instanceof DuckDBStructValue) return plainDuckDb(value.entries);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainDuckDb(item)]));
  return value;
}

/** Column names and types as DuckDB's DESCRIBE prints them. */
export async function describeWithDuckDb(connection: DuckDBConnection, file: string): Promise<Record<string, string>> {
  const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlText(file)})`);
  return Object.fromEntries(reader.getRowObjectsJson().map((row) => [String(row.column_name), String(row.column_type)]));
}

/** The file's key/value metadata as DuckDB reads it. */
export async function keyValueWithDuckDb(connection: DuckDBConnection, file: string): Promise<Record<string, string>> {
  const reader = await connection.runAndReadAll(`SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata(${sqlText(file)})`);
  return Object.fromEntries(reader.getRowObjectsJson().map((row) => [String(row.key), String(row.value)]));
}

/** Runs a query and gives its rows as JSON-like objects. */
export async function queryDuckDb(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Row[];
}

/** hyparquet decodes every byte array as text unless told not to; then only STRING columns are text. */
export async function readWithHyparquet(file: string): Promise<Row[]> {
  const rows = await parquetReadObjects({ file: await asyncBufferFromFile(file), compressors, utf8: false });
  return rows.map((row) => plainValue(row) as Row);
}

export async function readWithParquetWasm(file: string): Promise<Row[]> {
  const table = tableFromIPC(readParquet(await readFile(file)).intoIPCStream());
  return table.toArray().map((row: unknown) => plainValue(row) as Row);
}

/** Arrow rows, vectors and hyparquet's objects as plain values (Arrow's own objects all have toJSON). */
function plainValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plainValue);
  if (typeof value === 'object') {
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function') return plainValue(json.call(value));
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainValue(item)]));
  }
  return value;
}
