import type { Sample } from '@vift/schema';
import type { Container, FormatAdapter, FormatId } from '../format-adapter.js';
import { createFormat } from '../registry.js';
import { containerFromExtension } from './detect-file.js';
import { RecordWriter } from './record-writer.js';

/**
 * Writes samples to a file in a format, atomically: the file appears only once every sample is written.
 * Returns how many were written.
 */
export async function writeSamples(
  file: string,
  samples: Iterable<Sample> | AsyncIterable<Sample>,
  options: { format: FormatId | FormatAdapter; container?: Container },
): Promise<number> {
  const format = typeof options.format === 'string' ? createFormat(options.format) : options.format;
  const container = options.container ?? containerFromExtension(file) ?? (file.endsWith('.json') ? 'json' : format.defaultContainer);
  const writer = new RecordWriter(file, container);
  try {
    for await (const sample of samples) {
      const flushing = writer.write(format.toRecord(sample));
      if (flushing !== undefined) await flushing;
    }
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return writer.written;
}
