/**
 * The standard CRC-32 (polynomial 0x04C11DB7, reflected, as in gzip) that Parquet page headers carry, as
 * a signed 32-bit value like the Thrift field. Node's zlib computes it natively where there is one; the
 * browser gets a table-driven version reading eight bytes per step.
 */
export const crc32: (bytes: Uint8Array) => number = nodeCrc32() ?? tableCrc32;

type NodeProcess = { getBuiltinModule?: (name: string) => { crc32?: (data: Uint8Array) => number } | undefined };

function nodeCrc32(): ((bytes: Uint8Array) => number) | undefined {
  const native = (globalThis as { process?: NodeProcess }).process?.getBuiltinModule?.('node:zlib')?.crc32;
  return native === undefined ? undefined : (bytes) => native(bytes) | 0;
}

let table: Int32Array | undefined;

/** Eight tables of 256 entries: table k advances the CRC over a byte followed by k zero bytes. */
function crcTable(): Int32Array {
  const entries = new Int32Array(256 * 8);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
    entries[byte] = crc;
  }
  for (let byte = 0; byte < 256; byte++) {
    for (let k = 1; k < 8; k++) {
      const previous = entries[(k - 1) * 256 + byte]!;
      entries[k * 256 + byte] = (previous >>> 8) ^ entries[previous & 0xff]!;
    }
  }
  return entries;
}

/** The table-driven CRC, used where Node's zlib is not there. */
export function tableCrc32(bytes: Uint8Array): number {
  const t = (table ??= crcTable());
  let crc = -1;
  let at = 0;
  for (const end = bytes.length - 8; at <= end; at += 8) {
    const low = crc ^ (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24));
    crc =
      t[1792 + (low & 0xff)]! ^
      t[1536 + ((low >>> 8) & 0xff)]! ^
      t[1280 + ((low >>> 16) & 0xff)]! ^
      t[1024 + (low >>> 24)]! ^
      t[768 + bytes[at + 4]!]! ^
      t[512 + bytes[at + 5]!]! ^
      t[256 + bytes[at + 6]!]! ^
      t[bytes[at + 7]!]!;
  }
  for (; at < bytes.length; at++) crc = t[(crc ^ bytes[at]!) & 0xff]! ^ (crc >>> 8);
  return ~crc;
}
