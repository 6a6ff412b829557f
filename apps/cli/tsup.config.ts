import { defineConfig } from 'tsup';

export default defineConfig({
  // program.js is internal: scripts/cli-reference.mjs reads every command's help from it in one process.
  entry: ['src/bin.ts', 'src/program.ts'],
  format: ['esm'],
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  banner: { js: '#!/usr/bin/env node' },
});
