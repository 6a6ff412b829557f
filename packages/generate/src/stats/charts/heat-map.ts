import { blueScale, emptyChart, escapeHtml, formatCompact, formatCount, openSvg, shorten } from './svg.js';

const LABEL_WIDTH = 170;
const HEADER = 130;
// Column labels slant up to the right, past the last column.
const RIGHT = 120;

/**
 * The image-overlap matrix as a heat map: each cell prints the shared image count, coloured by the share
 * of the smaller set's images that are shared (the diagonal, each set's own size, is full colour).
 */
export function heatMap(options: { names: readonly string[]; counts: readonly (readonly number[])[]; label: string; className: string }): string {
  const { names, counts } = options;
  if (names.length === 0) return emptyChart(options);
  const cell = names.length <= 12 ? 46 : names.length <= 24 ? 36 : 28;
  const width = LABEL_WIDTH + names.length * cell + RIGHT;
  const height = HEADER + names.length * cell + 8;
  const fontSize = cell >= 46 ? 12 : cell >= 36 ? 10 : 8;
  let svg = openSvg({ width, height, label: options.label, className: options.className });
  names.forEach((name, index) => {
    const label = escapeHtml(shorten(name, 22));
    const x = LABEL_WIDTH + index * cell + cell / 2;
    svg += `<text x="${LABEL_WIDTH - 8}" y="${HEADER + index * cell + cell / 2 + 4}" text-anchor="end"><title>${escapeHtml(name)}</title>${label}</text>`;
    svg += `<text x="${x}" y="${HEADER - 8}" transform="rotate(-45 ${x} ${HEADER - 8})"><title>${escapeHtml(name)}</title>${label}</text>`;
  });
  names.forEach((rowName, row) => {
    names.forEach((columnName, column) => {
      const count = counts[row]?.[column] ?? 0;
      const smaller = Math.min(counts[row]?.[row] ?? 0, counts[column]?.[column] ?? 0);
      const share = smaller === 0 ? 0 : count / smaller;
      const x = LABEL_WIDTH + column * cell;
      const y = HEADER + row * cell;
      const textClass = share > 0.55 ? 'cell-dark' : 'cell-light';
      svg +=
        `<g><title>${escapeHtml(rowName)} ∩ ${escapeHtml(columnName)}: ${formatCount(count)} images</title>` +
        `<rect x="${x}" y="${y}" width="${cell - 1}" height="${cell - 1}" fill="${blueScale(share)}"/>` +
        `<text x="${x + (cell - 1) / 2}" y="${y + cell / 2 + fontSize / 3}" text-anchor="middle" font-size="${fontSize}" class="${textClass}">${formatCompact(count)}</text></g>`;
    });
  });
  return `${svg}</svg>`;
}
