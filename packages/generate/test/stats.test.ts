import type { Sample } from '@vift/schema';
import { describe, expect, it } from 'vitest';
// Imports from the modules, not the package index, so these tests do not depend on the rest of the package.
import { computeStatistics } from '../src/stats/compute-statistics.js';
import { STATISTICS_FORMAT, UNKNOWN_SOURCE } from '../src/stats/dataset-statistics.js';
import { createStatisticsCollector } from '../src/stats/statistics-collector.js';

const PARAGRAPH =
  'The kitchen has white cabinets and a long wooden table. Two chairs stand beside it and a bowl of fruit sits in the middle. ' +
  'Sunlight comes through a window above the sink, and a black cat sleeps on the floor near the door.';

const vqa = { dataset: 'vqav2', task: 'short-vqa', template: 'short-phrase' };

// Five hand-built samples covering: assistant turns without a source (take the user turn's), turns without
// any source (take the sample's), a sample with no provenance at all, an image without a COCO id, a system turn.
const samples: Sample[] = [
  {
    id: 's1',
    images: [{ cocoId: 1 }],
    turns: [
      { role: 'user', text: '<image>\nWhat color is the cat? Answer the question with a short phrase.', source: vqa },
      { role: 'assistant', text: 'Black.' },
      { role: 'user', text: 'Describe the image in one paragraph.', source: { dataset: 'image-paragraph', task: 'paragraph', template: 'paragraph' } },
      { role: 'assistant', text: PARAGRAPH, source: { dataset: 'image-paragraph', task: 'paragraph', template: 'paragraph' } },
    ],
  },
  {
    id: 's2',
    images: [{ cocoId: 1 }],
    turns: [
      { role: 'user', text: '<image>How many dogs are there? Answer the question with a number.', source: { dataset: 'tallyqa', task: 'counting', template: 'number' } },
      { role: 'assistant', text: '2', source: { dataset: 'tallyqa', task: 'counting' } },
    ],
  },
  {
    id: 's3',
    images: [{ cocoId: 2, path: 'coco/000000000002.jpg' }],
    source: { dataset: 'llava-instruct', task: 'conversation' },
    turns: [
      { role: 'system', text: 'You are helpful.' },
      { role: 'user', text: '<image> What is happening here?' },
      { role: 'assistant', text: 'A man is riding a horse on the beach.' },
    ],
  },
  {
    id: 's4',
    images: [{ path: 'other/x.jpg' }],
    turns: [
      { role: 'user', text: 'Hi' },
      { role: 'assistant', text: 'Hello there friend, welcome.' },
    ],
  },
  {
    id: 's5',
    images: [{ cocoId: 2 }],
    turns: [
      { role: 'user', text: 'What is the man riding? Answer the question with a short phrase.', source: vqa },
      { role: 'assistant', text: 'A horse.', source: vqa },
    ],
  },
];

describe('computeStatistics', () => {
  it('counts totals', async () => {
    const statistics = await computeStatistics(samples);
    expect(statistics.format).toBe(STATISTICS_FORMAT);
    // Tokens: ceil(characters / 4) per turn, summed (151 by hand).
    expect(statistics.totals).toEqual({
      samples: 5,
      turns: 13,
      systemTurns: 1,
      userTurns: 6,
      assistantTurns: 6,
      images: 5,
      cocoImages: 2,
      imagesWithoutCocoId: 1,
      estimatedTokens: 151,
    });
  });

  it('attributes turns to sources and tasks, most turns first then by name', async () => {
    const statistics = await computeStatistics(samples);
    expect(statistics.sources).toEqual([
      { name: 'vqav2', samples: 2, turns: 4, images: 2, estimatedTokens: 38, answerStyles: { short: 2, sentence: 0, paragraph: 0 } },
      { name: 'llava-instruct', samples: 1, turns: 3, images: 1, estimatedTokens: 22, answerStyles: { short: 0, sentence: 1, paragraph: 0 } },
      { name: UNKNOWN_SOURCE, samples: 1, turns: 2, images: 0, estimatedTokens: 8, answerStyles: { short: 0, sentence: 1, paragraph: 0 } },
      { name: 'image-paragraph', samples: 1, turns: 2, images: 1, estimatedTokens: 65, answerStyles: { short: 0, sentence: 0, paragraph: 1 } },
      { name: 'tallyqa', samples: 1, turns: 2, images: 1, estimatedTokens: 18, answerStyles: { short: 1, sentence: 0, paragraph: 0 } },
    ]);
    expect(statistics.tasks.map((task) => [task.name, task.samples, task.turns, task.images])).toEqual([
      ['short-vqa', 2, 4, 2],
      ['conversation', 1, 3, 1],
      [UNKNOWN_SOURCE, 1, 2, 0],
      ['counting', 1, 2, 1],
      ['paragraph', 1, 2, 1],
    ]);
  });

  it('builds the image-overlap matrix in the order of the sources', async () => {
    const { imageOverlap } = await computeStatistics(samples);
    expect(imageOverlap.datasets).toEqual(['vqav2', 'llava-instruct', UNKNOWN_SOURCE, 'image-paragraph', 'tallyqa']);
    expect(imageOverlap.counts).toEqual([
      [2, 1, 0, 1, 1],
      [1, 1, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [1, 0, 0, 1, 1],
      [1, 0, 0, 1, 1],
    ]);
  });

  it('measures instruction diversity', async () => {
    const { instructions } = await computeStatistics(samples);
    expect(instructions.turns).toBe(6);
    expect(instructions.templates).toEqual({
      distinct: 3,
      uses: [
        { template: 'short-phrase', turns: 2 },
        { template: 'number', turns: 1 },
        { template: 'paragraph', turns: 1 },
      ],
    });
    // 46 words, 27 distinct; 40 bigrams, 28 distinct (counted by hand; "<image>" is not a word).
    expect(instructions.unigrams).toEqual({ total: 46, distinct: 27 });
    expect(instructions.bigrams).toEqual({ total: 40, distinct: 28 });
    expect(instructions.distinct1).toBeCloseTo(27 / 46, 12);
    expect(instructions.distinct2).toBeCloseTo(0.7, 12);
    expect(instructions.exact).toBe(true);
  });

  it('summarises answer length by turn position, turns per sample and answer styles', async () => {
    const statistics = await computeStatistics(samples);
    // First answers: 1, 1, 9, 4, 2 words; the only second answer: 43 words.
    expect(statistics.answerLength.byPosition).toEqual([
      { position: 1, count: 5, mean: 3.4, p50: 2, p90: 9, max: 9 },
      { position: 2, count: 1, mean: 43, p50: 43, p90: 43, max: 43 },
    ]);
    expect(statistics.answerLength.overall).toEqual({ count: 6, mean: 10, p50: 2, p90: 43, max: 43 });
    expect(statistics.turnsPerSample).toEqual([
      { turns: 2, samples: 3 },
      { turns: 3, samples: 1 },
      { turns: 4, samples: 1 },
    ]);
    expect(statistics.answerStyles).toEqual({ short: 3, sentence: 2, paragraph: 1 });
  });

  it('classes answers at the style boundaries: 3 words short, 4 sentence, 39 sentence, 40 paragraph', async () => {
    const answer = (words: number) => Array.from({ length: words }, () => 'word').join(' ');
    const boundary = [3, 4, 39, 40].map((words, index) => ({
      id: `b${index}`,
      images: [],
      turns: [
        { role: 'user' as const, text: 'Say something.' },
        { role: 'assistant' as const, text: answer(words) },
      ],
    }));
    const statistics = await computeStatistics(boundary);
    expect(statistics.answerStyles).toEqual({ short: 1, sentence: 2, paragraph: 1 });
  });

  it('is plain JSON and does not depend on the order of the samples', async () => {
    const forward = await computeStatistics(samples);
    const backward = await computeStatistics([...samples].reverse());
    expect(JSON.parse(JSON.stringify(forward))).toEqual(forward);
    expect(backward).toEqual(forward);
  });

  it('handles an empty stream', async () => {
    const statistics = await computeStatistics([]);
    expect(statistics.totals.samples).toBe(0);
    expect(statistics.sources).toEqual([]);
    expect(statistics.imageOverlap).toEqual({ datasets: [], counts: [] });
    expect(statistics.answerLength.overall).toEqual({ count: 0, mean: 0, p50: 0, p90: 0, max: 0 });
    expect(statistics.instructions.distinct1).toBe(0);
  });
});

describe('createStatisticsCollector', () => {
  it('gives the same result incrementally, and keeps counting after a result', async () => {
    const collector = createStatisticsCollector();
    collector.add(samples[0]!);
    collector.add(samples[1]!);
    const early = collector.result();
    expect(early.totals.samples).toBe(2);
    for (const sample of samples.slice(2)) collector.add(sample);
    expect(collector.result()).toEqual(await computeStatistics(samples));
    // The early result was not changed by the later samples.
    expect(early.totals.samples).toBe(2);
  });

  it('switches to an estimate past exactDistinctLimit and stays close', () => {
    const collector = createStatisticsCollector({ exactDistinctLimit: 1000 });
    // 20 000 distinct words, each used twice, one per instruction.
    for (let index = 0; index < 40_000; index++) {
      collector.add({ id: String(index), images: [], turns: [{ role: 'user', text: `word${index % 20_000}` }, { role: 'assistant', text: 'ok' }] });
    }
    const { instructions } = collector.result();
    expect(instructions.exact).toBe(false);
    expect(instructions.unigrams.total).toBe(40_000);
    expect(Math.abs(instructions.unigrams.distinct - 20_000) / 20_000).toBeLessThan(0.03);
    expect(instructions.bigrams).toEqual({ total: 0, distinct: 0 });
  });

  it('refuses a bad exactDistinctLimit', () => {
    expect(() => createStatisticsCollector({ exactDistinctLimit: -1 })).toThrow(/exactDistinctLimit/);
  });
});
