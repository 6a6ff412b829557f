// Enum values of the Parquet Thrift definitions (parquet-format's parquet.thrift).
export const PhysicalType = { byteArray: 6 } as const;
export const Repetition = { required: 0, optional: 1, repeated: 2 } as const;
export const ConvertedType = { utf8: 0, list: 3 } as const;
export const Encoding = { plain: 0, rle: 3 } as const;
export const PageType = { dataPage: 0 } as const;
/** LogicalType union members: STRING = 1, LIST = 3 (each an empty struct). */
export const LogicalTypeField = { string: 1, list: 3 } as const;
export const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]); // "PAR1"
