#!/usr/bin/env node
/**
 * The DuckDB side of the Parquet comparison, run as its own process so its memory is measured like vift's.
 *   node bench/lib/duckdb-parquet.mjs to-parquet INPUT.json OUTPUT.parquet   (read_json + COPY ... FORMAT parquet)
 *   node bench/lib/duckdb-parquet.mjs to-json INPUT.parquet OUTPUT.json      (COPY ... FORMAT json, ARRAY true)
 * Prints {"rows": N, "version": "v1.x"}.
 */
import duckdb, { DuckDBInstance } from '@duckdb/node-api';

const [direction, input, output] = process.argv.slice(2);
const quote = (text) => `'${text.replaceAll("'", "''")}'`;
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const query =
  direction === 'to-parquet'
    ? `COPY (SELECT * FROM read_json(${quote(input)}, format = 'array', maximum_object_size = ${64 * 2 ** 20})) TO ${quote(output)} (FORMAT parquet)`
    : `COPY (SELECT * FROM read_parquet(${quote(input)})) TO ${quote(output)} (FORMAT json, ARRAY true)`;
const result = await connection.run(query);
process.stdout.write(`${JSON.stringify({ rows: result.rowsChanged, version: duckdb.version() })}\n`);
connection.closeSync();
instance.closeSync();
