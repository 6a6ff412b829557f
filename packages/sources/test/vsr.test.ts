import { describe, expect, it } from 'vitest';
import { SourceFileError } from '../src/source-error.js';
import { loadVsr } from '../src/vsr/load-vsr.js';
import { extraFixture, imagesWithIds, reports, writeRecords } from './extra-fixtures.js';
import { caught, collect } from './fixtures.js';
import { useTempFolders } from './temp-folder.js';

const file = extraFixture('vsr/all_vsr_validated_data.coco-mini-val2017.jsonl');
const temporaryFolder = useTempFolders();

describe('loadVsr', () => {
  it('reads the real VSR statements on the COCO sample images', async () => {
    const { list, report } = reports();
    const annotations = await collect(loadVsr({ file, report }));
    expect(annotations).toHaveLength(9);
    expect(annotations[0]).toEqual({
      kind: 'statement',
      dataset: 'vsr',
      cocoId: 519208,
      annotationId: '0',
      statement: 'The person is touching the elephant.',
      label: false,
      relation: 'touching',
    });
    expect(annotations[1]).toMatchObject({ cocoId: 552775, statement: 'The person is in front of the oven.', label: true, relation: 'in front of' });
    expect(annotations.filter((annotation) => annotation.label)).toHaveLength(5);
    expect(new Set(annotations.map((annotation) => annotation.cocoId))).toEqual(new Set([519208, 552775, 18575, 310200, 368212, 403353]));
    expect(list).toEqual([{ dataset: 'vsr', file, annotations: 9, droppedNotCoco: 0, droppedUnknownImage: 0, droppedMalformed: 0, examples: [] }]);
  });

  it('keeps only the given images', async () => {
    const { list, report } = reports();
    const annotations = await collect(loadVsr({ file, images: imagesWithIds([310200]), report }));
    expect(annotations.map((annotation) => annotation.statement)).toEqual(['The bowl contains the donut.', 'The donut is in the bowl.']);
    expect(list[0]).toMatchObject({ annotations: 2, droppedUnknownImage: 7 });
  });

  it('reads a JSON array too, drops images that are not COCO and counts malformed lines', async () => {
    const folder = await temporaryFolder();
    const base = { image: '000000000802.jpg', caption: 'The oven is left of the refrigerator.', label: 1, relation: 'left of' };
    const records = [
      base,
      { ...base, label: 2 },
      { ...base, image: 'flickr_12345.jpg' },
      { ...base, caption: '' },
      { ...base, image: undefined, image_link: 'http://images.cocodataset.org/val2017/000000000139.jpg', relation: undefined },
    ];
    for (const name of ['train.jsonl', 'train.json']) {
      const { list, report } = reports();
      const annotations = await collect(loadVsr({ file: await writeRecords(folder, name, records), report }));
      expect(annotations).toEqual([
        { kind: 'statement', dataset: 'vsr', cocoId: 802, annotationId: '0', statement: 'The oven is left of the refrigerator.', label: true, relation: 'left of' },
        { kind: 'statement', dataset: 'vsr', cocoId: 139, annotationId: '4', statement: 'The oven is left of the refrigerator.', label: true },
      ]);
      expect(list[0]).toMatchObject({ droppedNotCoco: 1, droppedMalformed: 2, examples: ['record 1: "label" is 2, not 0 or 1', 'record 3: "caption" is not a non-empty string'] });
    }
  });

  it('refuses a file whose records have no label, naming the key', async () => {
    const folder = await temporaryFolder();
    const other = await writeRecords(folder, 'dev.jsonl', [{ image: '000000000802.jpg', caption: 'A kitchen.' }]);
    const error = await caught(() => collect(loadVsr({ file: other })));
    expect(SourceFileError.isInstance(error)).toBe(true);
    expect((error as SourceFileError).message).toBe(`${other} record 0 (at byte 0): the records have no "label"`);
  });
});
