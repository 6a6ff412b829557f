#!/usr/bin/env node
/**
 * The DuckDB side of the comparison, run as its own process so its memory is measured like vift's:
 * reads a JSON array file with DuckDB's native reader and writes it back as JSON Lines.
 * Prints {"rows": N, "version": "v1.x"} on success. With --unordered, DuckDB may write rows in any order
 * (preserve_insertion_order = false), which lets it stream instead of buffering to keep the input order.
 *
 *   node bench/lib/duckdb-copy.mjs INPUT.json OUTPUT.jsonl [--unordered]
 */
import duckdb, { DuckDBInstance } from '@duckdb/node-api';

const maximumObjectBytes = 64 * 2 ** 20;
const [input, output, ...flags] = process.argv.slice(2);
if (input === undefined || output === undefined) {
  process.stderr.write('usage: duckdb-copy.mjs INPUT.json OUTPUT.jsonl\n');
  process.exit(2);
}

const quote = (text) => `'${text.replaceAll("'", "''")}'`;
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
if (flags.includes('--unordered')) await connection.run('SET preserve_insertion_order = false');
const result = await connection.run(
  `COPY (SELECT * FROM read_json(${quote(input)}, format = 'array', maximum_object_size = ${maximumObjectBytes})) ` +
    `TO ${quote(output)} (FORMAT json)`,
);
process.stdout.write(`${JSON.stringify({ rows: result.rowsChanged, version: duckdb.version() })}\n`);
connection.closeSync();
instance.closeSync();
