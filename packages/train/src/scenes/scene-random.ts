/** A uniform number in [0, 1). */
export type SceneRandom = () => number;

/** The 32-bit finaliser of MurmurHash3: spreads every input bit over the output. */
function mix32(value: number): number {
  let z = value >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** One 32-bit seed from several whole numbers and strings, so each image gets its own stream. */
export function sceneSeed(...parts: (number | string)[]): number {
  let state = 0x2545f491;
  for (const part of parts) {
    const text = String(part);
    for (let index = 0; index < text.length; index++) state = mix32(state ^ text.charCodeAt(index));
    state = mix32(state ^ 0x9e3779b9);
  }
  return state;
}

/**
 * A seeded generator: a Weyl sequence through the MurmurHash3 finaliser. Small and fast; the same seed
 * gives the same numbers on every platform, which is all synthetic scenes need.
 */
export function createSceneRandom(seed: number): SceneRandom {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    return mix32(state) / 0x1_0000_0000;
  };
}

/** A whole number in [low, high]. */
export function randomInt(random: SceneRandom, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** One item, chosen with probability proportional to its weight. */
export function weightedPick<T>(random: SceneRandom, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let point = random() * total;
  for (let index = 0; index < items.length; index++) {
    point -= weights[index]!;
    if (point < 0) return items[index]!;
  }
  return items[items.length - 1]!;
}
