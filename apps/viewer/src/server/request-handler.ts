import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { issueCatalog } from '@vift/schema';
import type { DatasetInfo, SamplePage, SampleView, StatisticsView } from '../shared/api-types.js';
import { imageBody } from './image-response.js';
import type { QueryResults } from './query-results.js';
import type { SampleIndex } from './sample-index.js';
import { parseSampleQuery } from './sample-query.js';
import { ViewerRequestError } from './viewer-request-error.js';
import type { SourceRecord, ViewerSource } from './viewer-source.js';

export type ViewerContext = {
  datasetPath: string;
  imageRoot: string;
  source: ViewerSource;
  index: SampleIndex;
  queries: QueryResults;
  /** dist/page: index.html, page.js, page.css. */
  pageFolder: string;
  /** Host headers accepted ("127.0.0.1:8080"): a page on another site cannot reach the server by DNS tricks. */
  hosts: () => ReadonlySet<string>;
  /**
   * Called once the page's script is sent (the browser then runs it, leaving the server idle) and by each
   * request for data: starts the background pass if it has not started yet.
   */
  wantData?: () => void;
};

const pageFiles: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/page.js': { file: 'page.js', type: 'text/javascript; charset=utf-8' },
  '/page.css': { file: 'page.css', type: 'text/css; charset=utf-8' },
};
// The page loads nothing from elsewhere: it works offline, and a dataset's text cannot pull in scripts.
const pagePolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const MAX_PAGE_SIZE = 500;

/** The viewer's HTTP routes: the page, /api/dataset, /api/samples, /api/sample, /api/image, /api/statistics. */
export function createRequestHandler(context: ViewerContext): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    handle(context, request, response).catch((error: unknown) => {
      const status = ViewerRequestError.isInstance(error) ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (response.headersSent) {
        response.destroy();
        return;
      }
      sendJson(response, status, { error: message });
    });
  };
}

async function handle(context: ViewerContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (!context.hosts().has(request.headers.host ?? '')) throw new ViewerRequestError(403, `the host ${JSON.stringify(request.headers.host ?? '')} is not this viewer`);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    throw new ViewerRequestError(405, `${request.method} is not served: the viewer only reads`);
  }
  const url = new URL(request.url ?? '/', 'http://viewer');
  if (url.pathname.startsWith('/api/')) context.wantData?.();
  const page = pageFiles[url.pathname];
  if (page !== undefined) {
    const body = await readFile(join(context.pageFolder, page.file));
    response.writeHead(200, { 'Content-Type': page.type, 'Content-Length': body.length, 'Content-Security-Policy': pagePolicy, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
    response.end(request.method === 'HEAD' ? undefined : body);
    if (url.pathname === '/page.js') context.wantData?.();
    return;
  }
  switch (url.pathname) {
    case '/favicon.ico':
      // The page has no icon; a 204 keeps the browser from logging a missing one.
      response.writeHead(204).end();
      return;
    case '/api/dataset':
      return sendJson(response, 200, datasetInfo(context));
    case '/api/samples':
      return sendJson(response, 200, await samplePage(context, url.searchParams));
    case '/api/sample':
      return sendJson(response, 200, await sampleView(context, await recordIndex(url.searchParams, context)));
    case '/api/image':
      return sendImage(context, url.searchParams, request, response);
    case '/api/statistics':
      return sendJson(response, 200, { progress: context.index.progress(), statistics: context.index.statisticsSoFar() } satisfies StatisticsView);
    default:
      throw new ViewerRequestError(404, `${url.pathname} is not a page of the viewer`);
  }
}

function datasetInfo(context: ViewerContext): DatasetInfo {
  return { path: context.datasetPath, format: context.source.format, imageRoot: context.imageRoot, progress: context.index.progress(), facets: context.index.facetCounts() };
}

async function samplePage(context: ViewerContext, parameters: URLSearchParams): Promise<SamplePage> {
  const query = parseSampleQuery(parameters);
  const offset = integerParameter(parameters, 'offset', 0);
  const limit = Math.min(integerParameter(parameters, 'limit', 50), MAX_PAGE_SIZE);
  const found = await context.queries.page(query, offset, limit);
  return { offset, limit, total: found.total, complete: found.complete, items: await context.index.summariesOf(found.indices) };
}

/** A record of the dataset: kept from the pass (the first ones) or read again from the file. */
async function recordOf(context: ViewerContext, index: number): Promise<SourceRecord> {
  const early = context.index.earlySample(index);
  if (early !== undefined) return early;
  const record = await context.index.first(() => context.source.read(index));
  return { sample: record.sample, issues: context.index.issuesOf(index, record.issues, record.sample?.id ?? null) };
}

async function sampleView(context: ViewerContext, index: number): Promise<SampleView> {
  const record = await recordOf(context, index);
  const sample = record.sample;
  const issues = record.issues.map((issue) => ({ ...issue, fix: issueCatalog[issue.code].fix }));
  if (sample === undefined) return { index, sample: undefined, issues };
  return {
    index,
    sample: {
      id: sample.id,
      images: sample.images.map(({ bytes, ...image }, imageIndex) => ({ ...image, url: `/api/image?index=${index}&image=${imageIndex}`, embeddedBytes: bytes?.length })),
      turns: sample.turns,
      ...(sample.source === undefined ? {} : { source: sample.source }),
      ...(sample.meta === undefined ? {} : { meta: sample.meta }),
    },
    issues,
  };
}

async function sendImage(context: ViewerContext, parameters: URLSearchParams, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const index = await recordIndex(parameters, context);
  const imageIndex = integerParameter(parameters, 'image', 0);
  const { sample } = await recordOf(context, index);
  const image = sample?.images[imageIndex];
  if (image === undefined) throw new ViewerRequestError(404, `record ${index} has no image ${imageIndex}`);
  const body = await imageBody(image, context.imageRoot);
  // Images are shown, never run: a file that is really a page gets no rights here.
  const headers = { 'Content-Type': body.type, 'Cache-Control': 'private, max-age=3600', 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; sandbox" };
  if (body.kind === 'bytes') {
    response.writeHead(200, { ...headers, 'Content-Length': body.bytes.length });
    response.end(request.method === 'HEAD' ? undefined : body.bytes);
    return;
  }
  response.writeHead(200, { ...headers, 'Content-Length': body.size });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(body.file);
    stream.on('error', reject);
    response.on('close', resolve);
    stream.pipe(response);
  });
}

/** The record named by ?index=, once the pass has reached it (404 past the end). */
async function recordIndex(parameters: URLSearchParams, context: ViewerContext): Promise<number> {
  const index = integerParameter(parameters, 'index', -1);
  if (index < 0) throw new ViewerRequestError(400, 'give the record as ?index=N');
  await context.index.waitFor(index + 1);
  if (index >= context.index.indexed) {
    throw new ViewerRequestError(404, context.index.complete ? `record ${index} is past the end (${context.index.indexed} records)` : `record ${index} has not been read yet`);
  }
  return index;
}

function integerParameter(parameters: URLSearchParams, name: string, fallback: number): number {
  const value = parameters.get(name);
  if (value === null || value === '') return fallback;
  if (!/^\d{1,15}$/.test(value)) throw new ViewerRequestError(400, `${name}=${value}: give a whole number`);
  return Number(value);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  response.end(body);
}
