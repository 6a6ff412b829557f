import { estimateTokens } from './estimate-tokens.js';
import { shuffled } from '../tasks/seeded-pick.js';
import { SHORT_ANSWER_STYLES } from '../templates/template.js';
import type { TurnUnit } from '../tasks/turn-unit.js';

export type DialogLimits = {
  /** Question-answer pairs per dialog at most (a unit longer than this still forms one dialog). */
  maxTurns: number;
  /** Estimated tokens per dialog at most, counting `imageTokens` for the image. */
  maxTokens: number;
  imageTokens: number;
};

const pairsOf = (unit: TurnUnit) => unit.turns.length / 2;
const tokensOf = (unit: TurnUnit) => unit.turns.reduce((sum, turn) => sum + estimateTokens(turn.text), 0);
const isShort = (unit: TurnUnit) => SHORT_ANSWER_STYLES.has(unit.style);

/**
 * Arranges one image's units into dialogs. Units are dealt round-robin into as many dialogs as the caps
 * need, long-answer units first, so every dialog gets its share of both kinds; inside a dialog, short and
 * long answers alternate from a seeded start, so no answer length settles at a turn position. A dialog of
 * short answers only gets a long one from `reserve` (the image's other captions) when there is one. A
 * dialog still over a cap is cut into consecutive pieces.
 */
export function composeDialogs(units: readonly TurnUnit[], limits: DialogLimits, random: () => number, reserve: readonly TurnUnit[] = []): TurnUnit[][] {
  if (units.length === 0) return [];
  const long = shuffled(units.filter((unit) => !isShort(unit)), random);
  const short = shuffled(units.filter(isShort), random);
  const totalPairs = units.reduce((sum, unit) => sum + pairsOf(unit), 0);
  const totalTokens = units.reduce((sum, unit) => sum + tokensOf(unit), 0);
  const room = Math.max(1, limits.maxTokens - limits.imageTokens);
  const count = Math.max(1, Math.ceil(totalPairs / limits.maxTurns), Math.ceil(totalTokens / room));
  const bins: { long: TurnUnit[]; short: TurnUnit[] }[] = Array.from({ length: count }, () => ({ long: [], short: [] }));
  long.forEach((unit, index) => bins[index % count]!.long.push(unit));
  short.forEach((unit, index) => bins[(index + long.length) % count]!.short.push(unit));
  const spare = [...reserve];
  for (const bin of bins) if (bin.long.length === 0 && bin.short.length > 0 && spare.length > 0) bin.long.push(spare.shift()!);
  return bins.flatMap((bin) => splitToLimits(alternate(bin.long, bin.short, random() < 0.5), limits, room)).filter((dialog) => dialog.length > 0);
}

function alternate(long: TurnUnit[], short: TurnUnit[], longFirst: boolean): TurnUnit[] {
  const [first, second] = longFirst ? [long, short] : [short, long];
  const result: TurnUnit[] = [];
  for (let index = 0; index < Math.max(first.length, second.length); index++) {
    if (index < first.length) result.push(first[index]!);
    if (index < second.length) result.push(second[index]!);
  }
  return result;
}

export function splitToLimits(units: TurnUnit[], limits: DialogLimits, room: number): TurnUnit[][] {
  const dialogs: TurnUnit[][] = [];
  let current: TurnUnit[] = [];
  let pairs = 0;
  let tokens = 0;
  for (const unit of units) {
    const unitPairs = pairsOf(unit);
    const unitTokens = tokensOf(unit);
    if (current.length > 0 && (pairs + unitPairs > limits.maxTurns || tokens + unitTokens > room)) {
      dialogs.push(current);
      current = [];
      pairs = 0;
      tokens = 0;
    }
    current.push(unit);
    pairs += unitPairs;
    tokens += unitTokens;
  }
  if (current.length > 0) dialogs.push(current);
  return dialogs;
}
