import { describe, it } from 'vitest';
import { expectBrowserBundle } from '../../../test-support/browser-bundle.js';

// The config, the planner, the log parser and the dry run bundle for the browser; exports and runs use Node.
describe('browser bundle', () => {
  it('bundles the built entry for the browser without Node modules', () => expectBrowserBundle(new URL('../dist/index.js', import.meta.url)));
});
