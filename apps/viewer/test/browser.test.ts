/**
 * The page in a real browser: Debian's Chromium (apt package `chromium`) driven by playwright-core.
 * VIFT_CHROMIUM names another Chromium binary. Screenshots go to test-artifacts/ (not committed).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxesOfTurns } from '../src/shared/boxes.js';
import { startViewer, type RunningViewer } from '../dist/index.js';
import { allMatches, getJson, waitForIndex, type DatasetInfo, type SampleView, type StatisticsView } from './api-client.js';
import { buildCocoAll, useTempFolder, type CocoAllFixture } from './fixture-datasets.js';

const chromiumPath = process.env.VIFT_CHROMIUM ?? '/usr/bin/chromium';
const artifacts = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const tempFolder = useTempFolder();

async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`no Chromium at ${chromiumPath}: install Debian's chromium package (apt-get install chromium) or set VIFT_CHROMIUM`);
  }
  return chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

describe('the viewer page in Chromium', () => {
  let fixture: CocoAllFixture;
  let viewer: RunningViewer;
  let info: DatasetInfo;
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    fixture = await buildCocoAll(await tempFolder());
    viewer = await startViewer({ dataset: fixture.dataset, imageRoot: fixture.imageRoot });
    info = await waitForIndex(viewer.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('request', (request) => requested.push(request.url()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(viewer.url);
  });
  afterAll(async () => {
    await browser?.close();
    await viewer?.close();
  });

  it('lists the right number of samples', async () => {
    await page.waitForSelector('body[data-indexed="complete"]');
    await page.waitForSelector(`#sample-list[data-complete="true"][data-total="${fixture.samples}"]`);
    expect(await page.locator('#sample-list > li').count()).toBe(50);
    expect(await page.textContent('#list-total')).toBe(`1–50 of ${fixture.samples} samples`);
    expect(await page.textContent('#progress')).toBe(`${fixture.samples} records`);
  });

  it('opens a clicked sample: its image has loaded and its boxes are drawn on it', async () => {
    const [item] = await allMatches(viewer.url, 'q=coco-all-000000000802-1');
    expect(item!.index).toBeLessThan(50);
    const sample = (await getJson<SampleView>(viewer.url, `/api/sample?index=${item!.index}`)).body.sample!;
    const boxes = boxesOfTurns(sample.turns);
    expect(boxes.length).toBeGreaterThan(1);

    await page.click(`#sample-list > li[data-index="${item!.index}"]`);
    await page.waitForSelector(`#sample-view[data-index="${item!.index}"] img.sample-image`);
    await page.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>('#sample-view img.sample-image');
      return image !== null && image.complete && image.naturalWidth > 0;
    });
    const natural = await page.$eval('#sample-view img.sample-image', (image) => [(image as HTMLImageElement).naturalWidth, (image as HTMLImageElement).naturalHeight]);
    expect(natural).toEqual([424, 640]); // 000000000802.jpg
    expect(await page.locator('#sample-view svg.box-overlay rect.box').count()).toBe(boxes.length);
    expect(await page.locator('#sample-view .box-label').allTextContents()).toEqual(boxes.map((box) => box.label));

    // Each rectangle sits where its relative coordinates say on the image as shown.
    const placed = await page.evaluate(() => {
      const image = document.querySelector('#sample-view img.sample-image')!.getBoundingClientRect();
      return [...document.querySelectorAll('#sample-view rect.box')].map((rect) => {
        const box = rect.getBoundingClientRect();
        return [(box.left - image.left) / image.width, (box.top - image.top) / image.height, (box.right - image.left) / image.width, (box.bottom - image.top) / image.height];
      });
    });
    placed.forEach((box, position) => {
      box.forEach((value, coordinate) => expect(Math.abs(value - boxes[position]!.box[coordinate]!)).toBeLessThan(0.02));
    });

    // Turns with their provenance, and the box text marked.
    expect(await page.locator('#sample-view li.turn').count()).toBe(sample.turns.length);
    expect(await page.locator('#sample-view li.turn .chip-dataset').first().textContent()).toBe(sample.turns[0]!.source!.dataset);
    expect(await page.locator('#sample-view mark.box-ref').count()).toBe(boxes.length);
    expect(await page.textContent('#sample-view .issues')).toContain('No issues.');
    await page.screenshot({ path: `${artifacts}viewer-sample.png`, fullPage: true });
  });

  it('moves to the next sample with j and back with k', async () => {
    const current = Number(await page.getAttribute('#sample-view', 'data-index'));
    await page.keyboard.press('j');
    await page.waitForSelector(`#sample-view[data-index="${current + 1}"]`);
    expect(await page.getAttribute('#sample-list > li.selected', 'data-index')).toBe(String(current + 1));
    await page.keyboard.press('k');
    await page.waitForSelector(`#sample-view[data-index="${current}"]`);
  });

  it('shows the validation issues of a sample whose image is missing', async () => {
    const [broken] = await allMatches(viewer.url, 'issue=image-file-missing');
    await page.click(`#sample-list > li[data-index="${broken!.index}"]`);
    await page.waitForSelector(`#sample-view[data-index="${broken!.index}"] .issues li.issue[data-code="image-file-missing"]`);
    await page.waitForSelector('#sample-view .image-error:not([hidden])');
    expect(await page.textContent('#sample-view .image-error')).toMatch(/^Image not shown: the image "coco\/val2017\/\d+\.jpg" is not under /);
  });

  it('narrows the list with a filter and with the search box', async () => {
    const refcoco = info.facets.source.find((entry) => entry.value === 'refcoco')!.count;
    expect(refcoco).toBeLessThan(fixture.samples);
    await page.selectOption('#filter-source', 'refcoco');
    await page.waitForSelector(`#sample-list[data-complete="true"][data-total="${refcoco}"]`);
    const rows = page.locator('#sample-list > li');
    expect(await rows.count()).toBe(Math.min(50, refcoco));
    const sources = await page.$$eval('#sample-list > li', (items) => items.map((item) => (item as HTMLElement).dataset.sources!.split(' ')));
    for (const names of sources) expect(names).toContain('refcoco');
    expect(page.url()).toContain('source=refcoco');

    await page.click('#reset-filters');
    await page.waitForSelector(`#sample-list[data-complete="true"][data-total="${fixture.samples}"]`);
    const expected = (await allMatches(viewer.url, 'q=refrigerator')).length;
    await page.fill('#search', 'Refrigerator');
    await page.press('#search', 'Enter');
    await page.waitForSelector(`#sample-list[data-complete="true"][data-total="${expected}"]`);
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(fixture.samples);
    await page.click('#reset-filters');
    await page.waitForSelector(`#sample-list[data-complete="true"][data-total="${fixture.samples}"]`);
  });

  it('renders the statistics charts', async () => {
    const statistics = (await getJson<StatisticsView>(viewer.url, '/api/statistics')).body.statistics;
    await page.click('#tab-statistics');
    await page.waitForSelector('figure[data-chart="source-mix"] svg rect.bar');
    expect(await page.locator('figure[data-chart="source-mix"] rect.bar').count()).toBe(statistics.sources.length);
    const values = await page.$$eval('figure[data-chart="source-mix"] rect.bar', (bars) => bars.map((bar) => [Number(bar.getAttribute('data-value')), Number(bar.getAttribute('width'))]));
    expect(values.map(([value]) => value)).toEqual(statistics.sources.map((group) => group.turns));
    // Bar lengths are proportional to the turns.
    const [largestValue, largestWidth] = values[0]!;
    for (const [value, width] of values) expect(Math.abs(width! - (value! / largestValue!) * largestWidth!)).toBeLessThan(1.5);
    expect(await page.locator('figure[data-chart="turns-per-sample"] rect.bar').count()).toBe(statistics.turnsPerSample.length);
    expect(await page.locator('figure[data-chart="answer-length"] rect.bar').count()).toBe(Math.min(24, statistics.answerLength.byPosition.length));
    const sources = statistics.imageOverlap.datasets.length;
    expect(await page.locator('figure[data-chart="image-overlap"] rect.cell').count()).toBe(sources * sources);
    await page.screenshot({ path: `${artifacts}viewer-statistics.png`, fullPage: true });
    await page.keyboard.press('s');
    await page.waitForSelector('#samples-pane:not([hidden])');
  });

  it('opens the view a link names, and asks nothing of any other origin', async () => {
    const second = await browser.newPage();
    try {
      second.on('request', (request) => requested.push(request.url()));
      await second.goto(`${viewer.url}#source=refcoco&sample=3`);
      await second.waitForSelector('#sample-view[data-index="3"] li.turn');
      expect(await second.inputValue('#filter-source')).toBe('refcoco');
    } finally {
      await second.close();
    }
    const origin = new URL(viewer.url).origin;
    expect(requested.length).toBeGreaterThan(5);
    expect(requested.filter((url) => !url.startsWith(origin))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
