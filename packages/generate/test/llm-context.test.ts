import { readFile } from 'node:fs/promises';
import { loadCocoCaptions, type Annotation, type CocoImage } from '@vift/sources';
import { describe, expect, it } from 'vitest';
import { buildSymbolicContext } from '../src/llm/index.js';
import { cocoSampleGroups, llavaContextRecords, llavaFixtures, pythonContexts } from './llm-fixtures.js';

const base = { dataset: 'coco-instances' as const, annotationId: 'x', crowd: false };
/** Objects at pixel boxes that normalise back to the given relative corners on a 1000 × 1000 image. */
const square: CocoImage = { cocoId: 1, fileName: '1.jpg', width: 1000, height: 1000 };
const objectsAt = (instances: { category: string; bbox: number[] }[]): Annotation[] =>
  instances.map(({ category, bbox: [x1, y1, x2, y2] }) => ({ ...base, cocoId: 1, kind: 'object', category, box: [x1! * 1000, y1! * 1000, (x2! - x1!) * 1000, (y2! - y1!) * 1000] }));
const captionsOf = (texts: string[]): Annotation[] => texts.map((text, index) => ({ dataset: 'coco-caption', cocoId: 1, annotationId: String(index), kind: 'caption', text }));

describe('buildSymbolicContext', () => {
  it('gives the captions of LLaVA’s context file for the images whose COCO captions are here', async () => {
    const records = new Map((await llavaContextRecords()).map((record) => [Number(record.id), record]));
    const byImage = new Map<number, Annotation[]>();
    for await (const caption of loadCocoCaptions({ file: llavaFixtures('coco/captions_val2017_llava80.json') })) {
      byImage.set(caption.cocoId, [...(byImage.get(caption.cocoId) ?? []), caption]);
    }
    // 13 of LLaVA's 80 images are in val2017; three of them have captions with a trailing space in COCO.
    expect(byImage.size).toBe(13);
    for (const [cocoId, annotations] of byImage) {
      const record = records.get(cocoId)!;
      expect(buildSymbolicContext({ image: { ...square, cocoId }, annotations })).toBe(record.captions.join('\n'));
    }
  });

  it('prints every box of LLaVA’s context file the way the file does', async () => {
    const records = await llavaContextRecords();
    expect(records).toHaveLength(80);
    let boxes = 0;
    for (const record of records) {
      const context = buildSymbolicContext({ image: square, annotations: [...captionsOf(record.captions), ...objectsAt(record.instances)] });
      const expected = `${record.captions.join('\n')}${record.instances.length === 0 ? '' : `\n\n${record.instances.map((instance) => `${instance.category}: ${instance.text}`).join('\n')}`}`;
      expect(context).toBe(expected);
      boxes += record.instances.length;
    }
    // Among them 0.0 and 1.0, which Python prints with a decimal.
    expect(boxes).toBe(476);
  });

  it('lays out a context like the few-shot examples of LLaVA’s prompts', async () => {
    const files = ['conversation/000_caps.txt', 'conversation/001_caps.txt', 'detail_description/000_caps.txt', 'detail_description/002_caps.txt', 'complex_reasoning/000_caps.txt', 'complex_reasoning/002_caps.txt'];
    for (const file of files) {
      const text = await readFile(llavaFixtures(`prompts/${file}`), 'utf8');
      const [captionPart, boxPart = ''] = text.split('\n\n');
      const instances = boxPart
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => {
          const [, category, numbers] = /^(.+): \[(.+)\]$/.exec(line)!;
          return { category: category!, bbox: numbers!.split(', ').map(Number) };
        });
      expect(buildSymbolicContext({ image: square, annotations: [...captionsOf(captionPart!.split('\n')), ...objectsAt(instances)] })).toBe(text);
    }
  });

  it('matches contexts computed in Python from the real COCO annotations', async () => {
    const groups = await cocoSampleGroups();
    const expected = await pythonContexts();
    expect(groups.map((group) => group.image.cocoId)).toEqual([139, 802, 11813, 34417, 117645, 205401, 397133]);
    for (const group of groups) expect(buildSymbolicContext(group)).toBe(expected[String(group.image.cocoId)]);
    expect(buildSymbolicContext(groups[1]!)).toBe(
      [
        'A kitchen with a refrigerator, stove and oven with cabinets.',
        'A white oven and a white refrigerator are in the kitchen.',
        'The refrigerator is brand new and was delivered today.',
        'Stark white appliances stand out against brown wooden cabinets.',
        'Kitchen appliances and cabinets as seen through opening.',
        '',
        'refrigerator: [0.578, 0.289, 0.969, 0.846]',
        'oven: [0.078, 0.452, 0.377, 0.813]',
      ].join('\n'),
    );
  });

  it('leaves the boxes out when asked, and keeps captions on one line each', async () => {
    const [group] = await cocoSampleGroups();
    const context = buildSymbolicContext({ ...group!, boxes: false });
    expect(context.split('\n')).toHaveLength(5);
    expect(context).not.toContain('[');
    const broken = buildSymbolicContext({ image: square, annotations: captionsOf(['  A cat\non a mat. ', 'A dog.', '   ']) });
    expect(broken).toBe('A cat on a mat.\nA dog.');
  });

  it('uses only COCO captions and COCO instances', () => {
    const annotations: Annotation[] = [
      ...captionsOf(['A man rides a horse.']),
      { dataset: 'vg-region', cocoId: 1, annotationId: 'r', kind: 'region', phrase: 'a brown horse', box: [0, 0, 10, 10] },
      { dataset: 'image-paragraph', cocoId: 1, annotationId: 'p', kind: 'paragraph', text: 'A man rides. The horse is brown.' },
      { ...base, cocoId: 1, kind: 'object', category: 'horse', box: [100, 200, 300, 400] },
      // Boxes that run past the image are clamped to it.
      { ...base, cocoId: 1, kind: 'object', category: 'person', box: [-5, 900, 200, 200] },
    ];
    expect(buildSymbolicContext({ image: square, annotations })).toBe('A man rides a horse.\n\nhorse: [0.1, 0.2, 0.4, 0.6]\nperson: [0.0, 0.9, 0.195, 1.0]');
  });
});
