// Mixing datasets with weights, removing duplicates, and splitting off a test set.
// Two real LLaVA files are mixed 3 : 1 with every record of both kept ("all-exhausted"); a third source is
// the first file again, as happens when two downloaded mixtures share a subset: dedupe drops its copies.
//   node apps/examples/mix-with-weights-and-dedupe.mjs [output-folder]
import { join } from 'node:path';
import { dedupe, mix, pipe, split } from '@vift/generate';
import { readSamples, writeSamples } from '@vift/formats/node';
import { fixture, outputFolder } from './lib/paths.mjs';

const instruct = fixture('llava/llava-instruct-coco-val-90.json');
const bench = fixture('llava/llava-bench-in-the-wild-60.json');
const tagged = async function* (file, name) {
  for await (const sample of readSamples(file)) yield { ...sample, meta: { ...sample.meta, mixedFrom: name } };
};

const mixed = mix({
  sources: [
    { samples: tagged(instruct, 'instruct'), weight: 3 },
    { samples: tagged(bench, 'bench'), weight: 1 },
    { samples: tagged(instruct, 'instruct-again'), weight: 1 },
  ],
  seed: 1,
  until: 'all-exhausted',
});
// `normalised` compares case-folded text with punctuation and spacing collapsed, images included.
const unique = [];
for await (const sample of pipe(mixed, dedupe({ by: 'normalised' }))) unique.push(sample);

const splitter = split({ fractions: { train: 0.9, test: 0.1 }, seed: 1, key: 'id' });
const folder = await outputFolder('mix');
const train = await writeSamples(join(folder, 'train.jsonl'), pipe(unique, splitter.only('train')), { format: 'llava' });
const test = await writeSamples(join(folder, 'test.jsonl'), pipe(unique, splitter.only('test')), { format: 'llava' });

const counts = Object.fromEntries(['instruct', 'bench', 'instruct-again'].map((name) => [name, unique.filter((sample) => sample.meta.mixedFrom === name).length]));
console.log(`kept ${unique.length} of 240 (${JSON.stringify(counts)}), duplicates dropped: ${240 - unique.length}`);
console.log(`train ${train}, test ${test} → ${folder}`);
