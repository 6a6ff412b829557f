// LLaVA JSON → Hugging Face-compatible Parquet with the image bytes inside, then read back.
//   node apps/examples/llava-to-parquet-with-images.mjs [output-folder]
import { join } from 'node:path';
import { embedImageBytes, openDataset, pipeSamples } from '@vift/formats/node';
import { createCodec, viftLayout } from '@vift/parquet';
import { openParquetDataset, openParquetSink } from '@vift/parquet/node';
import { fixture, outputFolder } from './lib/paths.mjs';

const input = fixture('images/llava-coco-val2017-4.json');
const imageRoot = fixture('images');
const output = join(await outputFolder('llava-to-parquet'), 'data');

// Each record's image file is read from under imageRoot (a path that leaves it is an error) into the sample.
const { entries } = await openDataset(input);
const sink = await openParquetSink({ output, layout: viftLayout, codec: await createCodec('ZSTD'), compressionName: 'zstd' });
const summary = await pipeSamples({ input, entries: embedImageBytes(entries, { root: imageRoot }), sink });
console.log(`wrote ${summary.written} samples to ${sink.files.join(', ')}`);

// Read it back: every sample carries its JPEG bytes, so the Parquet file is the whole dataset.
for await (const { sample } of (await openParquetDataset(output)).entries) {
  const [image] = sample.images;
  console.log(`${sample.id}: ${image.path}, ${image.bytes.length} bytes, ${sample.turns.length} turns`);
}
