import { parquetCompressionCodes } from '../compression/codec.js';
import { crc32 } from '../crc32.js';
import { bitWidthOf, decodeHybrid } from './level-decoder.js';
import { ThriftReader, thriftNumber, thriftStruct, type ThriftStruct } from './thrift-reader.js';
import { LeafValues, textDecoderFor, type LeafData } from './column-values.js';

/** Decompresses a page, into `output` when given and the codec allows (else into a new array), returning the page. */
export type Decompress = (codec: number, bytes: Uint8Array, uncompressedSize: number, output?: Uint8Array) => Uint8Array;

export type LeafColumnSpec = {
  maxDefinition: number;
  maxRepetition: number;
  /** 1 INT32, 2 INT64, 4 FLOAT, 5 DOUBLE, 6 BYTE_ARRAY. */
  physicalType: number;
  isText: boolean;
};

/** Thrown for encodings or types this reader does not decode; the caller then reads the file another way. */
export class UnsupportedParquetFeature extends Error {}

const PLAIN = 0;
const PLAIN_DICTIONARY = 2;
const RLE = 3;
const RLE_DICTIONARY = 8;

/**
 * Decodes one column chunk (dictionary page, data pages v1 and v2; PLAIN and dictionary encodings; RLE
 * levels) a page at a time into `leaf`, whose `count` grows, checking each page's CRC-32 where the writer
 * stored one: rows can be read as soon as every column's pages hold them.
 */
export class ColumnChunkDecoder {
  readonly leaf: LeafData;
  private dictionary: unknown[] | undefined;
  private offset = 0;
  private pages = 0;
  // Snappy pages are decompressed one after another into one array per chunk: the values stay positions in
  // it. Other codecs make their own arrays, so the chunk's array is made only for snappy.
  private arena: Uint8Array | undefined;
  private arenaUsed = 0;
  /** Rows begun in the entries counted so far (up to `countedTo`). */
  private rowsBegun = 0;
  private countedTo = 0;

  constructor(
    private readonly chunk: Uint8Array,
    private readonly numValues: number,
    private readonly codec: number,
    private readonly spec: LeafColumnSpec,
    private readonly decompress: Decompress,
    private readonly uncompressedLength: number,
  ) {
    this.leaf = { definitions: new Uint8Array(numValues), repetitions: new Uint8Array(numValues), values: new LeafValues(numValues), count: 0 };
  }

  get done(): boolean {
    return this.leaf.count >= this.numValues;
  }

  /** Rows whose every entry is decoded: with lists, the last row begun may go on in the next page. */
  get rows(): number {
    const { repetitions, count } = this.leaf;
    for (; this.countedTo < count; this.countedTo++) if (repetitions[this.countedTo] === 0) this.rowsBegun++;
    return this.done || this.spec.maxRepetition === 0 ? this.rowsBegun : this.rowsBegun - 1;
  }

  /** Decodes the next page (a dictionary page, then the data page after it). */
  decodePage(): void {
    const { chunk, codec, spec, leaf } = this;
    if (this.offset >= chunk.length) throw new RangeError(`the column chunk ends after ${leaf.count} of ${this.numValues} values`);
    const reader = new ThriftReader(chunk, this.offset);
    const header = reader.struct();
    const pageType = thriftNumber(header.get(1));
    const uncompressedSize = thriftNumber(header.get(2)) ?? 0;
    const compressedSize = thriftNumber(header.get(3)) ?? 0;
    if (reader.offset + compressedSize > chunk.length) throw new RangeError('a page runs past the end of its column chunk');
    const raw = chunk.subarray(reader.offset, reader.offset + compressedSize);
    this.offset = reader.offset + compressedSize;
    this.pages++;
    // Writers that store a page's CRC-32 (vift does) let damaged bytes be told from data.
    const checksum = thriftNumber(header.get(4));
    if (checksum !== undefined && crc32(raw) !== checksum) throw new RangeError(`page ${this.pages} does not match its checksum`);
    const output = (size: number) => this.output(size);
    if (pageType === 2) {
      const dictionaryHeader = thriftStruct(header.get(7));
      const page = this.decompress(codec, raw, uncompressedSize);
      this.dictionary = [];
      decodePlain(page, 0, page.length, thriftNumber(dictionaryHeader?.get(1)) ?? 0, spec, undefined, this.dictionary);
      if (!this.done) this.decodePage();
    } else if (pageType === 0) {
      const page = this.decompress(codec, raw, uncompressedSize, output(uncompressedSize));
      leaf.count = decodeDataPageV1(page, thriftStruct(header.get(5))!, spec, this.dictionary, leaf.definitions, leaf.repetitions, leaf.values, leaf.count);
    } else if (pageType === 3) {
      leaf.count = decodeDataPageV2(raw, thriftStruct(header.get(8))!, codec, uncompressedSize, spec, this.dictionary, leaf.definitions, leaf.repetitions, leaf.values, leaf.count, this.decompress, output);
    } else if (pageType === 1) {
      // An index page: nothing to read from it.
      if (!this.done) this.decodePage();
    } else {
      throw new UnsupportedParquetFeature(`page type ${pageType}`);
    }
  }

  private output(size: number): Uint8Array | undefined {
    if (this.codec !== parquetCompressionCodes.SNAPPY) return undefined;
    this.arena ??= new Uint8Array(Math.max(0, this.uncompressedLength));
    if (this.arenaUsed + size > this.arena.length) return undefined;
    const slice = this.arena.subarray(this.arenaUsed, this.arenaUsed + size);
    this.arenaUsed += size;
    return slice;
  }
}

function decodeDataPageV1(
  page: Uint8Array,
  header: ThriftStruct,
  spec: LeafColumnSpec,
  dictionary: unknown[] | undefined,
  definitions: Uint8Array,
  repetitions: Uint8Array,
  values: LeafValues,
  count: number,
): number {
  const pageValues = thriftNumber(header.get(1)) ?? 0;
  const encoding = thriftNumber(header.get(2)) ?? PLAIN;
  let at = 0;
  if (spec.maxRepetition > 0) at = readLengthPrefixedLevels(page, at, spec.maxRepetition, pageValues, repetitions.subarray(count));
  if (spec.maxDefinition > 0) at = readLengthPrefixedLevels(page, at, spec.maxDefinition, pageValues, definitions.subarray(count));
  const present = countPresent(definitions, count, pageValues, spec.maxDefinition);
  decodeValues(page, at, page.length, present, encoding, spec, dictionary, values);
  return count + pageValues;
}

function decodeDataPageV2(
  raw: Uint8Array,
  header: ThriftStruct,
  codec: number,
  uncompressedSize: number,
  spec: LeafColumnSpec,
  dictionary: unknown[] | undefined,
  definitions: Uint8Array,
  repetitions: Uint8Array,
  values: LeafValues,
  count: number,
  decompress: Decompress,
  output: (size: number) => Uint8Array | undefined,
): number {
  const pageValues = thriftNumber(header.get(1)) ?? 0;
  const encoding = thriftNumber(header.get(4)) ?? PLAIN;
  const definitionBytes = thriftNumber(header.get(5)) ?? 0;
  const repetitionBytes = thriftNumber(header.get(6)) ?? 0;
  const compressed = header.get(7) !== false;
  // In v2 pages the levels are never compressed; only the values after them may be.
  if (spec.maxRepetition > 0) decodeHybrid(raw, 0, repetitionBytes, bitWidthOf(spec.maxRepetition), pageValues, repetitions.subarray(count));
  if (spec.maxDefinition > 0) {
    decodeHybrid(raw, repetitionBytes, repetitionBytes + definitionBytes, bitWidthOf(spec.maxDefinition), pageValues, definitions.subarray(count));
  }
  const levelBytes = repetitionBytes + definitionBytes;
  const body = raw.subarray(levelBytes);
  const page = compressed ? decompress(codec, body, uncompressedSize - levelBytes, output(uncompressedSize - levelBytes)) : body;
  const present = countPresent(definitions, count, pageValues, spec.maxDefinition);
  decodeValues(page, 0, page.length, present, encoding, spec, dictionary, values);
  return count + pageValues;
}

function readLengthPrefixedLevels(page: Uint8Array, at: number, maxLevel: number, count: number, out: Uint8Array): number {
  if (at + 4 > page.length) throw new RangeError('level data ends early');
  const length = page[at]! | (page[at + 1]! << 8) | (page[at + 2]! << 16) | (page[at + 3]! << 24);
  decodeHybrid(page, at + 4, at + 4 + length, bitWidthOf(maxLevel), count, out);
  return at + 4 + length;
}

function countPresent(definitions: Uint8Array, start: number, count: number, maxDefinition: number): number {
  if (maxDefinition === 0) return count;
  let present = 0;
  for (let i = start; i < start + count; i++) if (definitions[i] === maxDefinition) present++;
  return present;
}

function decodeValues(
  page: Uint8Array,
  start: number,
  end: number,
  count: number,
  encoding: number,
  spec: LeafColumnSpec,
  dictionary: unknown[] | undefined,
  values: LeafValues,
): void {
  if (encoding === PLAIN) {
    decodePlain(page, start, end, count, spec, values);
    return;
  }
  if (encoding === RLE_DICTIONARY || encoding === PLAIN_DICTIONARY) {
    if (dictionary === undefined) throw new RangeError('dictionary-encoded values without a dictionary page');
    if (count === 0) return;
    const indices = new Int32Array(count);
    decodeHybrid(page, start + 1, end, page[start]!, count, indices);
    for (const index of indices) {
      if (index >= dictionary.length) throw new RangeError('a dictionary index is out of range');
      values.addValue(dictionary[index]);
    }
    return;
  }
  throw new UnsupportedParquetFeature(encoding === RLE ? 'RLE values' : `value encoding ${encoding}`);
}

/**
 * Reads `count` PLAIN-encoded values: byte arrays go to `values` as positions in the page (decoded when a
 * row asks), everything else — and every value when `values` is not given (a dictionary) — to `eager`.
 */
function decodePlain(page: Uint8Array, start: number, end: number, count: number, spec: LeafColumnSpec, values: LeafValues | undefined, eager: unknown[] = []): void {
  const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
  const add = (value: unknown) => (values === undefined ? eager.push(value) : values.addValue(value));
  let at = start;
  switch (spec.physicalType) {
    case 6: {
      const pageIndex = values?.addPage(page, spec.isText);
      const text = pageIndex === undefined && spec.isText ? textDecoderFor(page) : undefined;
      for (let i = 0; i < count; i++) {
        if (at + 4 > end) throw new RangeError('byte array data ends early');
        const length = view.getUint32(at, true);
        const valueEnd = at + 4 + length;
        if (valueEnd > end) throw new RangeError('byte array data ends early');
        if (pageIndex !== undefined) values!.addByteArray(pageIndex, at + 4, valueEnd);
        else eager.push(text === undefined ? page.slice(at + 4, valueEnd) : text(page, at + 4, valueEnd));
        at = valueEnd;
      }
      return;
    }
    case 1:
      return fixedWidth(count, 4, at, end, add, (offset) => view.getInt32(offset, true));
    case 2:
      return fixedWidth(count, 8, at, end, add, (offset) => Number(view.getBigInt64(offset, true)));
    case 4:
      return fixedWidth(count, 4, at, end, add, (offset) => view.getFloat32(offset, true));
    case 5:
      return fixedWidth(count, 8, at, end, add, (offset) => view.getFloat64(offset, true));
    default:
      throw new UnsupportedParquetFeature(`physical type ${spec.physicalType}`);
  }
}

function fixedWidth(count: number, width: number, start: number, end: number, add: (value: unknown) => void, read: (offset: number) => number): void {
  if (start + count * width > end) throw new RangeError('fixed-width data ends early');
  for (let i = 0; i < count; i++) add(read(start + i * width));
}
