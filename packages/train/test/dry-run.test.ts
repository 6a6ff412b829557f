import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sample } from '@vift/schema';
import { describe, expect, it } from 'vitest';
import { dryRun, estimateTextTokens, imageTokenCount, llavaModalityLength, parseTrainConfig, type DryRunFinding, type TrainConfigInput } from '../src/index.js';
import { dryRunDataset } from '../src/node/index.js';
import { fixturesPath, useTempFolders } from './helpers.js';

const tempFolder = useTempFolders();
const config = (input: Partial<TrainConfigInput> = {}) => parseTrainConfig({ data: { folder: '/data' }, outputDir: '/runs/x', ...input });
const words = (count: number) => Array(count).fill('word').join(' ');
const sample = (id: string, images: number, turns: Array<[Sample['turns'][number]['role'], string]>): Sample => ({
  id,
  images: Array.from({ length: images }, (_, index) => ({ path: `${id}-${index}.jpg` })),
  turns: turns.map(([role, text]) => ({ role, text })),
});
const brief = (findings: DryRunFinding[]) => findings.map((finding) => [finding.index, finding.sampleId, finding.code, finding.turnIndex]);

describe('the pieces of the dry run', () => {
  it("counts LLaVA-1.5's image tokens and estimates text tokens", () => {
    expect(imageTokenCount({ imageSize: 336, patchSize: 14 })).toBe(576);
    expect(imageTokenCount({ imageSize: 336, patchSize: 14, startEndTokens: true })).toBe(578);
    expect(imageTokenCount({ imageSize: 224, patchSize: 14 })).toBe(256);
    expect(estimateTextTokens('')).toBe(0);
    expect(estimateTextTokens(words(1200))).toBe(1600);
    expect(estimateTextTokens('Describe.')).toBe(3);
  });

  it("gives the lengths LLaVA's modality-length sampler uses", () => {
    expect(llavaModalityLength(sample('a', 1, [['user', '<image>\nWhat is  this?'], ['assistant', 'A cat.']]))).toBe(6);
    expect(llavaModalityLength(sample('b', 0, [['user', 'Hi'], ['assistant', 'Hello there']]))).toBe(-3);
    expect(llavaModalityLength(sample('c', 0, [['user', ' '], ['assistant', '\n']]))).toBe(0);
  });
});

describe('dryRun', () => {
  it('finds nothing wrong in the LLaVA-Instruct records of the fixtures', async () => {
    for (const file of ['llava-instruct-coco-val-90.json', 'llava-instruct-coco-val-30-multiturn.json']) {
      const report = await dryRunDataset({ input: join(fixturesPath, 'llava', file), config: config() });
      expect(report.findings, file).toEqual([]);
      expect(report.errors).toBe(0);
      expect(report.modality.textOnly).toBe(0);
      expect(report.tokens.longest).toBeGreaterThan(576);
      expect(report.tokens.longest).toBeLessThan(2048);
    }
  });

  it('reports each bad sample with its index, id, turn and fix', async () => {
    const samples = [
      sample('ok', 1, [['user', '<image>\nDescribe.'], ['assistant', 'A kitchen.']]),
      sample('two-placeholders', 1, [['user', '<image>\n<image>\nDescribe.'], ['assistant', 'A kitchen.']]),
      sample('no-placeholder', 1, [['user', 'Describe.'], ['assistant', 'A kitchen.']]),
      sample('empty-answer', 1, [['user', '<image>\nDescribe.'], ['assistant', '  ']]),
      sample('image-cut', 1, [['user', 'Describe.'], ['assistant', words(1200)], ['user', '<image>\nAnd this?'], ['assistant', 'Yes.']]),
      sample('image-dropped', 1, [['user', 'Describe.'], ['assistant', words(1600)], ['user', '<image>\nAnd this?'], ['assistant', 'Yes.']]),
      sample('answers-dropped', 0, [['user', words(1600)], ['assistant', 'Yes.']]),
      sample('text-only', 0, [['user', 'Say hi.'], ['assistant', 'Hi.']]),
    ];
    const report = await dryRun({ samples, config: config() });
    expect(brief(report.findings)).toEqual([
      [1, 'two-placeholders', 'placeholder-count-mismatch', undefined],
      [2, 'no-placeholder', 'placeholder-count-mismatch', undefined],
      [3, 'empty-answer', 'empty-assistant-target', 1],
      // LLaVA puts the image before its turn: at token 1658 of 2048, its 576 tokens cross the limit.
      [4, 'image-cut', 'truncation-cuts-image', 2],
      [4, 'image-cut', 'truncation-cuts-targets', 3],
      [5, 'image-dropped', 'truncation-drops-image', 2],
      [5, 'image-dropped', 'truncation-cuts-targets', 1],
      [6, 'answers-dropped', 'truncation-drops-all-targets', undefined],
    ]);
    const [tooMany, tooFew] = report.findings;
    expect(tooMany!.message).toBe('2 <image> placeholder(s) in the user turns but 1 image(s)');
    expect(tooMany!.fix).toMatch(/remove the extra <image>/);
    expect(tooFew!.fix).toMatch(/add one <image> to a user turn for each image/);
    expect(report.findings[3]!.message).toBe('the image in turn 2 takes tokens 1658–2233, across the maximum length 2048');
    expect(report.findings[3]!.fix).toMatch(/raise training\.modelMaxLength \(now 2048\)/);
    expect(report.findings[7]!.message).toMatch(/starts at token 2184, after the maximum length 2048/);
    expect(report).toMatchObject({ samples: 8, failing: 6, errors: 6, warnings: 2, modality: { withImages: 6, textOnly: 2 } });
    expect(report.tokens).toMatchObject({ counted: 'estimate', imageTokens: 576, maxLength: 2048, overMaxLength: 3 });
    expect(report.notes.join('\n')).toMatch(/6 samples with an image and 2 text-only: group_by_modality_length fills each megabatch of 128 samples \(per-device batch × devices × accumulation\) with one kind/);
  });

  it("applies LLaVA's own limits only to LLaVA, and no truncation to TRL", async () => {
    const samples = [
      sample('two-images', 2, [['user', '<image>\n<image>\nCompare.'], ['assistant', 'Alike.']]),
      sample('with-system', 1, [['system', 'Be brief.'], ['user', '<image>\nDescribe.'], ['assistant', 'A cat.']]),
      sample('blank', 0, [['user', ' '], ['assistant', '\n']]),
      sample('long', 1, [['user', `<image>\n${words(1600)}`], ['assistant', 'Yes.']]),
    ];
    const llava = await dryRun({ samples, config: config() });
    expect(brief(llava.findings)).toEqual([
      [0, 'two-images', 'several-images', undefined],
      [1, 'with-system', 'system-turn-unsupported', 0],
      [2, 'blank', 'empty-assistant-target', 1],
      [2, 'blank', 'zero-modality-length', undefined],
      [3, 'long', 'truncation-drops-all-targets', undefined],
    ]);
    expect(llava.findings[3]!.message).toMatch(/Should not have zero length/);
    const withoutGrouping = await dryRun({ samples, config: config({ training: { groupByModalityLength: false } }) });
    expect(withoutGrouping.countsByCode['zero-modality-length']).toBeUndefined();

    const llamaFactory = await dryRun({ samples, config: config({ trainer: 'llama-factory' }) });
    expect(brief(llamaFactory.findings)).toEqual([
      [2, 'blank', 'empty-assistant-target', 1],
      [3, 'long', 'truncation-drops-all-targets', undefined],
    ]);
    const trl = await dryRun({ samples, config: config({ trainer: 'trl' }) });
    expect(brief(trl.findings)).toEqual([[2, 'blank', 'empty-assistant-target', 1]]);
    expect(trl.tokens.maxLength).toBeUndefined();
    expect(trl.notes.join(' ')).toMatch(/does not truncate/);
  });

  it('counts with a supplied tokenizer', async () => {
    const perCharacter = (text: string) => text.length;
    // 40 template tokens + 5 + 576 image tokens + 1300 + 5: the answer starts at 1926 and ends at 2126.
    const samples = [sample('chars', 1, [['user', `<image>\n${'x'.repeat(1300)}`], ['assistant', 'y'.repeat(200)]])];
    expect((await dryRun({ samples, config: config() })).findings).toEqual([]);
    const counted = await dryRun({ samples, config: config(), countTokens: perCharacter });
    expect(counted.tokens.counted).toBe('tokenizer');
    expect(brief(counted.findings)).toEqual([[0, 'chars', 'truncation-cuts-targets', 1]]);
  });

  it('names records a file cannot give as samples, and missing image files', async () => {
    const folder = await tempFolder();
    const input = join(folder, 'bad.json');
    await writeFile(
      input,
      JSON.stringify([
        { id: 'fine', image: '000000000802.jpg', conversations: [{ from: 'human', value: '<image>\nDescribe.' }, { from: 'gpt', value: 'A kitchen.' }] },
        { id: 'missing-file', image: 'nope.jpg', conversations: [{ from: 'human', value: '<image>\nDescribe.' }, { from: 'gpt', value: 'Nothing.' }] },
        { id: 'wrong-order', conversations: [{ from: 'gpt', value: 'Answer first.' }, { from: 'human', value: 'Question after.' }] },
        { id: 'mismatch', image: '000000011813.jpg', conversations: [{ from: 'human', value: 'Describe.' }, { from: 'gpt', value: 'A camera.' }] },
        { id: 'empty', image: '000000011813.jpg', conversations: [{ from: 'human', value: '<image>\nDescribe.' }, { from: 'gpt', value: '' }] },
      ]),
    );
    const report = await dryRunDataset({ input, config: config(), imageRoot: join(fixturesPath, 'images') });
    expect(report.inputFormat).toBe('llava');
    expect(brief(report.findings)).toEqual([
      [1, 'missing-file', 'invalid-record', undefined],
      [2, 'wrong-order', 'invalid-record', 0],
      [3, 'mismatch', 'placeholder-count-mismatch', undefined],
      [4, 'empty', 'empty-assistant-target', 1],
    ]);
    expect(report.findings[0]!.message).toMatch(/^image-file-missing: image "nope\.jpg" does not exist/);
    expect(report.findings[0]!.fix).toMatch(/check --image-root/);
    expect(report.findings[1]!.message).toMatch(/^role-order: /);
    expect(report.failing).toBe(4);
  });
});
