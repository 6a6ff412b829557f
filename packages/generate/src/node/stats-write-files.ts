import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AtomicFile } from '@vift/formats/node';
import type { DatasetStatistics } from '../stats/dataset-statistics.js';
import { renderStatisticsHtml } from '../stats/render-statistics-html.js';

export type WriteStatisticsFilesOptions = {
  statistics: DatasetStatistics;
  /** Created when missing. */
  folder: string;
  /** The HTML report's title. */
  title?: string;
};

/**
 * Writes `statistics.json` (the statistics, indented) and `statistics.html` (the report) into a folder.
 * Each file is written under a temporary name and renamed into place, so a reader never sees half a
 * file and a failure leaves no temporary file behind. Returns the two paths.
 */
export async function writeStatisticsFiles(options: WriteStatisticsFilesOptions): Promise<{ json: string; html: string }> {
  await mkdir(options.folder, { recursive: true });
  const paths = { json: join(options.folder, 'statistics.json'), html: join(options.folder, 'statistics.html') };
  const contents = {
    json: `${JSON.stringify(options.statistics, null, 2)}\n`,
    html: renderStatisticsHtml(options.statistics, options.title === undefined ? {} : { title: options.title }),
  };
  for (const kind of ['json', 'html'] as const) {
    const file = new AtomicFile(paths[kind]);
    try {
      await file.write(contents[kind]);
      await file.commit();
    } catch (error) {
      await file.abort();
      throw error;
    }
  }
  return paths;
}
