import { UNKNOWN_SOURCE } from '@vift/generate';
import { IMAGE_PLACEHOLDER, type Provenance, type Sample, type ValidationIssue } from '@vift/schema';
import { boxesOfTurns } from '../shared/boxes.js';
import type { SampleSummary } from '../shared/api-types.js';

const TEXT_CHARACTERS = 160;

/**
 * A record's list row and filter values. Turns are attributed to a source and a task the way the
 * statistics attribute them (the turn's own source, else an answer's question's, else the sample's), so
 * that a filter's count and the charts agree.
 */
export function summariseSample(index: number, sample: Sample | undefined, issues: readonly ValidationIssue[]): SampleSummary {
  const codes = [...new Set(issues.map((issue) => issue.code))];
  if (sample === undefined) {
    const id = issues.find((issue) => issue.sampleId !== null)?.sampleId ?? `record ${index}`;
    return { index, id, text: '', turns: 0, images: 0, sources: [], tasks: [], issues: codes, boxes: 0 };
  }
  const sources = new Set<string>();
  const tasks = new Set<string>();
  let userProvenance: Provenance | undefined;
  for (const turn of sample.turns) {
    const provenance = turn.source ?? (turn.role === 'assistant' ? userProvenance : undefined) ?? sample.source;
    if (turn.role === 'user') userProvenance = provenance;
    sources.add(provenance?.dataset ?? UNKNOWN_SOURCE);
    tasks.add(provenance?.task ?? UNKNOWN_SOURCE);
  }
  if (sample.turns.length === 0) {
    sources.add(sample.source?.dataset ?? UNKNOWN_SOURCE);
    tasks.add(sample.source?.task ?? UNKNOWN_SOURCE);
  }
  const firstUser = sample.turns.find((turn) => turn.role === 'user') ?? sample.turns[0];
  return {
    index,
    id: sample.id,
    text: firstUser === undefined ? '' : firstWords(firstUser.text),
    turns: sample.turns.length,
    images: sample.images.length,
    sources: [...sources],
    tasks: [...tasks],
    issues: codes,
    boxes: boxesOfTurns(sample.turns).length,
  };
}

function firstWords(text: string): string {
  const line = text.split(IMAGE_PLACEHOLDER).join(' ').replace(/\s+/g, ' ').trim();
  return line.length <= TEXT_CHARACTERS ? line : `${line.slice(0, TEXT_CHARACTERS - 1)}…`;
}
