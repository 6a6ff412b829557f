import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRefcoco } from '../src/refcoco/load-refcoco.js';
import { SourceFileError } from '../src/source-error.js';
import { extraFixture, imagesWithIds, reports, writeRecords } from './extra-fixtures.js';
import { caught, collect } from './fixtures.js';
import { useTempFolders } from './temp-folder.js';

const refsPickle = extraFixture('refcoco/refs(unc).p');
const refsJson = extraFixture('refcoco/refs(unc).json');
const instancesFile = extraFixture('refcoco/instances.json');
const temporaryFolder = useTempFolders();

type Ref = { ref_id: number; ann_id: number; image_id: number; split: string; category_id: number; sentences: { sent: string; raw: string }[] };

describe('loadRefcoco', () => {
  it('reads the refs pickle, with boxes and categories from instances.json', async () => {
    const { list, report } = reports();
    const annotations = await collect(loadRefcoco({ refsFile: refsPickle, instancesFile, dataset: 'refcoco', report }));
    expect(annotations).toHaveLength(11);
    expect(annotations[0]).toEqual({
      kind: 'referring',
      dataset: 'refcoco',
      cocoId: 205401,
      annotationId: '0',
      expressions: ['seaplane floating on the lake', 'big plane in the middle'],
      box: [105.41, 143.03, 437.2, 127.51],
      category: 'airplane',
    });
    expect(annotations.map((annotation) => [annotation.annotationId, annotation.cocoId, annotation.category, annotation.box])).toEqual([
      ['0', 205401, 'airplane', [105.41, 143.03, 437.2, 127.51]],
      ['1', 205401, 'boat', [370.12, 217.2, 85.94, 41.44]],
      ['2', 205401, 'person', [415.18, 217.09, 25.01, 17.54]],
      ['3', 397133, 'person', [388.66, 69.92, 109.41, 277.62]],
      ['4', 397133, 'person', [0, 262.81, 62.16, 36.77]],
      ['5', 802, 'refrigerator', [245.05, 185.23, 165.76, 356.03]],
      ['6', 802, 'oven', [33.08, 289.08, 126.56, 231.55]],
      ['7', 139, 'tv', [7.03, 167.76, 149.32, 94.87]],
      ['8', 139, 'person', [412.8, 157.61, 53.05, 138.01]],
      ['9', 11813, 'laptop', [0.23, 386.85, 168.48, 80.5]],
      ['10', 117645, 'person', [395.79, 166.07, 32.57, 56.5]],
    ]);
    expect(annotations[5]!.expressions).toEqual(['white fridge on the right', 'refrigerator']);
    expect(list).toEqual([{ dataset: 'refcoco', file: refsPickle, annotations: 11, droppedNotCoco: 0, droppedUnknownImage: 0, droppedMalformed: 0, examples: [] }]);
  });

  it('reads a JSON export of the refs the same way, under the dataset it is told', async () => {
    const fromPickle = await collect(loadRefcoco({ refsFile: refsPickle, instancesFile, dataset: 'refcoco+' }));
    const fromJson = await collect(loadRefcoco({ refsFile: refsJson, instancesFile, dataset: 'refcoco+' }));
    expect(fromJson).toEqual(fromPickle);
    expect(new Set(fromJson.map((annotation) => annotation.dataset))).toEqual(new Set(['refcoco+']));
  });

  it('keeps only the refs of the given splits and images', async () => {
    const testA = await collect(loadRefcoco({ refsFile: refsPickle, instancesFile, dataset: 'refcoco', splits: ['testA', 'testB'] }));
    expect(testA.map((annotation) => annotation.annotationId)).toEqual(['3', '4', '5', '6']);
    const { list, report } = reports();
    const kept = await collect(loadRefcoco({ refsFile: refsPickle, instancesFile, dataset: 'refcoco', images: imagesWithIds([139]), report }));
    expect(kept.map((annotation) => annotation.annotationId)).toEqual(['7', '8']);
    expect(list[0]).toMatchObject({ annotations: 2, droppedUnknownImage: 9 });
  });

  it('counts refs it cannot place, with their index and id', async () => {
    const refs = JSON.parse(await readFile(refsJson, 'utf8')) as Ref[];
    const folder = await temporaryFolder();
    const bad = await writeRecords(folder, 'refs(unc).json', [
      refs[0],
      { ...refs[1], ann_id: 999999 },
      { ...refs[2], image_id: 139 },
      { ...refs[3], sentences: [{ sent: ' ', raw: '' }] },
      'not a ref',
      { ...refs[4], ref_id: undefined },
      { ...refs[5], sentences: [{ raw: 'the fridge' }] },
    ]);
    const { list, report } = reports();
    const annotations = await collect(loadRefcoco({ refsFile: bad, instancesFile, dataset: 'refcoco', report }));
    expect(annotations.map((annotation) => [annotation.annotationId, annotation.expressions])).toEqual([
      ['0', ['seaplane floating on the lake', 'big plane in the middle']],
      ['5', ['the fridge']],
    ]);
    expect(list[0]!.droppedMalformed).toBe(5);
    expect(list[0]!.examples).toEqual([
      `record 1 (id 1): object 999999 is not in ${instancesFile}`,
      'record 2 (id 2): "image_id" 139 is not its object\'s image 205401',
      'record 3 (id 3): no sentence with text',
      'record 4: not a dict',
      'record 5: "ref_id" is nothing, not a number or string',
    ]);
  });

  it('refuses refs without ann_id, an instances file without annotations, an empty refs file and a refs pickle that runs code', async () => {
    const folder = await temporaryFolder();
    const noAnn = await writeRecords(folder, 'refs.json', [{ ref_id: 0, image_id: 139, sentences: [] }]);
    expect(((await caught(() => collect(loadRefcoco({ refsFile: noAnn, instancesFile, dataset: 'refcoco' })))) as SourceFileError).message).toBe(
      `${noAnn} record 0 (id 0): the refs have no "ann_id"`,
    );
    const captions = extraFixture('../sources/coco/captions_val2017.json');
    const noInstances = await writeRecords(folder, 'instances.json', { images: [] });
    expect(((await caught(() => collect(loadRefcoco({ refsFile: refsPickle, instancesFile: noInstances, dataset: 'refcoco' })))) as SourceFileError).message).toBe(
      `${noInstances}: there is no "annotations" array`,
    );
    // A captions file has annotations but no boxes: every ref is then counted, not placed.
    const { list, report } = reports();
    expect(await collect(loadRefcoco({ refsFile: refsPickle, instancesFile: captions, dataset: 'refcoco', report }))).toEqual([]);
    expect(list[0]!.droppedMalformed).toBe(11);
    const empty = join(folder, 'empty.p');
    await writeFile(empty, '  \n');
    expect(((await caught(() => collect(loadRefcoco({ refsFile: empty, instancesFile, dataset: 'refcoco' })))) as SourceFileError).message).toBe(`${empty}: the file is empty`);
    expect(((await caught(() => collect(loadRefcoco({ refsFile: join(folder, 'missing.p'), instancesFile, dataset: 'refcoco' })))) as SourceFileError).message).toMatch(/missing\.p: no such file$/);
    const runsCode = extraFixture('pickle/runs-code-protocol-2.pkl');
    const error = (await caught(() => collect(loadRefcoco({ refsFile: runsCode, instancesFile, dataset: 'refcoco' })))) as SourceFileError;
    expect(SourceFileError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/GLOBAL: the pickle imports a Python object \(posix\.system\); vift never runs code from a pickle$/);
  });
});
