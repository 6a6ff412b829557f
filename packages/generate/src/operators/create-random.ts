import { checkSeed, describeValue, PipelineOptionError } from './pipeline-option-error.js';

const TWO_TO_32 = 4294967296;

/**
 * A seeded random source. Called as a function it returns a float in [0, 1) with 32 random bits, so it can
 * be passed wherever a `() => number` is taken (the same shape as `Math.random`).
 */
export type Random = {
  (): number;
  /** An unsigned 32-bit integer. */
  uint32(): number;
  /** An integer in 0 … limit − 1, without modulo bias (1 ≤ limit ≤ 2³²). */
  integer(limit: number): number;
};

/**
 * A small, fast, seeded random source: splitmix32, a Weyl sequence (the state steps by the golden-ratio
 * constant) passed through MurmurHash3's 32-bit finaliser. Every output appears once per 2³² calls. The
 * same seed always gives the same sequence, on every platform. Not for cryptography.
 *
 * `seed` is any safe integer; its high bits count too, so 1 and 2³² + 1 differ.
 */
export function createRandom(seed: number): Random {
  checkSeed('createRandom', seed);
  // Hash the seed into the starting state, so that neighbouring seeds start far apart.
  let state = mix32((seed >>> 0) ^ mix32((Math.floor(seed / TWO_TO_32) ^ 0x9e3779b9) >>> 0));
  const uint32 = (): number => {
    state = (state + 0x9e3779b9) | 0;
    return mix32(state);
  };
  const random = (() => uint32() / TWO_TO_32) as Random;
  random.uint32 = uint32;
  random.integer = (limit: number): number => {
    if (!(Number.isInteger(limit) && limit >= 1 && limit <= TWO_TO_32)) {
      throw new PipelineOptionError({ operator: 'Random.integer', option: 'limit', message: `must be an integer from 1 to 2³² (got ${describeValue(limit)})`, fix: 'pass the number of choices' });
    }
    // Reject the few draws above the largest multiple of `limit`, which would make low results likelier.
    const accepted = TWO_TO_32 - (TWO_TO_32 % limit);
    for (;;) {
      const value = uint32();
      if (value < accepted) return value % limit;
    }
  };
  return random;
}

/** MurmurHash3's finaliser: a bijection on 32-bit integers in which every input bit affects every output bit. */
export function mix32(value: number): number {
  let mixed = Math.imul(value ^ (value >>> 16), 0x85ebca6b);
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
  return (mixed ^ (mixed >>> 16)) >>> 0;
}
