import { RowAssembler } from './assemble-rows.js';
import { ColumnChunkDecoder, UnsupportedParquetFeature, type Decompress } from './column-chunk-reader.js';
import { parseFooter, type FooterMeta, type RowGroupMeta } from './file-footer.js';
import { leafNodes, readSchemaTree, type ReadNode } from './read-schema.js';

/** Random access to a file's bytes (a file handle in Node, a Blob or an in-memory array elsewhere). */
export type RandomAccess = { size: number; read(start: number, length: number): Promise<Uint8Array> };

const TEXT_CONVERTED = new Set([0, 19]); // UTF8, JSON
const TEXT_LOGICAL = new Set([1, 7, 8]); // STRING, JSON, (ENUM)

export type ParsedFooter = FooterMeta & { root: ReadNode; leaves: ReadNode[] };

/** Reads and checks the footer: magic numbers, length, FileMetaData. */
export async function readParquetFooter(file: RandomAccess): Promise<ParsedFooter> {
  const tail = await file.read(file.size - 8, 8);
  const length = tail[0]! | (tail[1]! << 8) | (tail[2]! << 16) | (tail[3]! << 24);
  if (length <= 0 || length > file.size - 12) throw new RangeError(`the footer length ${length} does not fit the file`);
  const footer = parseFooter(await file.read(file.size - 8 - length, length));
  const root = readSchemaTree(footer.schema);
  return { ...footer, root, leaves: leafNodes(root) };
}

/** The bytes of a row group's column chunks, one array each. */
export type RowGroupBytes = Uint8Array[];

/**
 * Reads a row group's column chunks: in one read when they lie together, as writers put them (one system
 * call instead of one per column), else one read per column.
 */
export async function readRowGroupBytes(file: RandomAccess, group: RowGroupMeta): Promise<RowGroupBytes> {
  const start = Math.min(...group.columns.map((column) => column.start));
  const end = Math.max(...group.columns.map((column) => column.start + column.length));
  const total = group.columns.reduce((sum, column) => sum + column.length, 0);
  if (group.columns.length === 0 || end - start > 2 * total) {
    const chunks: Uint8Array[] = [];
    for (const column of group.columns) chunks.push(await file.read(column.start, column.length));
    return chunks;
  }
  const bytes = await file.read(start, end - start);
  return group.columns.map((column) => bytes.subarray(column.start - start, column.start - start + column.length));
}

/**
 * The rows of a decoded group, assembled one at a time as asked for (so the rows already used can be
 * collected while the rest are read).
 */
export function* assembledRows(assembler: RowAssembler, numRows: number): Generator<Record<string, unknown>> {
  for (let row = 0; row < numRows; row++) yield assembler.next();
}

/** Decodes one row group's columns into leaves, with a cursor at its first row. */
export function decodeRowGroup(chunks: RowGroupBytes, footer: ParsedFooter, group: RowGroupMeta, decompress: Decompress): RowAssembler {
  const decoders = columnDecoders(chunks, footer, group, decompress);
  decoders.forEach((decoder, index) => inColumn(group, index, () => {
    while (!decoder.done) decoder.decodePage();
  }));
  return new RowAssembler(footer.root, decoders.map((decoder) => decoder.leaf), footer.leaves);
}

/**
 * A cursor at a row group's first row that decodes each column's pages only as the rows read need them:
 * the first rows come after a page per column rather than the whole group, and the work is spread over
 * the rows. Damage (or an encoding this reader does not know) surfaces from the cursor's `next`.
 */
export function decodeRowGroupAsRead(chunks: RowGroupBytes, footer: ParsedFooter, group: RowGroupMeta, decompress: Decompress): RowAssembler {
  const decoders = columnDecoders(chunks, footer, group, decompress);
  const decodeRows = (rows: number) =>
    decoders.forEach((decoder, index) => {
      if (decoder.rows < rows && !decoder.done) inColumn(group, index, () => {
        while (decoder.rows < rows && !decoder.done) decoder.decodePage();
      });
    });
  return new RowAssembler(footer.root, decoders.map((decoder) => decoder.leaf), footer.leaves, decodeRows);
}

function columnDecoders(chunks: RowGroupBytes, footer: ParsedFooter, group: RowGroupMeta, decompress: Decompress): ColumnChunkDecoder[] {
  if (group.columns.length !== footer.leaves.length) throw new RangeError('a row group does not have one chunk per leaf column');
  return group.columns.map((column, index) => {
    const node = footer.leaves[index]!;
    const element = node.element!;
    const isText = column.type === 6 && (TEXT_CONVERTED.has(element.convertedType ?? -1) || TEXT_LOGICAL.has(element.logicalType ?? -1));
    const spec = { maxDefinition: node.definitionLevel, maxRepetition: node.repetitionLevel, physicalType: column.type, isText };
    return new ColumnChunkDecoder(chunks[index]!, column.numValues, column.codec, spec, decompress, column.uncompressedLength);
  });
}

/** Runs a column's decoding; damage is reported with the column it is in. */
function inColumn(group: RowGroupMeta, index: number, decode: () => void): void {
  try {
    decode();
  } catch (error) {
    if (error instanceof UnsupportedParquetFeature || !(error instanceof Error)) throw error;
    throw new RangeError(`column ${group.columns[index]!.path.join('.')}: ${error.message}`, { cause: error });
  }
}
