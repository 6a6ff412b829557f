import type { DatasetInfo, SamplePage, SampleView, StatisticsView } from '../src/index.js';

/** GETs a path of a running viewer and parses the JSON answer (whatever the status). */
export async function getJson<T>(base: string, path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(new URL(path, base));
  return { status: response.status, body: (await response.json()) as T };
}

/** Polls /api/dataset until the background pass is over. */
export async function waitForIndex(base: string, timeoutMilliseconds = 60_000): Promise<DatasetInfo> {
  const deadline = Date.now() + timeoutMilliseconds;
  for (;;) {
    const { body } = await getJson<DatasetInfo>(base, '/api/dataset');
    if (body.progress.complete) return body;
    if (Date.now() > deadline) throw new Error(`the viewer indexed ${body.progress.indexed} records in ${timeoutMilliseconds} ms without finishing`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every item matching a query, page by page (asking again while a search is still under way). */
export async function allMatches(base: string, parameters: string): Promise<SamplePage['items']> {
  const items: SamplePage['items'] = [];
  for (let offset = 0; ; ) {
    const { status, body } = await getJson<SamplePage>(base, `/api/samples?${parameters}${parameters === '' ? '' : '&'}offset=${offset}&limit=100`);
    if (status !== 200) throw new Error(`/api/samples?${parameters}: HTTP ${status} ${JSON.stringify(body)}`);
    items.push(...body.items);
    offset += body.items.length;
    if (body.complete && offset >= body.total) return items;
  }
}

export type { DatasetInfo, SamplePage, SampleView, StatisticsView };
