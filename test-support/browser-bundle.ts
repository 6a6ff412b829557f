import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/**
 * Bundles a package's built entry for the browser and checks that it worked: any Node import (node:fs,
 * node:path...) fails the build. Shared by every package's browser-bundle test.
 */
export async function expectBrowserBundle(entry: URL): Promise<void> {
  const result = await build({ entryPoints: [fileURLToPath(entry)], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' });
  expect(result.errors).toEqual([]);
  const code = result.outputFiles[0]!.text;
  expect(code).not.toMatch(/from\s*["']node:/);
  expect(code.length).toBeGreaterThan(1000);
}
