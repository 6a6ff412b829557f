import { describe, it } from 'vitest';
import { expectBrowserBundle } from '../../../test-support/browser-bundle.js';

// The metrics must bundle for the browser; only the file readers use Node.
describe('browser bundle', () => {
  it('bundles the built entry for the browser without Node modules', () => expectBrowserBundle(new URL('../dist/index.js', import.meta.url)));
});
