import type { SamplePage, SampleSummary } from '../shared/api-types.js';
import { fill, formatCount, h } from './dom.js';

/** The list of records of the current page, with a pager line above it. */
export class ListView {
  readonly element: HTMLElement;
  private readonly status: HTMLElement;
  private readonly list: HTMLOListElement;
  readonly previous: HTMLButtonElement;
  readonly next: HTMLButtonElement;

  constructor(handlers: { open: (index: number) => void; previousPage: () => void; nextPage: () => void }) {
    this.status = h('span', { id: 'list-total', 'aria-live': 'polite' }, 'Loading…');
    this.previous = h('button', { type: 'button', id: 'previous-page', title: 'Previous page (p)' }, '‹ Previous');
    this.next = h('button', { type: 'button', id: 'next-page', title: 'Next page (n)' }, 'Next ›');
    this.previous.addEventListener('click', handlers.previousPage);
    this.next.addEventListener('click', handlers.nextPage);
    this.list = h('ol', { id: 'sample-list', class: 'sample-list' });
    this.list.addEventListener('click', (event) => {
      const row = (event.target as Element).closest<HTMLElement>('li[data-index]');
      if (row !== null) handlers.open(Number(row.dataset.index));
    });
    this.element = h('section', { class: 'list-panel' }, h('div', { class: 'pager' }, this.previous, this.status, this.next), this.list);
  }

  render(page: SamplePage, selected: number | undefined): void {
    const first = page.items.length === 0 ? 0 : page.offset + 1;
    const last = page.offset + page.items.length;
    const total = `${formatCount(page.total)}${page.complete ? '' : '+'}`;
    this.status.textContent = page.total === 0 && page.complete ? 'No samples match.' : `${formatCount(first)}–${formatCount(last)} of ${total} samples${page.complete ? '' : ' (still reading…)'}`;
    this.list.dataset.total = String(page.total);
    this.list.dataset.complete = String(page.complete);
    this.previous.disabled = page.offset === 0;
    this.next.disabled = page.complete && last >= page.total;
    fill(this.list, ...page.items.map((item) => row(item, item.index === selected)));
  }

  select(index: number | undefined): void {
    for (const element of this.list.querySelectorAll('li.selected')) element.classList.remove('selected');
    if (index === undefined) return;
    const element = this.list.querySelector<HTMLElement>(`li[data-index="${index}"]`);
    element?.classList.add('selected');
    element?.scrollIntoView({ block: 'nearest' });
  }

  showError(message: string): void {
    this.status.textContent = message;
  }
}

const SHOWN_SOURCES = 6;

function row(item: SampleSummary, selected: boolean): HTMLElement {
  const badges = [
    h('span', { class: 'badge' }, `${item.turns} turns`),
    item.images > 0 ? h('span', { class: 'badge' }, `${item.images} image${item.images === 1 ? '' : 's'}`) : h('span', { class: 'badge muted' }, 'no image'),
    item.boxes > 0 ? h('span', { class: 'badge' }, `${item.boxes} box${item.boxes === 1 ? '' : 'es'}`) : undefined,
    ...item.sources.slice(0, SHOWN_SOURCES).map((source) => h('span', { class: 'badge source' }, source)),
    item.sources.length > SHOWN_SOURCES ? h('span', { class: 'badge muted', title: item.sources.slice(SHOWN_SOURCES).join(', ') }, `+${item.sources.length - SHOWN_SOURCES}`) : undefined,
    ...item.issues.map((code) => h('span', { class: 'badge issue', title: 'validation issue' }, code)),
  ];
  return h(
    'li',
    { class: `row${selected ? ' selected' : ''}${item.issues.length > 0 ? ' has-issues' : ''}`, 'data-index': item.index, 'data-sources': item.sources.join(' '), tabindex: -1 },
    h('div', { class: 'row-head' }, h('span', { class: 'row-index' }, `#${item.index}`), h('span', { class: 'row-id' }, item.id)),
    h('div', { class: 'row-text' }, item.text),
    h('div', { class: 'row-badges' }, ...badges),
  );
}
