import { describe, it } from 'vitest';
import { expectBrowserBundle } from '../../../test-support/browser-bundle.js';

// The package's main entry must bundle for the browser.
describe('browser bundle', () => {
  it('bundles the built entry for the browser without Node modules', () => expectBrowserBundle(new URL('../dist/index.js', import.meta.url)));
});
