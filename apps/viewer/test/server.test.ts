import { readFile, symlink, writeFile, copyFile, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxesOfTurns } from '../src/shared/boxes.js';
import { startViewer, ViewerError, type RunningViewer } from '../dist/index.js';
import { allMatches, getJson, waitForIndex, type DatasetInfo, type SamplePage, type SampleView, type StatisticsView } from './api-client.js';
import { buildCocoAll, imagesFixture, presentImages, useTempFolder, type CocoAllFixture } from './fixture-datasets.js';

const tempFolder = useTempFolder();

describe('viewer server on the coco-all dataset built from fixtures/coco-sample (Parquet)', () => {
  let fixture: CocoAllFixture;
  let viewer: RunningViewer;
  let info: DatasetInfo;

  beforeAll(async () => {
    fixture = await buildCocoAll(await tempFolder());
    viewer = await startViewer({ dataset: fixture.dataset, imageRoot: fixture.imageRoot });
    info = await waitForIndex(viewer.url);
  });
  afterAll(() => viewer?.close());

  it('serves on 127.0.0.1 and indexes every record', () => {
    expect(viewer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(fixture.samples).toBeGreaterThan(100);
    expect(info.progress).toMatchObject({ indexed: fixture.samples, complete: true, expected: fixture.samples });
    expect(info.progress.error).toBeUndefined();
    expect(info.format).toBe('parquet (vift layout)');
  });

  it('pages through every record in order', async () => {
    const first = await getJson<SamplePage>(viewer.url, '/api/samples?offset=0&limit=50');
    expect(first.body).toMatchObject({ offset: 0, limit: 50, total: fixture.samples, complete: true });
    expect(first.body.items.map((item) => item.index)).toEqual([...Array(50).keys()]);
    const last = await getJson<SamplePage>(viewer.url, `/api/samples?offset=${fixture.samples - 3}&limit=50`);
    expect(last.body.items.map((item) => item.index)).toEqual([fixture.samples - 3, fixture.samples - 2, fixture.samples - 1]);
    const ids = (await allMatches(viewer.url, '')).map((item) => item.id);
    expect(new Set(ids).size).toBe(fixture.samples);
  });

  it('narrows the list by source, task, turn count, image and issue, with the counts the filters show', async () => {
    const facet = (name: keyof DatasetInfo['facets'], value: string) => info.facets[name].find((entry) => entry.value === value)?.count;
    const refcoco = await allMatches(viewer.url, 'source=refcoco');
    expect(refcoco.length).toBe(facet('source', 'refcoco'));
    expect(refcoco.length).toBeGreaterThan(0);
    expect(refcoco.length).toBeLessThan(fixture.samples);
    expect(refcoco.every((item) => item.sources.includes('refcoco'))).toBe(true);

    const grounding = await allMatches(viewer.url, 'task=grounding&source=refcoco');
    expect(grounding.length).toBeGreaterThan(0);
    expect(grounding.every((item) => item.tasks.includes('grounding') && item.sources.includes('refcoco'))).toBe(true);

    const turnCount = info.facets.turns[0]!;
    const byTurns = await allMatches(viewer.url, `turns=${turnCount.value}`);
    expect(byTurns.length).toBe(turnCount.count);
    expect(byTurns.every((item) => item.turns === Number(turnCount.value))).toBe(true);

    expect(await allMatches(viewer.url, 'image=no')).toEqual([]);
    expect((await allMatches(viewer.url, 'image=yes')).length).toBe(fixture.samples);

    // Only four of the COCO images are in the image root: every other sample's image is missing.
    const missing = await allMatches(viewer.url, 'issue=image-file-missing');
    expect(missing.length).toBe(facet('issue', 'image-file-missing'));
    const present = await allMatches(viewer.url, 'issue=none');
    expect(missing.length + present.length).toBe(fixture.samples);
    expect(present.length).toBeGreaterThan(0);
    const presentIds = presentImages.map((name) => name.replace('.jpg', ''));
    expect(present.every((item) => presentIds.some((id) => item.id.includes(id)))).toBe(true);
  });

  it('searches ids and turn text, ignoring case, together with the filters', async () => {
    const found = await allMatches(viewer.url, 'q=REFRIGERATOR');
    expect(found.length).toBeGreaterThan(0);
    for (const item of found.slice(0, 5)) {
      const { body } = await getJson<SampleView>(viewer.url, `/api/sample?index=${item.index}`);
      const text = [body.sample!.id, ...body.sample!.turns.map((turn) => turn.text)].join('\n').toLowerCase();
      expect(text).toContain('refrigerator');
    }
    const byId = await allMatches(viewer.url, 'q=coco-all-000000000802-1');
    expect(byId.map((item) => item.id)).toEqual(['coco-all-000000000802-1']);
    const narrowed = await allMatches(viewer.url, 'q=refrigerator&issue=none');
    expect(narrowed.length).toBeLessThanOrEqual(found.length);
    expect(narrowed.every((item) => item.issues.length === 0)).toBe(true);
    expect(await allMatches(viewer.url, 'q=no-such-words-anywhere-xyzzy')).toEqual([]);
  });

  it('shows a sample with its turns, their provenance, its boxes and its issues', async () => {
    const [item] = await allMatches(viewer.url, 'q=coco-all-000000000802-1');
    const { status, body } = await getJson<SampleView>(viewer.url, `/api/sample?index=${item!.index}`);
    expect(status).toBe(200);
    const sample = body.sample!;
    expect(sample.id).toBe('coco-all-000000000802-1');
    expect(sample.images).toEqual([expect.objectContaining({ path: 'coco/val2017/000000000802.jpg', cocoId: 802, url: `/api/image?index=${item!.index}&image=0` })]);
    expect(sample.turns.length).toBe(item!.turns);
    expect(sample.turns.every((turn) => turn.source?.dataset !== undefined)).toBe(true);
    expect(boxesOfTurns(sample.turns).length).toBe(item!.boxes);
    expect(item!.boxes).toBeGreaterThan(0);
    expect(body.issues).toEqual([]);

    const [broken] = await allMatches(viewer.url, 'issue=image-file-missing');
    const withIssue = await getJson<SampleView>(viewer.url, `/api/sample?index=${broken!.index}`);
    expect(withIssue.body.issues).toEqual([expect.objectContaining({ code: 'image-file-missing', severity: 'error', index: broken!.index, fix: expect.stringContaining('--image-root') })]);
  });

  it('serves the image files under the root byte for byte, and refuses what is not there', async () => {
    const [item] = await allMatches(viewer.url, 'q=coco-all-000000000802-1');
    const response = await fetch(new URL(`/api/image?index=${item!.index}&image=0`, viewer.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await response.arrayBuffer()).equals(await readFile(join(imagesFixture, '000000000802.jpg')))).toBe(true);

    const [missing] = await allMatches(viewer.url, 'issue=image-file-missing');
    const notThere = await getJson<{ error: string }>(viewer.url, `/api/image?index=${missing!.index}&image=0`);
    expect(notThere.status).toBe(404);
    expect(notThere.body.error).toMatch(/coco\/val2017\/\d+\.jpg/);
    expect((await getJson(viewer.url, `/api/image?index=${item!.index}&image=1`)).status).toBe(404);
  });

  it('gives the statistics of the @vift/generate collector', async () => {
    const { body } = await getJson<StatisticsView>(viewer.url, '/api/statistics');
    expect(body.progress.complete).toBe(true);
    expect(body.statistics.totals.samples).toBe(fixture.samples);
    expect(body.statistics.sources.map((group) => group.name).sort()).toEqual(info.facets.source.map((entry) => entry.value).sort());
    expect(body.statistics.imageOverlap.counts.length).toBe(body.statistics.imageOverlap.datasets.length);
    expect(body.statistics.turnsPerSample.reduce((sum, entry) => sum + entry.samples, 0)).toBe(fixture.samples);
  });

  it('answers mistakes with a status and a one-line reason', async () => {
    expect(await getJson(viewer.url, `/api/sample?index=${fixture.samples}`)).toEqual({ status: 404, body: { error: `record ${fixture.samples} is past the end (${fixture.samples} records)` } });
    expect((await getJson(viewer.url, '/api/sample')).status).toBe(400);
    expect((await getJson(viewer.url, '/api/sample?index=-1')).status).toBe(400);
    expect((await getJson<{ error: string }>(viewer.url, '/api/samples?turns=many')).body.error).toMatch(/turns=many/);
    expect((await getJson<{ error: string }>(viewer.url, '/api/samples?issue=bogus')).body.error).toMatch(/issue=bogus is not an issue code/);
    expect((await getJson(viewer.url, '/api/nothing')).status).toBe(404);
    const post = await fetch(new URL('/api/samples', viewer.url), { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const port = Number(new URL(viewer.url).port);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/api/dataset', headers: { Host: `attacker.example:${port}` } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
    expect((await fetch(`http://localhost:${port}/api/dataset`)).status).toBe(200);
  });

  it('serves the page with a policy that loads nothing from elsewhere', async () => {
    const response = await fetch(viewer.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('<script type="module" src="/page.js">');
    expect(html).not.toMatch(/https?:\/\//);
    const script = await (await fetch(new URL('/page.js', viewer.url))).text();
    expect(script).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });
});

describe('viewer server on LLaVA JSON (records read back by byte offset)', () => {
  let viewer: RunningViewer;
  let folder: string;
  let llava: Array<{ id: string; image: string | string[] }>;

  beforeAll(async () => {
    llava = JSON.parse(await readFile(join(imagesFixture, 'llava-coco-val2017-4.json'), 'utf8')) as typeof llava;
    folder = join(await tempFolder(), 'llava');
    await mkdir(folder, { recursive: true });
    for (const name of presentImages) await copyFile(join(imagesFixture, name), join(folder, name));
    // The fixture's four records, then: an image path leaving the root, an image reached by a link leading
    // out, a record that is not JSON, and a duplicate id.
    const outside = join(folder, '..', 'outside.jpg');
    await copyFile(join(imagesFixture, '000000000802.jpg'), outside);
    await symlink(outside, join(folder, 'link.jpg'));
    const text = (await readFile(join(imagesFixture, 'llava-coco-val2017-4.json'), 'utf8')).trimEnd().replace(/\]$/, '');
    const more = [
      '{"id": "escape", "image": "../outside.jpg", "conversations": [{"from": "human", "value": "<image>\\nWhat?"}, {"from": "gpt", "value": "A kitchen."}]}',
      '{"id": "linked", "image": "link.jpg", "conversations": [{"from": "human", "value": "<image>\\nWhat?"}, {"from": "gpt", "value": "A kitchen."}]}',
      '{"id": "broken", "conversations": [{"from": "human", "value": "a"}, {"from": "gpt", "value": "b"}], }',
      '{"id": "000000000802", "image": "000000000802.jpg", "conversations": [{"from": "human", "value": "<image>\\nAgain?"}, {"from": "gpt", "value": "Yes."}]}',
    ];
    await writeFile(join(folder, 'data.json'), `${text},\n${more.join(',\n')}\n]\n`);
    viewer = await startViewer({ dataset: join(folder, 'data.json') });
    await waitForIndex(viewer.url);
  });
  afterAll(() => viewer?.close());

  it('lists every record, the damaged one included, and reads each back from its byte offset', async () => {
    const items = await allMatches(viewer.url, '');
    expect(items.map((item) => item.id)).toEqual([...llava.map((record) => record.id), 'escape', 'linked', 'broken', '000000000802']);
    const info = (await getJson<DatasetInfo>(viewer.url, '/api/dataset')).body;
    expect(info.format).toBe('llava (JSON array)');
    const two = await getJson<SampleView>(viewer.url, '/api/sample?index=3');
    expect(two.body.sample!.images.map((image) => image.path)).toEqual(['000000205401.jpg', '000000117645.jpg']);
    expect(two.body.sample!.meta).toEqual({ license: [5, 2] });
    for (const [imageIndex, name] of ['000000205401.jpg', '000000117645.jpg'].entries()) {
      const response = await fetch(new URL(`/api/image?index=3&image=${imageIndex}`, viewer.url));
      expect(Buffer.from(await response.arrayBuffer()).equals(await readFile(join(imagesFixture, name)))).toBe(true);
    }
  });

  it('reports the damaged record, the escaping paths and the duplicate id as issues', async () => {
    const broken = await getJson<SampleView>(viewer.url, '/api/sample?index=6');
    expect(broken.body.sample).toBeUndefined();
    expect(broken.body.issues.map((issue) => issue.code)).toEqual(['invalid-json']);
    expect((await allMatches(viewer.url, 'issue=invalid-json')).map((item) => item.index)).toEqual([6]);
    const escape = await getJson<SampleView>(viewer.url, '/api/sample?index=4');
    expect(escape.body.issues.map((issue) => issue.code)).toEqual(['image-path-escapes-root']);
    const duplicate = await getJson<SampleView>(viewer.url, '/api/sample?index=7');
    expect(duplicate.body.issues.map((issue) => issue.code)).toEqual(['duplicate-id']);
    expect((await allMatches(viewer.url, 'issue=any')).map((item) => item.index)).toEqual([4, 6, 7]);
  });

  it('refuses images outside the root, by path or through a link (403)', async () => {
    const escape = await getJson<{ error: string }>(viewer.url, '/api/image?index=4&image=0');
    expect(escape).toEqual({ status: 403, body: { error: 'the image path "../outside.jpg" leaves the image root' } });
    const linked = await getJson<{ error: string }>(viewer.url, '/api/image?index=5&image=0');
    expect(linked.status).toBe(403);
    expect(linked.body.error).toMatch(/through a link/);
  });
});

describe('startViewer', () => {
  it('says in one line when the port is taken, and a free port is found when none is given', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)));
    try {
      const dataset = join(imagesFixture, 'llava-coco-val2017-4.json');
      const error = await startViewer({ dataset, port }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(ViewerError.isInstance(error)).toBe(true);
      expect((error as ViewerError).toLine()).toBe(`port ${port} on 127.0.0.1 is in use. Fix: give another port with --port, or leave --port out for a free one`);
    } finally {
      blocker.close();
    }
  });

  it('names a missing dataset and a missing image root', async () => {
    await expect(startViewer({ dataset: join(imagesFixture, 'nothing-here.json') })).rejects.toThrow(/nothing-here\.json: no such file or folder/);
    await expect(startViewer({ dataset: join(imagesFixture, 'llava-coco-val2017-4.json'), imageRoot: join(imagesFixture, 'no-folder') })).rejects.toThrow(/the image root .*no-folder is not a folder/);
  });

  it('names a file that is not Parquet', async () => {
    const file = join(await tempFolder(), 'not-really.parquet');
    await writeFile(file, 'id,text\n1,hello\n');
    await expect(startViewer({ dataset: file })).rejects.toThrow(/not-really\.parquet: it is not a Parquet file/);
  });

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    const viewer = await startViewer({ dataset: join(imagesFixture, 'llava-coco-val2017-4.json'), signal: controller.signal });
    expect((await fetch(new URL('/api/dataset', viewer.url))).status).toBe(200);
    controller.abort();
    await viewer.close();
    await expect(fetch(new URL('/api/dataset', viewer.url))).rejects.toThrow();
  });
});

describe('viewer server on Parquet with embedded image bytes', () => {
  it('serves the bytes stored in the file with their type', async () => {
    const { openParquetSink } = await import('@vift/parquet/node');
    const { viftLayout } = await import('@vift/parquet');
    const folder = join(await tempFolder(), 'embedded');
    await mkdir(folder, { recursive: true });
    const bytes = await readFile(join(imagesFixture, '000000011813.jpg'));
    const sink = await openParquetSink({ output: join(folder, 'embedded.parquet'), layout: viftLayout });
    const sample = {
      id: 'with-bytes',
      images: [{ bytes: new Uint8Array(bytes) }],
      turns: [
        { role: 'user' as const, text: '<image>\nWhere is the laptop? Answer with its box.' },
        { role: 'assistant' as const, text: '[0.001, 0.774, 0.507, 0.935]' },
      ],
    };
    await sink.write({ index: 0, sample, issues: [], valid: true });
    await sink.commit();
    const viewer = await startViewer({ dataset: join(folder, 'embedded.parquet') });
    try {
      await waitForIndex(viewer.url);
      const { body } = await getJson<SampleView>(viewer.url, '/api/sample?index=0');
      expect(body.sample!.images).toEqual([{ url: '/api/image?index=0&image=0', embeddedBytes: bytes.length }]);
      const response = await fetch(new URL('/api/image?index=0&image=0', viewer.url));
      expect(response.headers.get('content-type')).toBe('image/jpeg');
      expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    } finally {
      await viewer.close();
    }
  });
});
