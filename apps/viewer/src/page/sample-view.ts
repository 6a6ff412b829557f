import type { Provenance, Turn } from '@vift/schema';
import type { SampleView } from '../shared/api-types.js';
import { boxesInText, boxesOfTurns, type TurnBox } from '../shared/boxes.js';
import { colourOf, fill, h, s } from './dom.js';

/**
 * One sample: its images with the boxes of its turns drawn on them, its turns with their provenance
 * (the box coordinates in the text marked in the colour of their rectangle), and its validation issues.
 */
export function renderSample(container: HTMLElement, view: SampleView, navigation: { position: string }): void {
  const sample = view.sample;
  const header = h('header', { class: 'sample-header' }, h('h2', { class: 'sample-id' }, sample?.id ?? `record ${view.index}`), h('span', { class: 'sample-position' }, `record ${view.index} · ${navigation.position}`));
  if (sample === undefined) {
    fill(container, header, h('p', { class: 'unmapped' }, 'This record did not map to a sample.'), issuesSection(view));
    container.dataset.index = String(view.index);
    return;
  }
  const boxes = boxesOfTurns(sample.turns);
  const imagesSection = h('section', { class: 'images' });
  sample.images.forEach((image, imageIndex) => {
    // Boxes are relative to "the image": drawn only when there is one image to relate them to.
    const drawn = sample.images.length === 1 ? boxes : [];
    imagesSection.append(imageFigure(image.url, image.path ?? (image.embeddedBytes === undefined ? 'image' : `embedded, ${image.embeddedBytes} bytes`), imageIndex, drawn));
  });
  if (sample.images.length > 1 && boxes.length > 0) imagesSection.append(h('p', { class: 'note' }, `${boxes.length} box(es) in the text are not drawn: the sample has ${sample.images.length} images.`));
  if (sample.images.length === 0) imagesSection.append(h('p', { class: 'note' }, 'No image.'));
  const turns = h('ol', { class: 'turns' }, ...sample.turns.map((turn, turnIndex) => turnItem(turn, turnIndex, sample.source)));
  const meta = sample.meta === undefined ? undefined : h('details', { class: 'meta' }, h('summary', {}, 'meta'), h('pre', {}, JSON.stringify(sample.meta, null, 2)));
  fill(container, header, sampleProvenance(sample.source), imagesSection, issuesSection(view), h('section', { class: 'dialog' }, h('h3', {}, `Turns (${sample.turns.length})`), turns), meta);
  container.dataset.index = String(view.index);
  linkTurnsAndBoxes(container);
}

function imageFigure(url: string, caption: string, imageIndex: number, boxes: readonly TurnBox[]): HTMLElement {
  const image = h('img', { class: 'sample-image', src: url, alt: `image ${imageIndex + 1}: ${caption}`, 'data-image': imageIndex });
  const frame = h('div', { class: 'image-frame' }, image);
  const problem = h('p', { class: 'image-error', hidden: true });
  image.addEventListener('error', () => {
    frame.classList.add('failed');
    problem.hidden = false;
    // The server says why (missing, outside the root); show its reason.
    void fetch(url).then(async (response) => {
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      problem.textContent = `Image not shown: ${body.error ?? `HTTP ${response.status}`}`;
    });
  });
  if (boxes.length > 0) {
    // A 1000 × 1000 box stretched over the image: relative coordinates need no image size.
    const overlay = s('svg', { class: 'box-overlay', viewBox: '0 0 1000 1000', preserveAspectRatio: 'none', 'aria-hidden': 'true' });
    const labels = h('div', { class: 'box-labels' });
    boxes.forEach((entry, boxIndex) => {
      const [x1, y1, x2, y2] = entry.box;
      const colour = colourOf(entry.turnIndex);
      overlay.append(
        s('rect', { class: 'box', x: x1 * 1000, y: y1 * 1000, width: Math.max(1, (x2 - x1) * 1000), height: Math.max(1, (y2 - y1) * 1000), stroke: colour, 'data-turn': entry.turnIndex, 'data-box': boxIndex }),
      );
      labels.append(h('span', { class: 'box-label', style: undefined, 'data-turn': entry.turnIndex }, entry.label));
      const label = labels.lastElementChild as HTMLElement;
      label.style.left = `${x1 * 100}%`;
      label.style.top = `${y1 * 100}%`;
      label.style.backgroundColor = colour;
    });
    frame.append(overlay, labels);
  }
  return h('figure', { class: 'image' }, frame, h('figcaption', {}, caption), problem);
}

function turnItem(turn: Turn, turnIndex: number, sampleSource: Provenance | undefined): HTMLElement {
  const text = h('div', { class: 'turn-text' });
  let last = 0;
  for (const found of boxesInText(turn.text)) {
    text.append(turn.text.slice(last, found.start));
    const mark = h('mark', { class: 'box-ref', 'data-turn': turnIndex }, turn.text.slice(found.start, found.end));
    mark.style.borderColor = colourOf(turnIndex);
    text.append(mark);
    last = found.end;
  }
  text.append(turn.text.slice(last));
  const provenance = turn.source === undefined ? undefined : provenanceLine(turn.source, sampleSource);
  return h('li', { class: `turn turn-${turn.role}`, 'data-turn': turnIndex }, h('div', { class: 'turn-head' }, h('span', { class: 'role' }, `${turnIndex + 1}. ${turn.role}`), provenance), text);
}

function provenanceLine(source: Provenance, sampleSource: Provenance | undefined): HTMLElement {
  const same = sampleSource !== undefined && sampleSource.dataset === source.dataset && sampleSource.task === source.task;
  return h(
    'span',
    { class: `provenance${same ? ' same' : ''}` },
    chip('dataset', source.dataset),
    source.task === undefined ? undefined : chip('task', source.task),
    source.template === undefined ? undefined : chip('template', source.template),
    source.annotationId === undefined ? undefined : chip('annotation', source.annotationId.length > 40 ? `${source.annotationId.slice(0, 39)}…` : source.annotationId),
  );
}

function chip(kind: string, value: string): HTMLElement {
  return h('span', { class: `chip chip-${kind}`, title: kind }, value);
}

function sampleProvenance(source: Provenance | undefined): HTMLElement | undefined {
  return source === undefined ? undefined : h('p', { class: 'sample-source' }, 'Sample source: ', provenanceLine(source, undefined));
}

function issuesSection(view: SampleView): HTMLElement {
  if (view.issues.length === 0) return h('section', { class: 'issues none' }, h('h3', {}, 'Validation'), h('p', {}, 'No issues.'));
  return h(
    'section',
    { class: 'issues' },
    h('h3', {}, `Validation issues (${view.issues.length})`),
    h(
      'ul',
      {},
      ...view.issues.map((issue) =>
        h(
          'li',
          { class: `issue ${issue.severity}`, 'data-code': issue.code },
          h('span', { class: 'issue-code' }, issue.code),
          issue.turnIndex === undefined ? undefined : h('span', { class: 'issue-turn' }, ` turn ${issue.turnIndex + 1}`),
          issue.path === undefined ? undefined : h('span', { class: 'issue-path' }, ` ${issue.path}`),
          h('span', { class: 'issue-message' }, `: ${issue.message}`),
          h('div', { class: 'issue-fix' }, `Fix: ${issue.fix}`),
        ),
      ),
    ),
  );
}

/** Pointing at a turn lights up its boxes, and pointing at a box its turn. */
function linkTurnsAndBoxes(container: HTMLElement): void {
  const light = (turn: string | undefined, on: boolean) => {
    if (turn === undefined) return;
    for (const element of container.querySelectorAll(`[data-turn="${turn}"]`)) element.classList.toggle('lit', on);
  };
  for (const element of container.querySelectorAll<HTMLElement | SVGElement>('li.turn, rect.box')) {
    element.addEventListener('mouseenter', () => light(element.dataset.turn, true));
    element.addEventListener('mouseleave', () => light(element.dataset.turn, false));
  }
}
