import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The package's main entry must bundle for the browser: any Node import (node:fs, node:path...) fails here.
describe('browser bundle', () => {
  it('bundles the built entry for the browser without Node modules', async () => {
    const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const result = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/from\s*["']node:/);
    expect(code.length).toBeGreaterThan(1000);
  });
});
