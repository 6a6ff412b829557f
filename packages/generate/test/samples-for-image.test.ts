import { validateSample } from '@vift/schema';
import type { Annotation, CocoImage } from '@vift/sources';
import { describe, expect, it } from 'vitest';
import { COCO_ALL, MIX665K_LIKE, recipeSchema, samplesForImage, SHORT_ANSWER_STYLES, TABLE_1_TEMPLATES, TEMPLATES } from '../src/index.js';

const image: CocoImage = { cocoId: 139, fileName: '000000000139.jpg', width: 640, height: 426, split: 'val2017' };
const base = { cocoId: 139 } as const;

// One annotation of every kind, worded like the real sets.
const annotations: Annotation[] = [
  { ...base, dataset: 'coco-caption', annotationId: '1', kind: 'caption', text: 'A woman stands in the dining area at the table.' },
  { ...base, dataset: 'coco-caption', annotationId: '2', kind: 'caption', text: 'A room with chairs, a table, and a woman in it.' },
  { ...base, dataset: 'image-paragraph', annotationId: 'p1', kind: 'paragraph', text: 'A woman is standing in a kitchen. There is a table with chairs. A television sits on a stand.' },
  { ...base, dataset: 'vqav2', annotationId: '139000', kind: 'question', question: 'What color is the table?', answer: 'brown' },
  { ...base, dataset: 'vg-qa', annotationId: '9', kind: 'question', question: 'What is on the wall?', answer: 'A clock.' },
  { ...base, dataset: 'tallyqa', annotationId: 't1', kind: 'count', question: 'How many chairs are there?', answer: 5 },
  { ...base, dataset: 'vqa-e', annotationId: 'e1', kind: 'explained-answer', question: 'Is it daytime?', answer: 'yes', explanation: 'sunlight comes through the window' },
  { ...base, dataset: 'vsr', annotationId: 'v1', kind: 'statement', statement: 'The chair is left of the table', label: true, relation: 'left of' },
  { ...base, dataset: 'a-okvqa', annotationId: 'a1', kind: 'multiple-choice', question: 'What room is this?', choices: ['garage', 'dining room', 'bathroom', 'office'], answerIndex: 1, rationales: ['There is a dining table with chairs around it.'] },
  { ...base, dataset: 'coco-instances', annotationId: 'o1', kind: 'object', category: 'person', box: [412.8, 157.61, 53.05, 138.01], crowd: false },
  { ...base, dataset: 'coco-instances', annotationId: 'o2', kind: 'object', category: 'chair', box: [291.29, 218.24, 64.6, 64.59], crowd: false },
  { ...base, dataset: 'coco-instances', annotationId: 'o3', kind: 'object', category: 'chair', box: [362.0, 219.0, 38.0, 50.0], crowd: false },
  { ...base, dataset: 'vg-region', annotationId: 'r1', kind: 'region', phrase: 'a woman in a white shirt', box: [410, 150, 60, 140] },
  { ...base, dataset: 'refcoco', annotationId: 'ref1', kind: 'referring', expressions: ['woman on right', 'standing lady'], box: [412.8, 157.61, 53.05, 138.01], category: 'person' },
  { ...base, dataset: 'visdial', annotationId: 'd1', kind: 'dialog', caption: 'a kitchen', rounds: [{ question: 'is the woman young', answer: 'yes' }, { question: 'is she smiling', answer: 'i cannot tell' }] },
  { ...base, dataset: 'llava-instruct', annotationId: '000000000139', kind: 'conversation', task: 'conversation', turns: [{ role: 'user', text: 'What is the woman doing?' }, { role: 'assistant', text: 'She is standing near the dining table, looking towards the kitchen.' }] },
];

const group = { image, annotations };
const userTexts = (samples: ReturnType<typeof samplesForImage>) => samples.flatMap((sample) => sample.turns.filter((turn) => turn.role === 'user').map((turn) => turn.text));

describe('samplesForImage with coco-all', () => {
  const samples = samplesForImage(group, COCO_ALL);

  it('writes every Table 1 template verbatim', () => {
    const texts = userTexts(samples).join('\n');
    for (const template of TABLE_1_TEMPLATES) {
      const fixed = template.text.replace('{question} ', '');
      expect(texts, template.id).toContain(fixed);
    }
    expect(texts).toContain('What color is the table? Answer the question with a short phrase.');
    expect(texts).toContain('How many chairs are there? Answer the question with a number.');
    expect(texts).toContain('What room is this?\nA. garage\nB. dining room\nC. bathroom\nD. office\nAnswer with option');
  });

  it('gives valid samples with the image in the first user turn and provenance on every turn', () => {
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) {
      expect(validateSample(sample).issues).toEqual([]);
      expect(sample.turns[0]!.text.startsWith('<image>\n')).toBe(true);
      expect(sample.images).toEqual([{ path: 'coco/val2017/000000000139.jpg', cocoId: 139, width: 640, height: 426 }]);
      for (const turn of sample.turns) {
        expect(turn.source?.dataset).toBeTruthy();
        expect(turn.source?.template).toBeTruthy();
      }
    }
  });

  it('mixes short and long answers in each dialog', () => {
    for (const sample of samples) {
      const styles = new Set(sample.turns.filter((turn) => turn.role === 'user').map((turn) => TEMPLATES[turn.source!.template as keyof typeof TEMPLATES]?.answerStyle ?? 'open-ended'));
      const short = [...styles].some((style) => SHORT_ANSWER_STYLES.has(style));
      const long = [...styles].some((style) => !SHORT_ANSWER_STYLES.has(style));
      expect(short && long, sample.id).toBe(true);
    }
  });

  it('shapes answers to their instruction', () => {
    const answerTo = (question: string) => {
      for (const sample of samples) {
        const index = sample.turns.findIndex((turn) => turn.text.includes(question));
        if (index >= 0) return sample.turns[index + 1]!.text;
      }
      throw new Error(`no turn asks ${question}`);
    };
    expect(answerTo('What color is the table?')).toBe('Brown');
    expect(answerTo('What is on the wall?')).toBe('A clock');
    expect(answerTo('How many chairs are there?')).toBe('5');
    expect(answerTo('The chair is left of the table.')).toBe('Yes');
    expect(answerTo('What room is this?')).toBe('B. There is a dining table with chairs around it.');
    expect(answerTo('Is it daytime?')).toBe('Yes. Sunlight comes through the window.');
    expect(answerTo('How many chairs are there in the image?')).toBe('2');
    expect(answerTo('List the objects')).toBe('person: [0.645, 0.37, 0.728, 0.694]\nchair: [0.455, 0.512, 0.556, 0.664]\nchair: [0.566, 0.514, 0.625, 0.631]');
  });

  it('keeps a VisDial dialog and a GPT conversation in order', () => {
    const all = samples.flatMap((sample) => sample.turns.map((turn) => turn.text));
    const first = all.findIndex((text) => text.includes('is the woman young'));
    expect(all[first + 2]).toContain('is she smiling');
    const asked = all.findIndex((text) => text.includes('What is the woman doing?'));
    expect(all[asked + 1]).toBe('She is standing near the dining table, looking towards the kitchen.');
  });

  it('is deterministic for a seed and changes with the seed', () => {
    expect(samplesForImage(group, COCO_ALL)).toEqual(samples);
    const reseeded = samplesForImage(group, { ...COCO_ALL, seed: 7 });
    expect(reseeded).not.toEqual(samples);
  });

  it('splits a dialog that passes the turn cap and keeps every pair', () => {
    const capped = samplesForImage(group, recipeSchema.parse({ name: 'capped', dialog: { maxTurns: 3 } }));
    expect(capped.length).toBeGreaterThan(samples.length);
    for (const sample of capped) expect(sample.turns.length).toBeLessThanOrEqual(2 * 3 + 2 /* a unit may exceed the cap alone */);
    const pairs = (list: typeof samples) => list.reduce((sum, sample) => sum + sample.turns.length / 2, 0);
    expect(pairs(capped)).toBe(pairs(samplesForImage(group, { ...COCO_ALL, name: 'capped' })));
  });
});

describe('samplesForImage with mix665k-like', () => {
  const samples = samplesForImage(group, MIX665K_LIKE);

  it('puts the short-answer instruction on the first question of each source only', () => {
    const vqa = samples.find((sample) => sample.turns[0]!.source?.dataset === 'vqav2');
    expect(vqa?.turns[0]!.text).toBe('<image>\nWhat color is the table?\nAnswer the question using a single word or phrase.');
    for (const sample of samples) expect(validateSample(sample).issues).toEqual([]);
    expect(userTexts(samples).join('\n')).not.toContain('Describe the content of this image in 20 words.');
  });
});

describe('recipeSchema', () => {
  it('refuses unknown keys and datasets', () => {
    expect(() => recipeSchema.parse({ name: 'x', perImage: { caption: 2 } })).toThrow();
    expect(() => recipeSchema.parse({ name: 'x', datasets: ['coco'] })).toThrow();
  });
});
