import type { Sample } from '@vift/schema';
import { ByteBuffer } from './byte-buffer.js';
import { uncompressed, type PageCodec } from './codec.js';
import { encodeColumnChunk } from './column-chunk-writer.js';
import { encodeFooter, type RowGroupInfo } from './footer.js';
import { LeafColumn } from './leaf-column.js';
import type { ParquetLayout } from './layouts/layout.js';
import { MAGIC } from './parquet-format.js';
import { leavesOf } from './schema-tree.js';

/** Receives the file's bytes in order; may return a promise to slow the writer down. */
export type ByteSink = (bytes: Uint8Array) => void | Promise<void>;

export type ParquetWriterOptions = {
  layout: ParquetLayout;
  sink: ByteSink;
  codec?: PageCodec;
  /** Close a row group once its columns hold about this many bytes (default 16 MiB). */
  rowGroupBytes?: number;
  /** Also close a row group at this many rows (default 100,000). */
  rowGroupRows?: number;
  /** Target uncompressed size of a data page (default 1 MiB). */
  pageBytes?: number;
  /**
   * Most entries (values and nulls) in a data page (default 20,000): a column of short values would
   * otherwise be one page per group, which a reader must decode whole to reach the group's first rows.
   */
  pageEntries?: number;
  /** Written as the file's `created_by`. */
  createdBy?: string;
  /** Extra key/value metadata besides "huggingface". */
  metadata?: Record<string, string>;
};

/**
 * Writes samples as one Parquet file in a fixed layout, streaming: rows gather in column buffers until a
 * row group is full, which is then encoded, compressed and handed to the sink. Memory is about one row
 * group. Call `finish()` once to write the footer.
 */
export class ParquetWriter {
  private readonly columns: LeafColumn[];
  private readonly codec: PageCodec;
  private readonly rowGroups: RowGroupInfo[] = [];
  private readonly scratch = new ByteBuffer(1 << 20);
  private offset = 0;
  private rowsInGroup = 0;
  private bytesInGroup = 0;
  private totalRows = 0;
  /** Strings whose lone surrogates were replaced (their originals are kept in meta). */
  repairedStrings = 0;

  /** The footer with no row groups, its length and the closing magic number, in bytes. */
  private readonly footerBytes: number;
  /** At most what a row group adds besides its values and levels: page headers and its footer entry. */
  private readonly rowGroupOverheadBytes: number;

  constructor(private readonly options: ParquetWriterOptions) {
    this.columns = leavesOf(options.layout.schema).map((leaf) => new LeafColumn(leaf.path, leaf.maxDefinition, leaf.maxRepetition, leaf.isString));
    this.codec = options.codec ?? uncompressed;
    this.footerBytes = this.footer(Number.MAX_SAFE_INTEGER).length + 8;
    // Per column: the path, six numbers of up to 10 bytes and field headers in the footer, and one page header.
    this.rowGroupOverheadBytes = 64 + this.columns.reduce((sum, column) => sum + 128 + column.path.reduce((length, name) => length + 2 + name.length * 3, 0), 0);
  }

  get rows(): number {
    return this.totalRows;
  }

  /**
   * The size of the file if it were finished now, or a little more: bytes handed to the sink so far, the
   * row group being built and the footer (for sharding, where a file must stay under a size).
   */
  get estimatedBytes(): number {
    const groups = this.rowGroups.length + (this.rowsInGroup > 0 ? 1 : 0);
    return Math.max(this.offset, MAGIC.length) + this.bytesInGroup + groups * this.rowGroupOverheadBytes + this.footerBytes;
  }

  /** Adds a sample; returns a promise only when a row group was written. */
  write(sample: Sample): Promise<void> | undefined {
    const before = this.groupByteSize();
    this.repairedStrings += this.options.layout.appendRow(sample, this.columns);
    this.rowsInGroup++;
    this.totalRows++;
    this.bytesInGroup += this.groupByteSize() - before;
    if (this.bytesInGroup >= (this.options.rowGroupBytes ?? 16 << 20) || this.rowsInGroup >= (this.options.rowGroupRows ?? 100_000)) {
      return this.flushRowGroup();
    }
    return undefined;
  }

  private groupByteSize(): number {
    let size = 0;
    for (const column of this.columns) size += column.byteSize;
    return size;
  }

  private async emit(bytes: Uint8Array): Promise<void> {
    this.offset += bytes.length;
    await this.options.sink(bytes);
  }

  private async flushRowGroup(): Promise<void> {
    if (this.rowsInGroup === 0) return;
    if (this.offset === 0) await this.emit(MAGIC);
    const fileOffset = this.offset;
    const pageLimits = { bytes: this.options.pageBytes ?? 1 << 20, entries: this.options.pageEntries ?? 20_000 };
    const group: RowGroupInfo = { columns: [], numRows: this.rowsInGroup, totalByteSize: 0, fileOffset, totalCompressedSize: 0 };
    for (const column of this.columns) {
      const chunk = encodeColumnChunk(column, this.codec, pageLimits, this.scratch);
      group.columns.push({ ...chunk.info, dataPageOffset: this.offset });
      group.totalByteSize += chunk.info.uncompressedBytes;
      group.totalCompressedSize += chunk.byteLength;
      for (const part of chunk.parts) await this.emit(part);
      column.clear();
    }
    this.rowGroups.push(group);
    this.rowsInGroup = 0;
    this.bytesInGroup = 0;
  }

  /** Writes the last row group and the footer. */
  async finish(): Promise<void> {
    await this.flushRowGroup();
    if (this.offset === 0) await this.emit(MAGIC);
    const footer = this.footer(this.totalRows, this.rowGroups);
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, footer.length, true);
    await this.emit(footer);
    await this.emit(length);
    await this.emit(MAGIC);
  }

  private footer(numRows: number, rowGroups: readonly RowGroupInfo[] = []): Uint8Array {
    return encodeFooter({
      schema: this.options.layout.schema,
      numRows,
      rowGroups,
      keyValueMetadata: [
        { key: 'huggingface', value: JSON.stringify({ info: { features: this.options.layout.features } }) },
        ...Object.entries(this.options.metadata ?? {}).map(([key, value]) => ({ key, value })),
      ],
      createdBy: this.options.createdBy ?? 'vift',
    });
  }
}
