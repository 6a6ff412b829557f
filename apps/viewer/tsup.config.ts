import { defineConfig } from 'tsup';

// The server only; the page is bundled for the browser by scripts/build-page.mjs into dist/page/.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
