import { h } from './dom.js';

export type KeyActions = {
  focusSearch(): void;
  move(step: 1 | -1): void;
  turnPage(step: 1 | -1): void;
  close(): void;
  toggleStatistics(): void;
  toggleHelp(): void;
};

const keys: Array<[string, string]> = [
  ['j  ↓', 'next sample'],
  ['k  ↑', 'previous sample'],
  ['n  →', 'next page'],
  ['p  ←', 'previous page'],
  ['/', 'search'],
  ['s', 'statistics / samples'],
  ['Esc', 'close the sample, leave the search'],
  ['?', 'this help'],
];

/** The page's keys; typing in the search box or a select is left alone (Escape leaves it). */
export function bindKeys(actions: KeyActions): void {
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement;
    const typing = target.matches('input, select, textarea');
    if (typing) {
      if (event.key === 'Escape') target.blur();
      return;
    }
    const action: Record<string, () => void> = {
      j: () => actions.move(1),
      ArrowDown: () => actions.move(1),
      k: () => actions.move(-1),
      ArrowUp: () => actions.move(-1),
      n: () => actions.turnPage(1),
      ArrowRight: () => actions.turnPage(1),
      p: () => actions.turnPage(-1),
      ArrowLeft: () => actions.turnPage(-1),
      '/': actions.focusSearch,
      s: actions.toggleStatistics,
      Escape: actions.close,
      '?': actions.toggleHelp,
    };
    const run = action[event.key];
    if (run === undefined) return;
    event.preventDefault();
    run();
  });
}

export function keyHelp(): HTMLElement {
  return h(
    'aside',
    { id: 'key-help', class: 'key-help', hidden: true, role: 'dialog', 'aria-label': 'Keys' },
    h('h2', {}, 'Keys'),
    h('dl', {}, ...keys.flatMap(([key, meaning]) => [h('dt', {}, key), h('dd', {}, meaning)])),
  );
}
