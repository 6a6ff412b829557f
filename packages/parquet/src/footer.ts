import { ThriftWriter } from './thrift-compact.js';
import { ConvertedType, LogicalTypeField, PhysicalType, Repetition } from './parquet-format.js';
import type { SchemaNode } from './schema-tree.js';

export type ColumnChunkInfo = {
  path: string[];
  codec: number;
  numValues: number;
  totalUncompressedSize: number;
  totalCompressedSize: number;
  dataPageOffset: number;
};

export type RowGroupInfo = { columns: ColumnChunkInfo[]; numRows: number; totalByteSize: number; fileOffset: number; totalCompressedSize: number };

export type FooterInfo = {
  schema: readonly SchemaNode[];
  numRows: number;
  rowGroups: readonly RowGroupInfo[];
  keyValueMetadata: ReadonlyArray<{ key: string; value: string }>;
  createdBy: string;
};

/** FileMetaData, Thrift compact encoded, as it goes before the footer length and the closing magic. */
export function encodeFooter(info: FooterInfo): Uint8Array {
  const writer = new ThriftWriter();
  const elements = flattenSchema(info.schema);
  writer.root((file) => {
    file.i32(1, 1); // version
    file.structList(2, elements, writeSchemaElement);
    file.i64(3, info.numRows);
    file.structList(4, info.rowGroups, (group, rowGroup) => {
      group.structList(1, rowGroup.columns, (chunk, column) => {
        chunk.i64(2, column.dataPageOffset); // file_offset
        chunk.struct(3, (meta) => {
          meta.i32(1, PhysicalType.byteArray);
          meta.i32List(2, [0, 3]); // PLAIN values, RLE levels
          meta.stringList(3, column.path);
          meta.i32(4, column.codec);
          meta.i64(5, column.numValues);
          meta.i64(6, column.totalUncompressedSize);
          meta.i64(7, column.totalCompressedSize);
          meta.i64(9, column.dataPageOffset);
        });
      });
      group.i64(2, rowGroup.totalByteSize);
      group.i64(3, rowGroup.numRows);
      group.i64(5, rowGroup.fileOffset);
      group.i64(6, rowGroup.totalCompressedSize);
    });
    file.structList(5, info.keyValueMetadata, (entry, { key, value }) => {
      entry.string(1, key);
      entry.string(2, value);
    });
    file.string(6, info.createdBy);
  });
  return writer.buffer.view().slice();
}

type SchemaElement = {
  name: string;
  repetition?: number;
  numChildren?: number;
  leaf?: boolean;
  convertedType?: number;
  logical?: number;
};

/** The schema tree depth first, as Parquet stores it: a root, then each node with its child count. */
function flattenSchema(nodes: readonly SchemaNode[]): SchemaElement[] {
  const elements: SchemaElement[] = [{ name: 'schema', numChildren: nodes.length }];
  const visit = (node: SchemaNode, repetition: number): void => {
    if (node.kind === 'string' || node.kind === 'binary') {
      const isString = node.kind === 'string';
      elements.push({
        name: node.name,
        repetition,
        leaf: true,
        ...(isString ? { convertedType: ConvertedType.utf8, logical: LogicalTypeField.string } : {}),
      });
    } else if (node.kind === 'struct') {
      elements.push({ name: node.name, repetition, numChildren: node.children.length });
      for (const child of node.children) visit(child, Repetition.optional);
    } else {
      elements.push({ name: node.name, repetition, numChildren: 1, convertedType: ConvertedType.list, logical: LogicalTypeField.list });
      elements.push({ name: 'list', repetition: Repetition.repeated, numChildren: 1 });
      visit({ ...node.element, name: 'element' }, Repetition.optional);
    }
  };
  for (const node of nodes) visit(node, Repetition.optional);
  return elements;
}

function writeSchemaElement(writer: ThriftWriter, element: SchemaElement): void {
  if (element.leaf === true) writer.i32(1, PhysicalType.byteArray);
  if (element.repetition !== undefined) writer.i32(3, element.repetition);
  writer.string(4, element.name);
  if (element.numChildren !== undefined) writer.i32(5, element.numChildren);
  if (element.convertedType !== undefined) writer.i32(6, element.convertedType);
  if (element.logical !== undefined) writer.struct(10, (logical) => logical.struct(element.logical!, () => undefined));
}
