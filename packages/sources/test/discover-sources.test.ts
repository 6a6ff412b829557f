import { copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverSources, type DiscoveredSource } from '../src/discover-sources.js';
import { SourceFileError } from '../src/source-error.js';
import { loadVqa } from '../src/vqa/load-vqa.js';
import { caught, collect, fixture } from './fixtures.js';
import { useTempFolders } from './temp-folder.js';

const temporaryFolder = useTempFolders();

/** Creates each file (with an empty object; discovery only looks at names), or copies the fixture named. */
async function layout(root: string, files: Record<string, string | null>): Promise<void> {
  for (const [path, from] of Object.entries(files)) {
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    if (from === null) await writeFile(target, '{}');
    else await copyFile(fixture(from), target);
  }
}

function summary(sources: readonly DiscoveredSource[], root: string): unknown[] {
  return sources.map((source) => ({
    ...source,
    files: Object.fromEntries(Object.entries(source.files).map(([role, path]) => [role, path.slice(root.length + 1)])),
  }));
}

describe('discoverSources', () => {
  it('finds the official file names one and two folders down and pairs the files of each split', async () => {
    const root = await temporaryFolder();
    await layout(root, {
      'coco/annotations/captions_train2017.json': null,
      'coco/annotations/captions_val2017.json': null,
      'coco/annotations/instances_val2017.json': null,
      'coco/annotations/person_keypoints_val2017.json': null,
      'vg/image_data.json': null,
      'vg/region_descriptions.json': null,
      'vg/question_answers.json': null,
      'vqa/v2_OpenEnded_mscoco_train2014_questions.json': null,
      'vqa/v2_mscoco_train2014_annotations.json': null,
      'vqa/v2_OpenEnded_mscoco_val2014_questions.json': null,
      'OK-VQA/OpenEnded_mscoco_val2014_questions.json': null,
      'OK-VQA/mscoco_val2014_annotations.json': null,
      // VQA v1 has OK-VQA's file names: outside a folder named for OK-VQA they are not taken for it.
      'vqa-v1/OpenEnded_mscoco_train2014_questions.json': null,
      'vqa-v1/mscoco_train2014_annotations.json': null,
      // Three folders down: beyond the search.
      'archive/old/coco/captions_val2014.json': null,
      '.cache/captions_val2014.json': null,
    });
    const sources = await discoverSources(root);
    expect(summary(sources, root)).toEqual([
      { dataset: 'coco-caption', split: 'train2017', files: { annotations: 'coco/annotations/captions_train2017.json' }, missing: [] },
      { dataset: 'coco-caption', split: 'val2017', files: { annotations: 'coco/annotations/captions_val2017.json' }, missing: [] },
      { dataset: 'coco-instances', split: 'val2017', files: { annotations: 'coco/annotations/instances_val2017.json' }, missing: [] },
      { dataset: 'vg-region', files: { regions: 'vg/region_descriptions.json', images: 'vg/image_data.json' }, missing: [] },
      { dataset: 'vg-qa', files: { questions: 'vg/question_answers.json', images: 'vg/image_data.json' }, missing: [] },
      {
        dataset: 'vqav2',
        split: 'train2014',
        files: { questions: 'vqa/v2_OpenEnded_mscoco_train2014_questions.json', annotations: 'vqa/v2_mscoco_train2014_annotations.json' },
        missing: [],
      },
      { dataset: 'vqav2', split: 'val2014', files: { questions: 'vqa/v2_OpenEnded_mscoco_val2014_questions.json' }, missing: ['annotations'] },
      {
        dataset: 'ok-vqa',
        split: 'val2014',
        files: { questions: 'OK-VQA/OpenEnded_mscoco_val2014_questions.json', annotations: 'OK-VQA/mscoco_val2014_annotations.json' },
        missing: [],
      },
    ]);
    expect(sources.every((source) => Object.values(source.files).every((path) => path.startsWith(root)))).toBe(true);
    // A deeper search finds the 2014 file too.
    const deeper = await discoverSources(root, { maxDepth: 3 });
    expect(deeper.filter((source) => source.dataset === 'coco-caption').map((source) => source.split)).toEqual(['train2017', 'val2014', 'val2017']);
  });

  it('reports a VG set without its image_data.json as missing it', async () => {
    const root = await temporaryFolder();
    await layout(root, { 'region_descriptions.json': null });
    expect(summary(await discoverSources(root), root)).toEqual([{ dataset: 'vg-region', files: { regions: 'region_descriptions.json' }, missing: ['images'] }]);
  });

  it('follows a link to a data folder elsewhere', async () => {
    const elsewhere = await temporaryFolder();
    await layout(elsewhere, { 'annotations/instances_train2017.json': null });
    const root = await temporaryFolder();
    await symlink(elsewhere, join(root, 'coco'));
    expect(summary(await discoverSources(root), root)).toEqual([
      { dataset: 'coco-instances', split: 'train2017', files: { annotations: 'coco/annotations/instances_train2017.json' }, missing: [] },
    ]);
  });

  it('finds real files that load', async () => {
    const root = await temporaryFolder();
    await layout(root, {
      'okvqa/OpenEnded_mscoco_val2014_questions.json': 'okvqa/OpenEnded_mscoco_val2014_questions.json',
      'okvqa/mscoco_val2014_annotations.json': 'okvqa/mscoco_val2014_annotations.json',
    });
    const [source] = await discoverSources(root);
    expect(source).toMatchObject({ dataset: 'ok-vqa', split: 'val2014', missing: [] });
    const questions = await collect(loadVqa({ dataset: 'ok-vqa', questionsFile: source!.files.questions!, annotationsFile: source!.files.annotations! }));
    expect(questions).toHaveLength(3);
  });

  it('takes the sets a sources.json names from it, and searches for the others', async () => {
    const root = await temporaryFolder();
    await layout(root, {
      'coco/captions_val2017.json': null,
      'downloads/vqa-q.json': null,
      'downloads/vqa-a.json': null,
      'downloads/vqa-q-val.json': null,
      'downloads/vqa-a-val.json': null,
      // Named by the manifest's sets, so not searched for.
      'vqa/v2_OpenEnded_mscoco_train2014_questions.json': null,
    });
    await writeFile(
      join(root, 'sources.json'),
      JSON.stringify({
        vqav2: [
          { split: 'train2014', questions: 'downloads/vqa-q.json', annotations: './downloads/vqa-a.json' },
          { questions: 'downloads/vqa-q-val.json', annotations: 'downloads/vqa-a-val.json' },
        ],
        'coco-instances': { annotations: 'coco/captions_val2017.json' },
      }),
    );
    expect(summary(await discoverSources(root), root)).toEqual([
      { dataset: 'coco-caption', split: 'val2017', files: { annotations: 'coco/captions_val2017.json' }, missing: [] },
      { dataset: 'coco-instances', files: { annotations: 'coco/captions_val2017.json' }, missing: [] },
      { dataset: 'vqav2', split: 'train2014', files: { questions: 'downloads/vqa-q.json', annotations: 'downloads/vqa-a.json' }, missing: [] },
      { dataset: 'vqav2', files: { questions: 'downloads/vqa-q-val.json', annotations: 'downloads/vqa-a-val.json' }, missing: [] },
    ]);
  });

  it('rejects a manifest path that leaves the folder, and other manifest mistakes', async () => {
    const root = await temporaryFolder();
    await layout(root, { 'a.json': null });
    const manifest = join(root, 'sources.json');
    const cases: [unknown, string][] = [
      [{ vqav2: { questions: '../outside.json', annotations: 'a.json' } }, '"vqav2" "questions" path "../outside.json" leaves the sources folder'],
      [{ vqav2: { questions: '/etc/passwd', annotations: 'a.json' } }, '"vqav2" "questions" path "/etc/passwd" leaves the sources folder'],
      [{ vqav2: { questions: 'missing.json', annotations: 'a.json' } }, '"vqav2" "questions" names "missing.json", which is not a file'],
      [{ vqav2: { questions: 'a.json' } }, '"vqav2" names no "annotations" file'],
      [{ vqav2: { questions: 'a.json', answers: 'a.json' } }, '"vqav2" has no file role "answers"; its roles are questions, annotations'],
      [{ 'vqa-v1': { questions: 'a.json' } }, '"vqa-v1" is not a set vift knows'],
      [{ toString: { questions: 'a.json' } }, '"toString" is not a set vift knows'],
      [['coco-caption'], 'the manifest is not a JSON object'],
    ];
    for (const [content, message] of cases) {
      await writeFile(manifest, JSON.stringify(content));
      const error = await caught(() => discoverSources(root));
      expect(SourceFileError.isInstance(error) && error.message).toBe(`${manifest}${message.startsWith('"') ? ` "${message.split('"')[1]}"` : ''}: ${message}`);
    }
    await writeFile(manifest, '{"vqav2": ');
    const invalid = await caught(() => discoverSources(root));
    expect(SourceFileError.isInstance(invalid) && invalid.message).toMatch(/sources\.json: invalid JSON \(/);
  });

  it('throws for two copies of one file, and for a missing folder', async () => {
    const root = await temporaryFolder();
    await layout(root, { 'coco/captions_val2017.json': null, 'backup/captions_val2017.json': null });
    const twice = await caught(() => discoverSources(root));
    expect(SourceFileError.isInstance(twice) && twice.toLine()).toBe(
      `${join(root, 'coco/captions_val2017.json')}: found twice for coco-caption val2017 annotations: also ${join(root, 'backup/captions_val2017.json')}. Fix: keep one copy, or name the files in ${join(root, 'sources.json')}`,
    );
    const missing = await caught(() => discoverSources(join(root, 'nope')));
    expect(SourceFileError.isInstance(missing) && missing.message).toBe(`${join(root, 'nope')}: no such folder`);
  });
});
