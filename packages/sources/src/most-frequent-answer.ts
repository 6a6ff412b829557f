import { readText } from './json/record-fields.js';

/** The answer given most often among a list of annotators' answers; of equals, the one given first. */
export function mostFrequent(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const counts = new Map<string, number>();
  for (const entry of value) {
    const answer = readText(entry);
    if (answer !== undefined) counts.set(answer, (counts.get(answer) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  // A map iterates in insertion order: the first answer to appear wins a tie.
  for (const [answer, count] of counts) {
    if (count > bestCount) {
      best = answer;
      bestCount = count;
    }
  }
  return best;
}
