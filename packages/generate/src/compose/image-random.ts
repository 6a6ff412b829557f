/**
 * A random source for one image: seeded by the recipe seed and the COCO id alone, so an image gets the
 * same turns whichever other images are in the run (a shard, or the whole set). Mulberry32.
 */
export function imageRandom(seed: number, cocoId: number): () => number {
  let state = mix32(mix32(seed ^ 0x9e3779b9) ^ cocoId);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function mix32(value: number): number {
  let mixed = Math.imul(value ^ (value >>> 16), 0x85ebca6b);
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
  return (mixed ^ (mixed >>> 16)) >>> 0;
}
