import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ViftError, type Sample } from '@vift/schema';
import { afterEach, describe, expect, it } from 'vitest';
// Imports from the modules, not the package index, so these tests do not depend on the rest of the package.
import { writeStatisticsFiles } from '../src/node/stats-write-files.js';
import { computeStatistics } from '../src/stats/compute-statistics.js';
import { renderStatisticsHtml } from '../src/stats/render-statistics-html.js';
import { renderStatisticsMarkdown } from '../src/stats/render-statistics-markdown.js';

const hostile = '<script>alert("x")</script>';

const pair = (id: string, dataset: string, cocoId: number, question: string, answer: string): Sample => ({
  id,
  images: [{ cocoId }],
  turns: [
    { role: 'user', text: `<image>\n${question}`, source: { dataset, task: 'short-vqa', template: 'short-phrase' } },
    { role: 'assistant', text: answer },
  ],
});

const samples: Sample[] = [
  pair('1', 'vqav2', 1, 'What color is the bus?', 'Red.'),
  pair('2', 'vqav2', 2, 'How many people?', 'Three people are standing near the door of the shop.'),
  pair('3', 'a-okvqa', 1, 'Why is the bus here?', 'It is waiting at a stop to pick up passengers.'),
  pair('4', hostile, 2, 'Is it raining?', 'No.'),
  {
    id: '5',
    images: [{ cocoId: 3 }],
    turns: [
      { role: 'user', text: '<image>\nDescribe the image briefly.', source: { dataset: 'coco-caption', task: 'caption', template: `${hostile}-template` } },
      { role: 'assistant', text: 'A red bus at a stop.' },
      { role: 'user', text: 'What is behind it?', source: { dataset: 'vqav2', task: 'short-vqa' } },
      { role: 'assistant', text: 'A building.' },
    ],
  },
];

/** The tags of an SVG fragment balance: every element opened is closed, in order. */
function balanced(fragment: string): boolean {
  const stack: string[] = [];
  for (const match of fragment.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (selfClosing === '/') continue;
    if (closing === '/') {
      if (stack.pop() !== name) return false;
    } else stack.push(name!);
  }
  return stack.length === 0;
}

describe('renderStatisticsHtml', () => {
  it('draws an inline <svg> per chart, well formed', async () => {
    const html = renderStatisticsHtml(await computeStatistics(samples), { title: 'COCO sample' });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    const charts = [...html.matchAll(/<svg class="chart ([\w-]+)"[\s\S]*?<\/svg>/g)];
    expect(charts.map((chart) => chart[1])).toEqual(['source-mix', 'turns-per-sample', 'answer-length', 'image-overlap', 'answer-styles']);
    for (const chart of charts) {
      expect(balanced(chart[0]), chart[1]).toBe(true);
      expect(chart[0]).toMatch(/<(rect|polyline)/);
    }
    expect(html).toContain('<title>COCO sample</title>');
    // The overlap heat map prints the shared counts: vqav2 and a-okvqa share image 1.
    expect(html).toContain('vqav2 ∩ a-okvqa: 1 images');
  });

  it('escapes every name from the data', async () => {
    const html = renderStatisticsHtml(await computeStatistics(samples), { title: `Report ${hostile}` });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('<title>Report &lt;script&gt;');
  });

  it('needs nothing from the network', async () => {
    const html = renderStatisticsHtml(await computeStatistics(samples));
    // The SVG namespace is a name, not a fetch; nothing else points outside the page.
    const outside = html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '');
    expect(outside).not.toMatch(/https?:\/\//);
    expect(outside).not.toMatch(/<(link|script|img|iframe)\b|@import|url\(/i);
  });

  it('still holds every chart for an empty dataset', async () => {
    const html = renderStatisticsHtml(await computeStatistics([]));
    expect(html.match(/<svg /g)).toHaveLength(5);
    expect(html).toContain('no data');
  });
});

describe('renderStatisticsMarkdown', () => {
  it('summarises in a few lines with escaped table cells', async () => {
    const markdown = renderStatisticsMarkdown(await computeStatistics([...samples, pair('6', 'a|b', 9, 'Q?', 'A.')]), { title: 'Mix' });
    expect(markdown.split('\n')[0]).toBe('## Mix');
    expect(markdown).toContain('| vqav2 | 3 | 6 | 3 |');
    expect(markdown).toContain('| a\\|b | 1 | 2 | 1 |');
    expect(markdown).not.toContain('<script');
    expect(markdown).toMatch(/Answers: 57.1 % short \(≤ 3 words\), 42.9 % sentence, 0 % paragraph/);
  });
});

describe('writeStatisticsFiles', () => {
  let folder: string | undefined;
  afterEach(async () => {
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  it('writes statistics.json and statistics.html and no temporary file', async () => {
    folder = await mkdtemp(join(tmpdir(), 'vift-stats-'));
    const statistics = await computeStatistics(samples);
    const target = join(folder, 'nested', 'report');
    const paths = await writeStatisticsFiles({ statistics, folder: target, title: 'Written' });
    expect(paths).toEqual({ json: join(target, 'statistics.json'), html: join(target, 'statistics.html') });
    expect((await readdir(target)).sort()).toEqual(['statistics.html', 'statistics.json']);
    expect(JSON.parse(await readFile(paths.json, 'utf8'))).toEqual(statistics);
    expect(await readFile(paths.html, 'utf8')).toBe(renderStatisticsHtml(statistics, { title: 'Written' }));
    // Writing again replaces the files in place.
    await writeStatisticsFiles({ statistics: await computeStatistics(samples.slice(0, 1)), folder: target });
    expect(JSON.parse(await readFile(paths.json, 'utf8')).totals.samples).toBe(1);
    expect((await readdir(target)).sort()).toEqual(['statistics.html', 'statistics.json']);
  });

  it('fails with a one-line error and leaves no temporary file when a file cannot be put in place', async () => {
    folder = await mkdtemp(join(tmpdir(), 'vift-stats-'));
    // A folder where the HTML file should go: the rename onto it fails.
    await mkdir(join(folder, 'statistics.html'));
    await writeFile(join(folder, 'statistics.html', 'keep.txt'), 'x');
    const error = await writeStatisticsFiles({ statistics: await computeStatistics(samples), folder }).catch((caught: unknown) => caught);
    expect(ViftError.isInstance(error)).toBe(true);
    expect((error as ViftError).message).toContain('statistics.html');
    expect((await readdir(folder)).sort()).toEqual(['statistics.html', 'statistics.json']);
  });
});
