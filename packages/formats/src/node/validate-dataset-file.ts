import { IssueReport, type IssueReportSummary } from '@vift/schema';
import type { Container, FormatId } from '../format-adapter.js';
import { openDataset, type OpenDatasetOptions } from './open-dataset.js';

export type ValidateDatasetFileSummary = IssueReportSummary & {
  file: string;
  format: FormatId;
  container: Container;
  bytes: number;
  seconds: number;
};

/** Reads a whole dataset file as a stream and tallies its issues by code, keeping the first examples. */
export async function validateDatasetFile(
  file: string,
  options: OpenDatasetOptions & { examplesPerCode?: number } = {},
): Promise<ValidateDatasetFileSummary> {
  const started = performance.now();
  const dataset = await openDataset(file, options);
  const report = new IssueReport(options.examplesPerCode ?? 5);
  for await (const entry of dataset.entries) report.add(entry.issues);
  return {
    file,
    format: dataset.format.id,
    container: dataset.container,
    bytes: dataset.size,
    seconds: (performance.now() - started) / 1000,
    ...report.summary(),
  };
}
