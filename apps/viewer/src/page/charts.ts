/**
 * The statistics charts, drawn as plain SVG from the numbers @vift/generate's statistics collector gives:
 * horizontal bars (source mix, tasks), columns (turns per sample), answer length by turn position, and the
 * image-overlap heat map. Every mark carries a <title> with its exact number.
 */
import { colourOf, formatCount, h, s } from './dom.js';

const WIDTH = 640;
const FONT = 12;

export type Bar = { label: string; value: number; detail?: string };

function figure(name: string, caption: string, svg: SVGSVGElement, note?: string): HTMLElement {
  return h('figure', { class: 'chart', 'data-chart': name }, h('figcaption', {}, caption), svg, note === undefined ? undefined : h('p', { class: 'chart-note' }, note));
}

function svgRoot(height: number, label: string): SVGSVGElement {
  return s('svg', { viewBox: `0 0 ${WIDTH} ${height}`, width: WIDTH, height, role: 'img', 'aria-label': label, class: 'chart-svg' });
}

/** One bar per item, longest first as given. */
export function horizontalBars(name: string, caption: string, bars: readonly Bar[], unit: string): HTMLElement {
  const rowHeight = 22;
  const labelWidth = 170;
  const valueWidth = 90;
  const height = Math.max(1, bars.length) * rowHeight + 8;
  const svg = svgRoot(height, caption);
  const largest = Math.max(1, ...bars.map((bar) => bar.value));
  const span = WIDTH - labelWidth - valueWidth;
  bars.forEach((bar, position) => {
    const y = 4 + position * rowHeight;
    const width = Math.max(bar.value > 0 ? 1 : 0, (bar.value / largest) * span);
    svg.append(
      s('text', { x: labelWidth - 6, y: y + rowHeight / 2 + FONT / 3, 'text-anchor': 'end', 'font-size': FONT, class: 'chart-label' }, clip(bar.label, 26)),
      s('rect', { x: labelWidth, y: y + 3, width, height: rowHeight - 6, fill: colourOf(position), class: 'bar', 'data-value': bar.value }, s('title', {}, `${bar.label}: ${formatCount(bar.value)} ${unit}${bar.detail === undefined ? '' : `, ${bar.detail}`}`)),
      s('text', { x: labelWidth + width + 4, y: y + rowHeight / 2 + FONT / 3, 'font-size': FONT, class: 'chart-value' }, formatCount(bar.value)),
    );
  });
  return figure(name, caption, svg);
}

/** Columns over a small ordered domain (turn counts). */
export function columns(name: string, caption: string, bars: readonly Bar[], axis: { x: string; y: string }): HTMLElement {
  const height = 220;
  const left = 48;
  const bottom = 36;
  const top = 10;
  const svg = svgRoot(height, caption);
  const largest = Math.max(1, ...bars.map((bar) => bar.value));
  const slot = (WIDTH - left - 8) / Math.max(1, bars.length);
  const plot = height - bottom - top;
  svg.append(...axes(left, top, plot, largest, axis));
  bars.forEach((bar, position) => {
    const barHeight = (bar.value / largest) * plot;
    const x = left + position * slot;
    svg.append(
      s('rect', { x: x + slot * 0.12, y: top + plot - barHeight, width: slot * 0.76, height: Math.max(bar.value > 0 ? 1 : 0, barHeight), fill: colourOf(0), class: 'bar', 'data-value': bar.value }, s('title', {}, `${bar.label} ${axis.x}: ${formatCount(bar.value)} ${axis.y}`)),
    );
    if (bars.length <= 40 || position % Math.ceil(bars.length / 40) === 0) {
      svg.append(s('text', { x: x + slot / 2, y: top + plot + 14, 'text-anchor': 'middle', 'font-size': FONT - 2, class: 'chart-label' }, bar.label));
    }
  });
  svg.append(s('text', { x: left + (WIDTH - left) / 2, y: height - 4, 'text-anchor': 'middle', 'font-size': FONT, class: 'chart-axis-title' }, axis.x));
  return figure(name, caption, svg);
}

export type PositionLength = { position: number; count: number; mean: number; p50: number; p90: number };

/** Mean answer words per turn position as columns, with the median as a dot and the 90th percentile as a tick. */
export function lengthByPosition(name: string, caption: string, positions: readonly PositionLength[], maxPositions = 24): HTMLElement {
  const shown = positions.slice(0, maxPositions);
  const height = 240;
  const left = 48;
  const bottom = 36;
  const top = 10;
  const svg = svgRoot(height, caption);
  const largest = Math.max(1, ...shown.map((entry) => Math.max(entry.mean, entry.p90)));
  const slot = (WIDTH - left - 8) / Math.max(1, shown.length);
  const plot = height - bottom - top;
  const y = (value: number) => top + plot - (value / largest) * plot;
  svg.append(...axes(left, top, plot, largest, { x: 'answer position in the dialog', y: 'words' }));
  shown.forEach((entry, position) => {
    const x = left + position * slot;
    const centre = x + slot / 2;
    const tip = `answer ${entry.position}: ${formatCount(entry.count)} answers, mean ${entry.mean.toFixed(1)} words, median ${entry.p50}, 90th percentile ${entry.p90}`;
    svg.append(
      s('rect', { x: x + slot * 0.15, y: y(entry.mean), width: slot * 0.7, height: Math.max(1, top + plot - y(entry.mean)), fill: colourOf(2), class: 'bar', 'data-value': entry.mean }, s('title', {}, tip)),
      s('line', { x1: x + slot * 0.3, x2: x + slot * 0.7, y1: y(entry.p90), y2: y(entry.p90), stroke: '#333', 'stroke-width': 2, class: 'p90' }, s('title', {}, tip)),
      s('circle', { cx: centre, cy: y(entry.p50), r: 3, fill: '#333', class: 'p50' }, s('title', {}, tip)),
      s('text', { x: centre, y: top + plot + 14, 'text-anchor': 'middle', 'font-size': FONT - 2, class: 'chart-label' }, String(entry.position)),
    );
  });
  svg.append(s('text', { x: left + (WIDTH - left) / 2, y: height - 4, 'text-anchor': 'middle', 'font-size': FONT, class: 'chart-axis-title' }, 'answer position in the dialog'));
  const note = positions.length > maxPositions ? `bars: mean words; dot: median; tick: 90th percentile. First ${maxPositions} of ${positions.length} positions.` : 'bars: mean words; dot: median; tick: 90th percentile.';
  return figure(name, caption, svg, note);
}

/** The image-overlap matrix: shared COCO images of each pair of sources, darker for more. */
export function heatMap(name: string, caption: string, labels: readonly string[], counts: readonly (readonly number[])[]): HTMLElement {
  const labelWidth = 130;
  const cell = Math.max(14, Math.min(40, Math.floor((WIDTH - labelWidth - 10) / Math.max(1, labels.length))));
  const top = labelWidth;
  const height = top + cell * labels.length + 10;
  const width = labelWidth + cell * labels.length + 10;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': caption, class: 'chart-svg' });
  const largest = Math.max(1, ...counts.flat());
  labels.forEach((label, row) => {
    svg.append(s('text', { x: labelWidth - 4, y: top + row * cell + cell / 2 + 4, 'text-anchor': 'end', 'font-size': FONT - 1, class: 'chart-label' }, clip(label, 20)));
    const x = labelWidth + row * cell + cell / 2 + 4;
    svg.append(s('text', { x, y: top - 4, transform: `rotate(-60 ${x} ${top - 4})`, 'font-size': FONT - 1, class: 'chart-label' }, clip(label, 20)));
    labels.forEach((other, column) => {
      const value = counts[row]?.[column] ?? 0;
      const strength = value === 0 ? 0 : 0.12 + 0.88 * Math.sqrt(value / largest);
      svg.append(
        s('rect', { x: labelWidth + column * cell, y: top + row * cell, width: cell - 1, height: cell - 1, fill: value === 0 ? '#f3f3f3' : `rgba(31, 119, 180, ${strength.toFixed(3)})`, class: 'cell', 'data-value': value }, s('title', {}, row === column ? `${label}: ${formatCount(value)} COCO images` : `${label} and ${other}: ${formatCount(value)} shared COCO images`)),
      );
      if (cell >= 28 && value > 0) {
        svg.append(s('text', { x: labelWidth + column * cell + cell / 2, y: top + row * cell + cell / 2 + 4, 'text-anchor': 'middle', 'font-size': FONT - 3, fill: strength > 0.6 ? '#fff' : '#222', 'pointer-events': 'none' }, compact(value)));
      }
    });
  });
  return figure(name, caption, svg, 'Diagonal: COCO images with turns from that source. Elsewhere: images shared by the two sources.');
}

function axes(left: number, top: number, plot: number, largest: number, axis: { x: string; y: string }): SVGElement[] {
  const elements: SVGElement[] = [s('line', { x1: left, x2: left, y1: top, y2: top + plot, stroke: '#999' }), s('line', { x1: left, x2: WIDTH - 8, y1: top + plot, y2: top + plot, stroke: '#999' })];
  for (const fraction of [0, 0.5, 1]) {
    const y = top + plot - fraction * plot;
    elements.push(s('text', { x: left - 4, y: y + 4, 'text-anchor': 'end', 'font-size': FONT - 2, class: 'chart-label' }, compact(Math.round(largest * fraction))));
  }
  elements.push(s('text', { x: 12, y: top + plot / 2, transform: `rotate(-90 12 ${top + plot / 2})`, 'text-anchor': 'middle', 'font-size': FONT, class: 'chart-axis-title' }, axis.y));
  return elements;
}

function clip(text: string, characters: number): string {
  return text.length <= characters ? text : `${text.slice(0, characters - 1)}…`;
}

function compact(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (value >= 1e4) return `${Math.round(value / 1e3)}k`;
  return String(value);
}
