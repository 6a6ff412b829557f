import { checkImageFiles } from '@vift/formats/node';
import type { Sample } from '@vift/schema';
import { describe, expect, it } from 'vitest';
import { withImageChecks } from '../src/server/image-checks.js';
import type { SourceEntry } from '../src/server/viewer-source.js';
import { imagesFixture } from './fixture-datasets.js';

async function* entriesOf(samples: Sample[]): AsyncGenerator<SourceEntry> {
  for (const [index, sample] of samples.entries()) yield { index, sample, issues: [] };
}

describe('withImageChecks', () => {
  it('finds what checkImageFiles finds, in the same order, and keeps the records in order', async () => {
    const paths = [
      ...Array.from({ length: 11 }, (_, position) => `no-such-folder/${position}.jpg`),
      '000000000802.jpg',
      'missing.jpg',
      '../escape.jpg',
      'https://example.com/remote.jpg',
      'no-such-folder/deeper/x.jpg',
    ];
    const turns = [
      { role: 'user' as const, text: 'What?' },
      { role: 'assistant' as const, text: 'This.' },
    ];
    const samples: Sample[] = Array.from({ length: 150 }, (_, index) => ({
      id: `s${index}`,
      images: index % 3 === 0 ? paths.map((path) => ({ path })) : index % 3 === 1 ? [{ path: '000000011813.jpg' }] : [{ bytes: new Uint8Array([1]) }],
      turns,
    }));
    const checked: SourceEntry[] = [];
    for await (const entry of withImageChecks(entriesOf(samples), imagesFixture)) checked.push(entry);
    expect(checked.map((entry) => entry.index)).toEqual(samples.map((_, index) => index));
    for (const [index, sample] of samples.entries()) {
      expect(checked[index]!.issues).toEqual(await checkImageFiles(sample, index, imagesFixture));
    }
    expect(checked[0]!.issues.map((issue) => issue.code)).toEqual([...Array(11).fill('image-file-missing'), 'image-file-missing', 'image-path-escapes-root', 'image-file-missing']);
  });
});
