import type { DatasetInfo, FacetCount, SampleQuery } from '../shared/api-types.js';
import { formatCount, h } from './dom.js';

type FilterName = 'source' | 'task' | 'turns' | 'image' | 'issue';

const filterLabels: Record<FilterName, string> = { source: 'Source', task: 'Task', turns: 'Turns', image: 'Image', issue: 'Validation' };
const valueLabels: Partial<Record<FilterName, Record<string, string>>> = {
  image: { yes: 'with image', no: 'without image' },
  issue: { any: 'with issues', none: 'without issues' },
};

/**
 * The search box and one select per filter, their options counted from the index. Built once; the
 * options are refreshed as the background pass counts more records, keeping what is chosen.
 */
export class FiltersView {
  readonly element: HTMLElement;
  readonly search: HTMLInputElement;
  private readonly selects = new Map<FilterName, HTMLSelectElement>();
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly onChange: (query: SampleQuery) => void) {
    this.search = h('input', { type: 'search', id: 'search', placeholder: 'Search ids and turns  ( / )', autocomplete: 'off', spellcheck: 'false', 'aria-label': 'Search' });
    this.search.addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => this.changed(), 300);
    });
    this.search.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        clearTimeout(this.searchTimer);
        this.changed();
      }
    });
    const controls: HTMLElement[] = [h('label', { class: 'filter filter-search' }, this.search)];
    for (const name of Object.keys(filterLabels) as FilterName[]) {
      const select = h('select', { id: `filter-${name}`, name, 'aria-label': filterLabels[name] });
      select.append(h('option', { value: '' }, `${filterLabels[name]}: all`));
      select.addEventListener('change', () => this.changed());
      this.selects.set(name, select);
      controls.push(h('label', { class: 'filter' }, select));
    }
    const reset = h('button', { type: 'button', id: 'reset-filters' }, 'Clear');
    reset.addEventListener('click', () => {
      this.set({});
      this.changed();
    });
    this.element = h('div', { class: 'filters', role: 'search' }, ...controls, reset);
  }

  /** Refreshes the options from the facet counts. */
  update(facets: DatasetInfo['facets']): void {
    for (const [name, select] of this.selects) {
      const chosen = select.value;
      const counts: FacetCount[] = facets[name];
      const options = [h('option', { value: '' }, `${filterLabels[name]}: all`)];
      for (const { value, count } of counts) options.push(h('option', { value }, `${valueLabels[name]?.[value] ?? (name === 'turns' ? `${value} turns` : value)} (${formatCount(count)})`));
      // A chosen value the pass has not counted yet stays selectable.
      if (chosen !== '' && !counts.some((entry) => entry.value === chosen)) options.push(h('option', { value: chosen }, chosen));
      select.replaceChildren(...options);
      select.value = chosen;
    }
  }

  query(): SampleQuery {
    const value = (name: FilterName) => this.selects.get(name)!.value || undefined;
    const turns = value('turns');
    const image = value('image');
    return {
      q: this.search.value.trim() || undefined,
      source: value('source'),
      task: value('task'),
      turns: turns === undefined ? undefined : Number(turns),
      image: image === 'yes' || image === 'no' ? image : undefined,
      issue: value('issue'),
    };
  }

  set(query: SampleQuery): void {
    this.search.value = query.q ?? '';
    for (const [name, select] of this.selects) {
      const value = query[name];
      const text = value === undefined ? '' : String(value);
      if (text !== '' && ![...select.options].some((option) => option.value === text)) select.append(h('option', { value: text }, text));
      select.value = text;
    }
  }

  private changed(): void {
    this.onChange(this.query());
  }
}
