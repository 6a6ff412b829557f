import { ByteBuffer } from './byte-buffer.js';
import type { PageCodec } from './codec.js';
import { crc32 } from './crc32.js';
import type { ColumnChunkInfo } from './footer.js';
import type { LeafColumn } from './leaf-column.js';
import { bitWidthOf, encodeLevels } from './level-encoder.js';
import { Encoding, PageType } from './parquet-format.js';
import { ThriftWriter } from './thrift-compact.js';

/** Chunks of a column chunk ready for the file, and its metadata (offsets are filled in by the writer). */
export type EncodedChunk = { parts: Uint8Array[]; byteLength: number; info: Omit<ColumnChunkInfo, 'dataPageOffset'> & { uncompressedBytes: number } };

/** A data page ends before it passes either: about this many bytes of values, at most this many entries. */
export type PageLimits = { bytes: number; entries: number };

/**
 * Encodes one leaf column of a row group as DataPage v1 pages within `limits`, split on row boundaries:
 * repetition levels, definition levels (RLE hybrid, each with a 4-byte length), then PLAIN values, the
 * whole body compressed, after a Thrift page header with the page's CRC-32.
 */
export function encodeColumnChunk(column: LeafColumn, codec: PageCodec, limits: PageLimits, scratch: ByteBuffer): EncodedChunk {
  const parts: Uint8Array[] = [];
  let byteLength = 0;
  let uncompressedBytes = 0;
  let row = 0;
  while (row < column.rows) {
    const firstRow = row;
    const valueStart = column.rowValueStarts[firstRow]!;
    const levelStart = column.rowLevelStarts[firstRow]!;
    // Take whole rows until the page is full (at least one row).
    const entriesTo = (end: number) => (end < column.rows ? column.rowLevelStarts[end]! : column.levelCount) - levelStart;
    row++;
    while (row < column.rows && column.rowValueStarts[row]! - valueStart < limits.bytes && entriesTo(row + 1) <= limits.entries) row++;
    const levelEnd = row < column.rows ? column.rowLevelStarts[row]! : column.levelCount;
    const valueEnd = row < column.rows ? column.rowValueStarts[row]! : column.values.length;

    scratch.clear();
    if (column.maxRepetition > 0) writeLevels(column.repetitions, levelStart, levelEnd, column.maxRepetition, scratch);
    writeLevels(column.definitions, levelStart, levelEnd, column.maxDefinition, scratch);
    scratch.writeBytes(column.values.view(valueStart, valueEnd));
    const body = scratch.view();
    const compressed = codec.compress(body);
    const header = new ThriftWriter()
      .root((page) => {
        page.i32(1, PageType.dataPage);
        page.i32(2, body.length);
        page.i32(3, compressed.length);
        // A checksum of the page as stored, so that readers can tell a damaged page from data.
        page.i32(4, crc32(compressed));
        page.struct(5, (data) => {
          data.i32(1, levelEnd - levelStart);
          data.i32(2, Encoding.plain);
          data.i32(3, Encoding.rle);
          data.i32(4, Encoding.rle);
        });
      })
      .buffer.view()
      .slice();
    // The scratch buffer is reused: keep a copy of an uncompressed body.
    parts.push(header, compressed === body ? body.slice() : compressed);
    byteLength += header.length + compressed.length;
    uncompressedBytes += header.length + body.length;
  }
  return {
    parts,
    byteLength,
    info: {
      path: [...column.path],
      codec: codec.parquetCode,
      numValues: column.levelCount,
      totalUncompressedSize: uncompressedBytes,
      totalCompressedSize: byteLength,
      uncompressedBytes,
    },
  };
}

function writeLevels(levels: Uint8Array, start: number, end: number, maxLevel: number, out: ByteBuffer): void {
  const lengthAt = out.length;
  out.writeInt32LittleEndian(0);
  encodeLevels(levels, start, end, bitWidthOf(maxLevel), out);
  const length = out.length - lengthAt - 4;
  out.bytes[lengthAt] = length & 0xff;
  out.bytes[lengthAt + 1] = (length >>> 8) & 0xff;
  out.bytes[lengthAt + 2] = (length >>> 16) & 0xff;
  out.bytes[lengthAt + 3] = (length >>> 24) & 0xff;
}
