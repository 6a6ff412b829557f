// Bundles the page (src/page/main.ts) for the browser into dist/page/ with its HTML and CSS: one
// script, no imports from elsewhere at run time, so the viewer works offline.
import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist/page/`;
await mkdir(out, { recursive: true });
await build({
  entryPoints: [`${root}src/page/main.ts`],
  outfile: `${out}page.js`,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
await copyFile(`${root}src/page/index.html`, `${out}index.html`);
await copyFile(`${root}src/page/page.css`, `${out}page.css`);
