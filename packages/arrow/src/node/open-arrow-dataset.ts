import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { RecordBatchReader } from 'apache-arrow';
import { allIssues, createSampleChecks, type DatasetEntry } from '@vift/formats/node';
import { hasErrors } from '@vift/schema';
import { ArrowDatasetError } from '../arrow-dataset-error.js';
import { recordBatchRows } from '../record-batch.js';

export type OpenedArrowDataset = { file: string; size: number; entries: AsyncGenerator<DatasetEntry> };

/**
 * Opens an Arrow IPC file or stream for reading one record batch at a time, each row mapped to a sample
 * and checked like any dataset record.
 */
export async function openArrowDataset(
  file: string,
  options: { checkDuplicateIds?: boolean | undefined; imageRoot?: string | undefined; onBytes?: ((bytesRead: number, totalBytes: number) => void) | undefined } = {},
): Promise<OpenedArrowDataset> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new ArrowDatasetError({ file, message: error.code === 'ENOENT' ? 'no such file' : `cannot read it (${error.code})`, fix: 'check the path', cause: error });
  });
  const size = (await handle.stat()).size;
  const head = new Uint8Array(8);
  await handle.read(head, 0, 8, 0);
  await handle.close();
  const isFile = String.fromCharCode(...head.subarray(0, 6)) === 'ARROW1';
  const isStream = head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff;
  if (!isFile && !isStream) {
    throw new ArrowDatasetError({ file, message: 'it is not an Arrow IPC file or stream', fix: 'give an .arrow file written by vift convert --to arrow, or name the input format with --from' });
  }
  const checks = createSampleChecks(options);

  async function* entries(): AsyncGenerator<DatasetEntry> {
    let index = 0;
    let reader;
    try {
      reader = isFile ? await RecordBatchReader.from(await open(file, 'r')) : await RecordBatchReader.from(createReadStream(file));
      await reader.open();
    } catch (error) {
      throw new ArrowDatasetError({ file, message: `it cannot be read as Arrow (${(error as Error).message})`, fix: 'write or download the file again', cause: error });
    }
    try {
      for await (const batch of reader) {
        for (const mapped of recordBatchRows(batch, { firstIndex: index, file })) {
          const found = allIssues(mapped, checks, index);
          const issues = Array.isArray(found) ? found : await found;
          const valid = !hasErrors(issues);
          yield { index, sample: mapped.sample, issues, valid, ...(valid ? {} : { record: mapped.row }) };
          index++;
        }
        options.onBytes?.(size, size);
      }
    } finally {
      await reader.cancel?.();
    }
  }
  return { file, size, entries: entries() };
}
