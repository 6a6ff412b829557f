import type { Sample } from '@vift/schema';
import type { AnyIterable } from '../operators/operator.js';
import type { DatasetStatistics } from './dataset-statistics.js';
import { createStatisticsCollector, type StatisticsCollectorOptions } from './statistics-collector.js';

/** Reads a stream of samples once and returns its statistics (see `createStatisticsCollector`). */
export async function computeStatistics(samples: AnyIterable<Sample>, options: StatisticsCollectorOptions = {}): Promise<DatasetStatistics> {
  const collector = createStatisticsCollector(options);
  for await (const sample of samples) collector.add(sample);
  return collector.result();
}
