// Exporting a dataset for LLaMA-Factory: a ShareGPT-style file plus its entry in dataset_info.json
// (merged into an existing dataset_info.json, other entries kept), ready for `dataset: <name>` in a
// LLaMA-Factory training YAML with `dataset_dir` pointing at the folder.
//   node apps/examples/export-llama-factory.mjs [output-folder]
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { convertDataset } from '@vift/formats/node';
import { fixture, outputFolder } from './lib/paths.mjs';

const folder = await outputFolder('llama-factory');
const output = join(folder, 'coco_instruct_90.json');
const summary = await convertDataset({ input: fixture('llava/llava-instruct-coco-val-90.json'), output, to: 'sharegpt' });
console.log(`wrote ${summary.written} conversations to ${output}`);

const info = JSON.parse(await readFile(join(folder, 'dataset_info.json'), 'utf8'));
console.log('dataset_info.json entry:', JSON.stringify(info.coco_instruct_90));
