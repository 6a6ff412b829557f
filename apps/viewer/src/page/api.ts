import type { DatasetInfo, SamplePage, SampleQuery, SampleView, StatisticsView } from '../shared/api-types.js';

/** Calls the viewer's server; a refusal becomes an Error with the server's one-line reason. */
async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { signal, headers: { Accept: 'application/json' } });
  const body = (await response.json()) as T | { error: string };
  if (!response.ok) throw new Error((body as { error?: string }).error ?? `${path}: HTTP ${response.status}`);
  return body as T;
}

export function fetchDataset(): Promise<DatasetInfo> {
  return getJson('/api/dataset');
}

export function fetchSamples(query: SampleQuery, offset: number, limit: number, signal?: AbortSignal): Promise<SamplePage> {
  const parameters = queryParameters(query);
  parameters.set('offset', String(offset));
  parameters.set('limit', String(limit));
  return getJson(`/api/samples?${parameters}`, signal);
}

export function fetchSample(index: number, signal?: AbortSignal): Promise<SampleView> {
  return getJson(`/api/sample?index=${index}`, signal);
}

export function fetchStatistics(): Promise<StatisticsView> {
  return getJson('/api/statistics');
}

export function queryParameters(query: SampleQuery): URLSearchParams {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') parameters.set(name, String(value));
  return parameters;
}
