/**
 * The viewer's page: a header with the dataset and the progress of the background pass, the list with
 * its search and filters, the open sample, and the statistics tab. State lives in the address's hash
 * (#q=dog&source=vqav2&offset=50&sample=61), so a view can be reloaded or shared.
 */
import type { DatasetInfo, SamplePage, SampleQuery } from '../shared/api-types.js';
import { fetchDataset, fetchSample, fetchSamples, fetchStatistics, queryParameters } from './api.js';
import { fill, formatCount, h } from './dom.js';
import { FiltersView } from './filters-view.js';
import { bindKeys, keyHelp } from './keyboard.js';
import { ListView } from './list-view.js';
import { renderSample } from './sample-view.js';
import { renderStatistics } from './statistics-view.js';

const PAGE_SIZE = 50;
type Tab = 'samples' | 'statistics';

let info: DatasetInfo | undefined;
let query: SampleQuery = {};
let offset = 0;
let page: SamplePage | undefined;
let openIndex: number | undefined;
let tab: Tab = 'samples';
let listGeneration = 0;
let listController: AbortController | undefined;
let sampleController: AbortController | undefined;
let statisticsTimer: ReturnType<typeof setTimeout> | undefined;

const title = h('h1', {}, 'vift viewer');
const datasetLine = h('span', { id: 'dataset', class: 'dataset' });
const progressLine = h('span', { id: 'progress', class: 'progress' });
const progressBar = h('progress', { id: 'progress-bar', max: 1, value: 0 });
const tabButtons: Record<Tab, HTMLButtonElement> = {
  samples: h('button', { type: 'button', role: 'tab', id: 'tab-samples', 'aria-selected': 'true' }, 'Samples'),
  statistics: h('button', { type: 'button', role: 'tab', id: 'tab-statistics', 'aria-selected': 'false' }, 'Statistics'),
};
const filters = new FiltersView((next) => {
  query = next;
  offset = 0;
  void loadList();
});
const list = new ListView({ open: (index) => void openSample(index), previousPage: () => turnPage(-1), nextPage: () => turnPage(1) });
const sampleContainer = h('article', { id: 'sample-view', class: 'sample-view', tabindex: -1 }, h('p', { class: 'hint' }, 'Choose a sample (click, or j / k). Press ? for the keys.'));
const samplesPane = h('main', { id: 'samples-pane', class: 'pane' }, filters.element, h('div', { class: 'split' }, list.element, sampleContainer));
const statisticsPane = h('main', { id: 'statistics-pane', class: 'pane', hidden: true });
const help = keyHelp();

document.getElementById('app')!.append(
  h('header', { class: 'top' }, title, datasetLine, h('div', { class: 'progress-box' }, progressBar, progressLine), h('nav', { class: 'tabs', role: 'tablist' }, tabButtons.samples, tabButtons.statistics)),
  samplesPane,
  statisticsPane,
  help,
);
tabButtons.samples.addEventListener('click', () => showTab('samples'));
tabButtons.statistics.addEventListener('click', () => showTab('statistics'));

bindKeys({
  focusSearch: () => filters.search.focus(),
  move: (step) => moveSelection(step),
  turnPage,
  close: closeSample,
  toggleStatistics: () => showTab(tab === 'samples' ? 'statistics' : 'samples'),
  toggleHelp: () => (help.hidden = !help.hidden),
});

readHash();
void start();

async function start(): Promise<void> {
  await Promise.all([pollDataset(), loadList()]);
  if (openIndex !== undefined) void openSample(openIndex);
  if (tab === 'statistics') showTab('statistics');
}

async function pollDataset(): Promise<void> {
  try {
    info = await fetchDataset();
  } catch (error) {
    progressLine.textContent = `The viewer's server does not answer (${(error as Error).message}).`;
    setTimeout(() => void pollDataset(), 3000);
    return;
  }
  datasetLine.textContent = `${info.path} · ${info.format}`;
  datasetLine.title = `images from ${info.imageRoot}`;
  const progress = info.progress;
  const fraction = progress.totalBytes > 0 ? progress.bytesRead / progress.totalBytes : 0;
  progressBar.value = progress.complete ? 1 : fraction;
  progressBar.hidden = progress.complete;
  progressLine.textContent = progress.error !== undefined
    ? `Stopped after ${formatCount(progress.indexed)} records: ${progress.error}`
    : progress.complete
      ? `${formatCount(progress.indexed)} records`
      : `Reading: ${formatCount(progress.indexed)}${progress.expected === undefined ? '' : ` of ${formatCount(progress.expected)}`} records (${Math.round(fraction * 100)} %)`;
  document.body.dataset.indexed = progress.complete ? 'complete' : 'partial';
  filters.update(info.facets);
  if (!progress.complete) setTimeout(() => void pollDataset(), 1000);
}

async function loadList(): Promise<void> {
  const generation = ++listGeneration;
  listController?.abort();
  const controller = (listController = new AbortController());
  writeHash();
  try {
    page = await fetchSamples(query, offset, PAGE_SIZE, controller.signal);
  } catch (error) {
    if (controller.signal.aborted) return;
    list.showError(`The list could not be loaded: ${(error as Error).message}`);
    return;
  }
  if (generation !== listGeneration) return;
  list.render(page, openIndex);
  document.body.dataset.listReady = 'true';
  // Still reading or searching: ask again, so the count and a short page fill in.
  if (!page.complete) setTimeout(() => generation === listGeneration && void loadList(), 600);
}

function turnPage(step: number): void {
  if (page === undefined) return;
  const next = offset + step * PAGE_SIZE;
  if (next < 0 || (step > 0 && page.complete && next >= page.total)) return;
  offset = next;
  void loadList();
}

async function openSample(index: number): Promise<void> {
  openIndex = index;
  list.select(index);
  writeHash();
  sampleController?.abort();
  const controller = (sampleController = new AbortController());
  sampleContainer.classList.add('loading');
  try {
    const view = await fetchSample(index, controller.signal);
    if (openIndex !== index) return;
    const position = page?.items.findIndex((item) => item.index === index) ?? -1;
    renderSample(sampleContainer, view, { position: position < 0 ? 'not on this page' : `${position + 1 + (page?.offset ?? 0)} in the list` });
  } catch (error) {
    if (controller.signal.aborted) return;
    fill(sampleContainer, h('p', { class: 'error' }, `Record ${index} could not be shown: ${(error as Error).message}`));
  } finally {
    sampleContainer.classList.remove('loading');
  }
}

function closeSample(): void {
  openIndex = undefined;
  list.select(undefined);
  fill(sampleContainer, h('p', { class: 'hint' }, 'Choose a sample (click, or j / k).'));
  writeHash();
}

/** j / k: the next or previous record of the list, across pages. */
async function moveSelection(step: 1 | -1): Promise<void> {
  if (page === undefined || tab !== 'samples') return;
  const items = page.items;
  const position = items.findIndex((item) => item.index === openIndex);
  const target = position < 0 ? (step > 0 ? 0 : items.length - 1) : position + step;
  if (target >= 0 && target < items.length) {
    await openSample(items[target]!.index);
    return;
  }
  const before = offset;
  turnPage(step);
  if (offset === before) return;
  await waitForList();
  const moved = page.items;
  const chosen = step > 0 ? moved[0] : moved[moved.length - 1];
  if (chosen !== undefined) await openSample(chosen.index);
}

function waitForList(): Promise<void> {
  const generation = listGeneration;
  return new Promise((resolve) => {
    const check = () => (listGeneration !== generation || page?.offset === offset ? resolve() : setTimeout(check, 30));
    check();
  });
}

function showTab(next: Tab): void {
  tab = next;
  samplesPane.hidden = next !== 'samples';
  statisticsPane.hidden = next !== 'statistics';
  tabButtons.samples.setAttribute('aria-selected', String(next === 'samples'));
  tabButtons.statistics.setAttribute('aria-selected', String(next === 'statistics'));
  writeHash();
  if (next === 'statistics') void loadStatistics();
}

async function loadStatistics(): Promise<void> {
  clearTimeout(statisticsTimer);
  try {
    const view = await fetchStatistics();
    renderStatistics(statisticsPane, view);
    if (!view.progress.complete && tab === 'statistics') statisticsTimer = setTimeout(() => void loadStatistics(), 1500);
  } catch (error) {
    fill(statisticsPane, h('p', { class: 'error' }, `The statistics could not be loaded: ${(error as Error).message}`));
  }
}

function writeHash(): void {
  const parameters = queryParameters(query);
  if (offset > 0) parameters.set('offset', String(offset));
  if (openIndex !== undefined) parameters.set('sample', String(openIndex));
  if (tab !== 'samples') parameters.set('tab', tab);
  const hash = parameters.toString();
  history.replaceState(null, '', hash === '' ? location.pathname : `#${hash}`);
}

function readHash(): void {
  const parameters = new URLSearchParams(location.hash.slice(1));
  const number = (name: string) => {
    const value = parameters.get(name);
    return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
  };
  const image = parameters.get('image');
  query = {
    q: parameters.get('q') ?? undefined,
    source: parameters.get('source') ?? undefined,
    task: parameters.get('task') ?? undefined,
    turns: number('turns'),
    image: image === 'yes' || image === 'no' ? image : undefined,
    issue: parameters.get('issue') ?? undefined,
  };
  filters.set(query);
  offset = Math.floor((number('offset') ?? 0) / PAGE_SIZE) * PAGE_SIZE;
  openIndex = number('sample');
  tab = parameters.get('tab') === 'statistics' ? 'statistics' : 'samples';
}
