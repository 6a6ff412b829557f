/**
 * A 64-bit hash as two unsigned 32-bit halves. JavaScript numbers hold 53 bits exactly and BigInt is slow,
 * so the halves travel apart; `hash64Hex` joins them for display or for use as a key.
 */
export type Hash64 = { high: number; low: number };

const TWO_TO_32 = 4294967296;

// FNV-1a 64-bit: offset basis 0xcbf29ce484222325, prime 0x100000001b3 = 2⁴⁰ + 0x1b3. The state is kept as
// four 16-bit limbs, least significant first, so every product stays a small integer (fast in V8).
const PRIME_LOW = 0x1b3;

/** The finished hash, in module variables so hashing allocates nothing until the result object. */
let high = 0;
let low = 0;
/** One character's UTF-8 bytes. */
const scratch = new Uint8Array(4);

/**
 * FNV-1a 64 over a string's UTF-8 bytes (a lone surrogate counts as U+FFFD, as `TextEncoder` writes it),
 * or over bytes; leaves the result in `high` and `low`.
 */
function fnv1a(text: string | undefined, bytes: Uint8Array | undefined): void {
  let limb0 = 0x2325;
  let limb1 = 0x8422;
  let limb2 = 0x9ce4;
  let limb3 = 0xcbf2;
  const length = text === undefined ? bytes!.length : text.length;
  for (let index = 0; index < length; index++) {
    let count = 1;
    if (text === undefined) scratch[0] = bytes![index]!;
    else {
      let code = text.charCodeAt(index);
      if (code < 0x80) scratch[0] = code;
      else if (code < 0x800) {
        scratch[0] = 0xc0 | (code >> 6);
        scratch[1] = 0x80 | (code & 0x3f);
        count = 2;
      } else {
        if (code >= 0xd800 && code <= 0xdfff) {
          const next = index + 1 < length ? text.charCodeAt(index + 1) : 0;
          if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
            code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
            index++;
            scratch[0] = 0xf0 | (code >> 18);
            scratch[1] = 0x80 | ((code >> 12) & 0x3f);
            scratch[2] = 0x80 | ((code >> 6) & 0x3f);
            scratch[3] = 0x80 | (code & 0x3f);
            count = 4;
          } else code = 0xfffd;
        }
        if (count === 1) {
          scratch[0] = 0xe0 | (code >> 12);
          scratch[1] = 0x80 | ((code >> 6) & 0x3f);
          scratch[2] = 0x80 | (code & 0x3f);
          count = 3;
        }
      }
    }
    for (let byte = 0; byte < count; byte++) {
      limb0 ^= scratch[byte]!;
      // × 0x1b3 limb by limb with carries, plus the 2⁴⁰ part: the two low limbs shifted up by 40 bits.
      const product0 = limb0 * PRIME_LOW;
      const product1 = limb1 * PRIME_LOW + (product0 >>> 16);
      const product2 = limb2 * PRIME_LOW + (limb0 << 8) + (product1 >>> 16);
      const product3 = limb3 * PRIME_LOW + (limb1 << 8) + (product2 >>> 16);
      limb0 = product0 & 0xffff;
      limb1 = product1 & 0xffff;
      limb2 = product2 & 0xffff;
      limb3 = product3 & 0xffff;
    }
  }
  high = ((limb3 << 16) | limb2) >>> 0;
  low = ((limb1 << 16) | limb0) >>> 0;
}

/** a × b modulo 2⁶⁴ on 32-bit halves, into `high` and `low`; 16-bit pieces keep every product exact. */
function multiply(aHigh: number, aLow: number, bHigh: number, bLow: number): void {
  const a0 = aLow & 0xffff;
  const a1 = aLow >>> 16;
  const b0 = bLow & 0xffff;
  const b1 = bLow >>> 16;
  const middle = a1 * b0 + a0 * b1;
  const lowSum = a0 * b0 + (middle % 65536) * 65536;
  const carry = Math.floor(lowSum / TWO_TO_32) + Math.floor(middle / 65536) + a1 * b1;
  low = lowSum >>> 0;
  high = (carry + Math.imul(aHigh, bLow) + Math.imul(aLow, bHigh)) >>> 0;
}

/**
 * MurmurHash3's 64-bit finaliser (fmix64). FNV-1a alone barely changes its high bits when only the last
 * byte differs ("id-1", "id-2"), which would put neighbouring ids in the same split; after this step every
 * output bit depends on every input bit.
 */
function finalise(): void {
  low = (low ^ (high >>> 1)) >>> 0;
  multiply(high, low, 0xff51afd7, 0xed558ccd);
  low = (low ^ (high >>> 1)) >>> 0;
  multiply(high, low, 0xc4ceb9fe, 0x1a85ec53);
  low = (low ^ (high >>> 1)) >>> 0;
}

/**
 * A 64-bit hash of a string's UTF-8 bytes, as `{ high, low }` unsigned 32-bit halves: FNV-1a 64 over the
 * bytes, then MurmurHash3's fmix64 finaliser so that every bit is well mixed (any slice of the bits can
 * pick a shard, a split or a bucket). The value is fixed by this definition: stable across runs, machines
 * and versions (`hashString64Hex('a')` is "82a2a958a9bece5b"). Not for cryptography. Two different texts
 * out of a million share a hash with odds of about 1 in 3·10⁷.
 */
export function hashString64(text: string): Hash64 {
  fnv1a(text, undefined);
  finalise();
  return { high, low };
}

/** The same hash of bytes (see `hashString64`): equal to `hashString64` of the text they encode in UTF-8. */
export function hashBytes64(bytes: Uint8Array): Hash64 {
  fnv1a(undefined, bytes);
  finalise();
  return { high, low };
}

/** `hashString64` as 16 lowercase hex digits. */
export function hashString64Hex(text: string): string {
  return hash64Hex(hashString64(text));
}

/** A 64-bit hash as 16 lowercase hex digits. */
export function hash64Hex(hash: Hash64): string {
  return hash.high.toString(16).padStart(8, '0') + hash.low.toString(16).padStart(8, '0');
}

/** The hash as a fraction in [0, 1) from its high 32 bits: an even spread for splits and sampling. */
export function hash64Fraction(hash: Hash64): number {
  return hash.high / TWO_TO_32;
}
