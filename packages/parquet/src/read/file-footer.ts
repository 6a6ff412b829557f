import { ThriftReader, thriftList, thriftNumber, thriftString, thriftStruct, type ThriftStruct } from './thrift-reader.js';

export type SchemaElementInfo = {
  name: string;
  /** Physical type: 0 BOOLEAN, 1 INT32, 2 INT64, 3 INT96, 4 FLOAT, 5 DOUBLE, 6 BYTE_ARRAY, 7 FIXED_LEN_BYTE_ARRAY. */
  type: number | undefined;
  /** 0 required, 1 optional, 2 repeated. */
  repetition: number | undefined;
  numChildren: number;
  convertedType: number | undefined;
  /** The LogicalType union member present (1 STRING, 3 LIST, 7 JSON...). */
  logicalType: number | undefined;
};

export type ColumnChunkMeta = {
  path: string[];
  type: number;
  codec: number;
  numValues: number;
  /** Where the chunk's pages start (the dictionary page when there is one) and its length. */
  start: number;
  length: number;
  /** The chunk's size with its pages uncompressed (page headers included). */
  uncompressedLength: number;
};

export type RowGroupMeta = { numRows: number; columns: ColumnChunkMeta[] };

export type FooterMeta = {
  schema: SchemaElementInfo[];
  numRows: number;
  rowGroups: RowGroupMeta[];
  keyValue: Record<string, string>;
  createdBy: string | undefined;
};

/** Decodes the FileMetaData of a Parquet footer (field ids from parquet-format's parquet.thrift). */
export function parseFooter(bytes: Uint8Array): FooterMeta {
  const file = new ThriftReader(bytes).struct();
  const schema = thriftList(file.get(2)).map((value) => schemaElement(value as ThriftStruct));
  const rowGroups = thriftList(file.get(4)).map((value) => rowGroup(value as ThriftStruct));
  const keyValue: Record<string, string> = {};
  for (const entry of thriftList(file.get(5))) {
    const pair = entry as ThriftStruct;
    const key = thriftString(pair.get(1));
    if (key !== undefined) keyValue[key] = thriftString(pair.get(2)) ?? '';
  }
  return { schema, numRows: thriftNumber(file.get(3)) ?? 0, rowGroups, keyValue, createdBy: thriftString(file.get(6)) };
}

function schemaElement(element: ThriftStruct): SchemaElementInfo {
  const logical = thriftStruct(element.get(10));
  return {
    name: thriftString(element.get(4)) ?? '',
    type: thriftNumber(element.get(1)),
    repetition: thriftNumber(element.get(3)),
    numChildren: thriftNumber(element.get(5)) ?? 0,
    convertedType: thriftNumber(element.get(6)),
    logicalType: logical === undefined ? undefined : [...logical.keys()][0],
  };
}

function rowGroup(group: ThriftStruct): RowGroupMeta {
  return {
    numRows: thriftNumber(group.get(3)) ?? 0,
    columns: thriftList(group.get(1)).map((value) => {
      const meta = thriftStruct((value as ThriftStruct).get(3));
      if (meta === undefined) throw new RangeError('a column chunk has no metadata (external column files are not read)');
      const dataPageOffset = thriftNumber(meta.get(9)) ?? 0;
      const dictionaryPageOffset = thriftNumber(meta.get(11));
      // Some writers store 0 for "no dictionary page".
      const start = dictionaryPageOffset !== undefined && dictionaryPageOffset > 0 ? Math.min(dictionaryPageOffset, dataPageOffset) : dataPageOffset;
      return {
        path: thriftList(meta.get(3)).map((part) => thriftString(part) ?? ''),
        type: thriftNumber(meta.get(1)) ?? -1,
        codec: thriftNumber(meta.get(4)) ?? 0,
        numValues: thriftNumber(meta.get(5)) ?? 0,
        start,
        length: thriftNumber(meta.get(7)) ?? 0,
        uncompressedLength: thriftNumber(meta.get(6)) ?? 0,
      };
    }),
  };
}
