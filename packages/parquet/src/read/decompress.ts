import { snappyUncompress } from 'hyparquet';
import { decompress as zstdDecompress } from 'fzstd';
import { UnsupportedParquetFeature, type Decompress } from './column-chunk-reader.js';

const UNCOMPRESSED = 0;
const SNAPPY = 1;
const ZSTD = 6;

/** Page decompression for the codecs Parquet datasets use; others make the caller read the file another way. */
export const decompressPage: Decompress = (codec, bytes, uncompressedSize) => {
  switch (codec) {
    case UNCOMPRESSED:
      return bytes;
    case SNAPPY: {
      const output = new Uint8Array(uncompressedSize);
      snappyUncompress(bytes, output);
      return output;
    }
    case ZSTD:
      return zstdDecompress(bytes, new Uint8Array(uncompressedSize));
    default:
      throw new UnsupportedParquetFeature(`compression codec ${codec}`);
  }
};
