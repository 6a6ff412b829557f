#!/usr/bin/env node
/**
 * Runs every benchmark script in bench/ one after another (never in parallel: they would share the
 * two cores and skew each other's numbers). Extra arguments go to every script. Exits non-zero when any fails.
 *
 *   npm run bench [-- --bytes 3e8]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchFolder = dirname(fileURLToPath(import.meta.url));
const self = basename(fileURLToPath(import.meta.url));
const scripts = readdirSync(benchFolder).filter((name) => name.endsWith('.mjs') && name !== self).sort();

const failed = [];
for (const script of scripts) {
  process.stdout.write(`\n== ${script}\n`);
  const result = spawnSync(process.execPath, [join(benchFolder, script), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (result.status !== 0) failed.push(script);
}
if (failed.length > 0) {
  process.stderr.write(`\nfailed: ${failed.join(', ')}\n`);
  process.exitCode = 1;
}
