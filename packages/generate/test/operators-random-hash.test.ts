import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Imports from the modules, not the package index, so these tests do not depend on the rest of the package.
import { createRandom } from '../src/operators/create-random.js';
import { hash64Hex, hashBytes64, hashString64, hashString64Hex } from '../src/operators/hash-string-64.js';
import { PipelineOptionError } from '../src/operators/pipeline-option-error.js';
import { Hash64Set } from '../src/operators/hash-64-set.js';

describe('createRandom', () => {
  it('repeats a sequence for a seed and differs for another seed', () => {
    const first = createRandom(42);
    const again = createRandom(42);
    const other = createRandom(43);
    const a = Array.from({ length: 100 }, () => first());
    const b = Array.from({ length: 100 }, () => again());
    const c = Array.from({ length: 100 }, () => other());
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(a.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('keeps the high bits of a seed', () => {
    expect(createRandom(2 ** 32 + 1)()).not.toBe(createRandom(1)());
    expect(createRandom(-1)()).not.toBe(createRandom(2 ** 32 - 1)());
  });

  it('gives a fixed sequence (the definition does not drift between versions)', () => {
    const random = createRandom(0);
    expect([random.uint32(), random.uint32(), random.uint32()]).toEqual(FIXED_SEED_0);
  });

  it('draws integers evenly without leaving the range', () => {
    const random = createRandom(7);
    const counts = new Array<number>(6).fill(0);
    for (let index = 0; index < 60_000; index++) counts[random.integer(6)]!++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400);
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 32 }), fc.integer(), (limit, seed) => {
      const value = createRandom(seed).integer(limit);
      return Number.isInteger(value) && value >= 0 && value < limit;
    }));
  });

  it('has a mean near 1/2 and no correlation between neighbours', () => {
    const random = createRandom(99);
    const values = Array.from({ length: 50_000 }, () => random());
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    let product = 0;
    for (let index = 1; index < values.length; index++) product += (values[index]! - 0.5) * (values[index - 1]! - 0.5);
    expect(Math.abs(product / values.length)).toBeLessThan(0.002);
  });

  it('refuses seeds and limits that are not whole numbers', () => {
    expect(() => createRandom(1.5)).toThrow(PipelineOptionError);
    expect(() => createRandom(Number.NaN)).toThrow(/seed must be an integer/);
    expect(() => createRandom('1' as unknown as number)).toThrow(PipelineOptionError);
    const random = createRandom(1);
    expect(() => random.integer(0)).toThrow(/limit/);
    expect(() => random.integer(2.5)).toThrow(/limit/);
    expect(() => random.integer(2 ** 32 + 1)).toThrow(/limit/);
  });
});

// Computed independently with Python integers: FNV-1a 64 over the UTF-8 bytes, then MurmurHash3 fmix64.
const VECTORS: [string, string][] = [
  ['', 'efd01f60ba992926'],
  ['a', '82a2a958a9bece5b'],
  ['foobar', '2c22194922d1672b'],
  ['héllo wörld 😀', 'ffb6bb3a30b149ed'],
  ['What is on the table? <image>', 'e0da2b93ce6149c9'],
];

// createRandom(0)'s first outputs: splitmix32 from the hashed seed (checked with Python).
const FIXED_SEED_0 = [1131751171, 776628006, 2647660819];

describe('hashString64', () => {
  it('matches the reference values', () => {
    for (const [text, hex] of VECTORS) expect(hashString64Hex(text), JSON.stringify(text)).toBe(hex);
    expect(hash64Hex(hashBytes64(Uint8Array.from({ length: 256 }, (_, index) => index)))).toBe('2067db6dbd4efa06');
  });

  it('hashes a lone surrogate as U+FFFD, like TextEncoder', () => {
    expect(hashString64Hex('\ud800x')).toBe('6252f3ffd5788f2d');
    expect(hashString64Hex('\ud800x')).toBe(hash64Hex(hashBytes64(new TextEncoder().encode('\ud800x'))));
  });

  it('equals the hash of the UTF-8 bytes for any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      const fromText = hashString64(text);
      const fromBytes = hashBytes64(new TextEncoder().encode(text));
      return fromText.high === fromBytes.high && fromText.low === fromBytes.low;
    }));
  });

  it('returns unsigned 32-bit halves and spreads neighbouring keys over the whole range', () => {
    const highs = Array.from({ length: 10_000 }, (_, index) => hashString64(`sample-${index}`).high);
    for (const high of highs) expect(Number.isInteger(high) && high >= 0 && high < 2 ** 32).toBe(true);
    // The top 4 bits of the high half: 16 buckets, about 625 each.
    const buckets = new Array<number>(16).fill(0);
    for (const high of highs) buckets[high >>> 28]!++;
    for (const count of buckets) expect(Math.abs(count - 625)).toBeLessThan(125);
  });
});

describe('Hash64Set', () => {
  it('behaves like a Set of hex strings', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat({ max: 20 }), fc.nat({ max: 20 }))), (pairs) => {
      const set = new Hash64Set();
      const reference = new Set<string>();
      for (const [high, low] of pairs) {
        const key = `${high}:${low}`;
        expect(set.add({ high, low })).toBe(!reference.has(key));
        reference.add(key);
      }
      expect(set.size).toBe(reference.size);
      expect(new Set([...set].map((hash) => `${hash.high}:${hash.low}`))).toEqual(reference);
      return [...reference].every((key) => set.has({ high: Number(key.split(':')[0]), low: Number(key.split(':')[1]) }));
    }));
  });

  it('grows past its first table', () => {
    const set = new Hash64Set();
    for (let index = 0; index < 5000; index++) set.add(hashString64(String(index)));
    expect(set.size).toBe(5000);
    expect(set.has(hashString64('4999'))).toBe(true);
    expect(set.has(hashString64('5000'))).toBe(false);
  });
});
