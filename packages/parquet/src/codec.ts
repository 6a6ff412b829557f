/** A page compressor as the writer uses it; see compression/ for the implementations. */
export type PageCodec = {
  /** The Thrift CompressionCodec value written into the column metadata. */
  readonly parquetCode: number;
  compress(bytes: Uint8Array): Uint8Array;
};

export const uncompressed: PageCodec = { parquetCode: 0, compress: (bytes) => bytes };
