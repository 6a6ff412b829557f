/** The decoded entries of one leaf column over a row group. */
export type LeafData = {
  /** Definition level per entry. */
  definitions: Uint8Array;
  /** Repetition level per entry (all zero for a column outside any list). */
  repetitions: Uint8Array;
  /** Values of the entries at the maximum definition level, in order. */
  values: unknown[];
  count: number;
};

/** Turns value bytes into strings: Node's Buffer where there is one (faster), TextDecoder elsewhere. */
export type TextOf = (bytes: Uint8Array, start: number, end: number) => string;

const decoder = new TextDecoder();
type NodeBuffer = { toString(encoding: 'utf8', start: number, end: number): string };
const nodeBuffer = (globalThis as { Buffer?: { from(buffer: ArrayBufferLike, offset: number, length: number): NodeBuffer } }).Buffer;

export function textDecoderFor(bytes: Uint8Array): TextOf {
  if (nodeBuffer === undefined) return (data, start, end) => decoder.decode(data.subarray(start, end));
  const view = nodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return (_data, start, end) => view.toString('utf8', start, end);
}
