import { DatasetValidationError, type Sample } from '@vift/schema';
import { openDataset, type DatasetEntry, type OpenDatasetOptions } from './open-dataset.js';

/**
 * The samples of a dataset file, streamed. By default the first invalid record throws a
 * `DatasetValidationError` naming it; with `onInvalid: "skip"` invalid records are passed to `onReject`
 * (if given) and left out.
 */
export async function* readSamples(
  file: string,
  options: OpenDatasetOptions & {
    onInvalid?: 'error' | 'skip';
    onReject?: (entry: DatasetEntry) => void;
  } = {},
): AsyncGenerator<Sample> {
  const dataset = await openDataset(file, options);
  for await (const entry of dataset.entries) {
    if (entry.valid && entry.sample !== undefined) {
      yield entry.sample;
    } else if (options.onInvalid === 'skip') {
      options.onReject?.(entry);
    } else {
      throw new DatasetValidationError({ issues: entry.issues, file });
    }
  }
}
