import type { Provenance, Sample } from '@vift/schema';
import { RowText } from './row-text.js';
import { imageExtras } from './vift-layout.js';

type ProvenanceRow = { dataset: string | null; task: string | null; template: string | null; annotationId: string | null } | null;

/** A sample as one row of the vift layout, the shape Arrow and other columnar writers take. */
export type ViftRow = {
  id: string;
  images: Array<{ bytes: Uint8Array | null; path: string | null }>;
  messages: Array<{ role: string; content: string; source: ProvenanceRow; meta: string | null }>;
  source: ProvenanceRow;
  meta: string | null;
};

/**
 * The vift-layout row of a sample, with the same rules as the Parquet writer: strings made valid UTF-8
 * (originals kept in meta under "vift:text"), image fields the Image struct lacks under "vift:images". For
 * Arrow's readers, strings that start with a byte order mark are kept in meta too.
 * `rowToSample('vift', row)` gives the sample back.
 */
export function sampleToViftRow(sample: Sample): { row: ViftRow; repairedStrings: number } {
  const text = new RowText({ keepLeadingByteOrderMarks: true });
  const provenance = (source: Provenance | undefined, where: string): ProvenanceRow =>
    source === undefined
      ? null
      : {
          dataset: text.wellFormed(source.dataset, `${where}.dataset`),
          task: source.task === undefined ? null : text.wellFormed(source.task, `${where}.task`),
          template: source.template === undefined ? null : text.wellFormed(source.template, `${where}.template`),
          annotationId: source.annotationId === undefined ? null : text.wellFormed(source.annotationId, `${where}.annotationId`),
        };
  const row: ViftRow = {
    id: text.wellFormed(sample.id, 'id'),
    images: sample.images.map((image, index) => ({
      bytes: image.bytes ?? null,
      path: image.path === undefined ? null : text.wellFormed(image.path, `images[${index}].path`),
    })),
    messages: sample.turns.map((turn, index) => ({
      role: turn.role,
      content: text.wellFormed(turn.text, `turns[${index}].text`),
      source: provenance(turn.source, `turns[${index}].source`),
      meta: turn.meta === undefined ? null : JSON.stringify(turn.meta),
    })),
    source: provenance(sample.source, 'source'),
    meta: null,
  };
  row.meta = text.metaJson(sample.meta, { 'vift:images': imageExtras(sample.images) }) ?? null;
  return { row, repairedStrings: text.repaired };
}
