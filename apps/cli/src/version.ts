import { createRequire } from 'node:module';

// The built file sits in dist/, next to package.json's folder.
const manifest = createRequire(import.meta.url)('../package.json') as { version: string };
export const version = manifest.version;
