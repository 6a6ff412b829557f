import { describe, expect, it } from 'vitest';
import { ViftError } from '@vift/schema';
import {
  bleu,
  ciderD,
  DuplicateIdError,
  evaluateCaptions,
  MissingIdError,
  MissingPredictionError,
  rougeL,
  tokenizeCaptions,
  UnknownIdError,
  UnknownMetricError,
  type CaptionRecord,
} from '../src/index.js';
import { readCocoCaptions } from '../src/node/index.js';
import { evalFixture, fixtureJson } from './fixtures.js';

type StoredImage = { image_id: number; res: string[]; gts: string[]; CIDEr: number; Bleu_4: number; ROUGE_L: number };
const stored = fixtureJson<Record<string, { scores: Record<string, number>; per_image: StoredImage[] }>>(
  evalFixture('pycocoevalcap-computed/coco-mini_leave-one-out_scores.json'),
)['coco-mini_val2017_79img']!;

const storedRecords = () => ({
  predictions: stored.per_image.map((image) => ({ imageId: image.image_id, caption: image.res[0]! })),
  references: stored.per_image.flatMap((image) => image.gts.map((caption) => ({ imageId: image.image_id, caption }))),
});

describe('evaluateCaptions', () => {
  it('gives pycocoevalcap scores from records of token strings', () => {
    const result = evaluateCaptions({ ...storedRecords(), tokenize: false });
    expect(Object.keys(result.scores)).toEqual(['bleu-1', 'bleu-2', 'bleu-3', 'bleu-4', 'rouge-l', 'cider-d']);
    expect(result.scores['bleu-4']).toBeCloseTo(stored.scores.Bleu_4!, 12);
    expect(result.scores['rouge-l']).toBe(stored.scores.ROUGE_L);
    expect(result.scores['cider-d']).toBe(stored.scores.CIDEr);
    expect(result.perImage[5]).toEqual({ imageId: stored.per_image[5]!.image_id, scores: expect.objectContaining({ 'cider-d': expect.closeTo(stored.per_image[5]!.CIDEr, 12) }) });
  });

  it('scores only the metrics asked for', () => {
    const result = evaluateCaptions({ ...storedRecords(), tokenize: false, metrics: ['cider-d'] });
    expect(Object.keys(result.scores)).toEqual(['cider-d']);
    expect(Object.keys(result.perImage[0]!.scores)).toEqual(['cider-d']);
  });

  it('tokenizes references and candidates as pycocoevalcap does before scoring', () => {
    // Leave-one-out over all 5000 images of val2017: each image's lowest-id caption against its other captions.
    const annotations = fixtureJson<{ annotations: { id: number; image_id: number; caption: string }[] }>(evalFixture('captions_val2017.json')).annotations;
    const lowest = new Map<number, { id: number; caption: string }>();
    for (const annotation of annotations) {
      const current = lowest.get(annotation.image_id);
      if (current === undefined || annotation.id < current.id) lowest.set(annotation.image_id, annotation);
    }
    const predictions: CaptionRecord[] = [...lowest].map(([imageId, annotation]) => ({ imageId, caption: annotation.caption }));
    const references: CaptionRecord[] = annotations
      .filter((annotation) => lowest.get(annotation.image_id)!.id !== annotation.id)
      .map((annotation) => ({ imageId: annotation.image_id, caption: annotation.caption }));
    const result = evaluateCaptions({ predictions, references, metrics: ['cider-d', 'rouge-l'] });
    expect(result.examples).toHaveLength(5000);
    // The same numbers as tokenizing by hand and scoring the tokens.
    const first = result.examples[0]!;
    expect(first.candidate).toBe(tokenizeCaptions([lowest.get(first.id as number)!.caption])[0]);
    expect(result.scores['cider-d']).toBe(ciderD({ examples: result.examples }).score);
    expect(result.scores['rouge-l']).toBe(rougeL({ examples: result.examples }).score);
    expect(result.scores['cider-d']).toBeGreaterThan(0.5);
    expect(bleu({ examples: result.examples }).scores[0]).toBeGreaterThan(0.5);
  });

  it('reads COCO captions in the order of the images list, as pycocoevalcap scores them', async () => {
    const file = evalFixture('captions_val2017.json');
    const json = fixtureJson<{ images: { id: number }[]; annotations: { image_id: number }[] }>(file);
    const records = await readCocoCaptions(file);
    expect(records).toHaveLength(json.annotations.length);
    const imageOrder = [...new Set(records.map((record) => record.imageId))];
    expect(imageOrder).toEqual(json.images.map((image) => image.id));
    expect(json.annotations[0]!.image_id).not.toBe(json.images[0]!.id);
  });
});

describe('bad input', () => {
  const references: CaptionRecord[] = [
    { imageId: 1, caption: 'a cat' },
    { imageId: 1, caption: 'a small cat' },
    { imageId: 2, caption: 'a dog' },
  ];

  it('names an unknown metric and the known ones', () => {
    const call = () => evaluateCaptions({ predictions: [], references, metrics: ['bleu', 'meteor'] });
    expect(call).toThrow(UnknownMetricError);
    expect(call).toThrow('unknown metric "meteor"');
    try {
      call();
    } catch (error) {
      expect(ViftError.isInstance(error)).toBe(true);
      expect((error as ViftError).toLine()).toBe('unknown metric "meteor". Fix: use one of bleu, rouge-l, cider-d');
    }
  });

  it('names a prediction without an id by its index and file', () => {
    const predictions = [{ imageId: 1, caption: 'a cat' }, { caption: 'a dog' } as unknown as CaptionRecord];
    const call = () => evaluateCaptions({ predictions, references, files: { predictions: 'results.json' } });
    expect(call).toThrow(MissingIdError);
    expect(call).toThrow('results.json: record 1 has no imageId');
  });

  it('names a duplicate id with both records', () => {
    const predictions = [
      { imageId: 1, caption: 'a cat' },
      { imageId: 2, caption: 'a dog' },
      { imageId: 1, caption: 'another cat' },
    ];
    const call = () => evaluateCaptions({ predictions, references });
    expect(call).toThrow(DuplicateIdError);
    expect(call).toThrow('predictions: record 2 (id 1) repeats the id of record 0');
  });

  it('names the images without a prediction, and a prediction without references', () => {
    expect(() => evaluateCaptions({ predictions: [{ imageId: 1, caption: 'a cat' }], references })).toThrow(MissingPredictionError);
    expect(() => evaluateCaptions({ predictions: [{ imageId: 1, caption: 'a cat' }], references })).toThrow('predictions: no prediction for id 2');
    const extra = [...['a cat', 'a dog'].map((caption, index) => ({ imageId: index + 1, caption })), { imageId: 'x', caption: 'what' }];
    expect(() => evaluateCaptions({ predictions: extra, references })).toThrow(UnknownIdError);
    expect(() => evaluateCaptions({ predictions: extra, references })).toThrow('predictions: record 2 (id "x") has no reference');
  });

  it('keeps messages on one line', () => {
    try {
      evaluateCaptions({ predictions: [{ imageId: 1, caption: 'a cat' }], references });
    } catch (error) {
      expect((error as ViftError).toLine()).not.toContain('\n');
      expect((error as MissingPredictionError).ids).toEqual([2]);
    }
  });
});
