import { joinPath } from './path-text.js';

/** The exports vift writes for trainers; the reference trainer reads the LLaVA one. */
export type ExportKind = 'llava' | 'llama-factory' | 'trl';

/** Where each export puts its files inside its folder (the plans point the trainers there). */
export const exportLayout = {
  /** LLaVA's `--data_path` and `--image_folder`. */
  llava: (folder: string) => ({ dataFile: joinPath(folder, 'data.json'), imageFolder: joinPath(folder, 'images') }),
  /** LLaMA-Factory's `dataset_dir` (with dataset_info.json), the ShareGPT file, and `media_dir`. */
  'llama-factory': (folder: string, name: string) => ({
    datasetDir: folder,
    dataFile: joinPath(folder, `${name}.json`),
    datasetInfoFile: joinPath(folder, 'dataset_info.json'),
    imageFolder: joinPath(folder, 'images'),
  }),
  /** A Hugging Face dataset folder: Parquet shards (images inside) and the README.md that names them. */
  trl: (folder: string) => ({ datasetDir: folder, cardFile: joinPath(folder, 'README.md') }),
} as const;
