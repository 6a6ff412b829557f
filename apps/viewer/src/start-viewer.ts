import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withImageChecks } from './server/image-checks.js';
import { openJsonSource } from './server/json-source.js';
import { openParquetSource } from './server/parquet-source.js';
import { QueryResults } from './server/query-results.js';
import { createRequestHandler } from './server/request-handler.js';
import { SampleIndex } from './server/sample-index.js';
import { SummaryStore } from './server/summary-store.js';
import type { ViewerSource } from './server/viewer-source.js';
import { ViewerError } from './viewer-error.js';

/** How long the background pass waits for the page to ask for data before it starts anyway. */
const PASS_DELAY_MS = 1000;

export type StartViewerOptions = {
  /** A Parquet file or folder of shards, or a JSON / JSON Lines file of a format vift reads (LLaVA, ShareGPT, TRL, OpenAI). */
  dataset: string;
  /** The port on 127.0.0.1; a free one when left out or 0. */
  port?: number | undefined;
  /** The folder image paths are relative to (default: the dataset's folder). Paths may not leave it. */
  imageRoot?: string | undefined;
  /** Stops the viewer (as `close` does). */
  signal?: AbortSignal | undefined;
};

export type RunningViewer = {
  /** The page, e.g. http://127.0.0.1:41233/ */
  url: string;
  /** Stops the server and the reading of the dataset, and removes the viewer's temporary files. */
  close(): Promise<void>;
};

/**
 * Serves a web page to browse a dataset, on 127.0.0.1 only. The dataset is read once in the background
 * (list rows, filters and statistics come from that pass, in bounded memory) while pages are served as
 * soon as the records they show are read; a sample page reads its one record again (a byte range of a
 * JSON file, a row group of a Parquet file).
 */
export async function startViewer(options: StartViewerOptions): Promise<RunningViewer> {
  options.signal?.throwIfAborted();
  const dataset = resolve(options.dataset);
  const pageFolder = fileURLToPath(new URL('./page/', import.meta.url));
  if (!existsSync(`${pageFolder}index.html`)) {
    throw new ViewerError({ message: `the viewer's page is missing from ${pageFolder}`, fix: 'build @vift/viewer (npm run build) or reinstall it' });
  }
  const info = await stat(dataset).catch((error: NodeJS.ErrnoException) => {
    throw new ViewerError({ message: `${options.dataset}: ${error.code === 'ENOENT' ? 'no such file or folder' : `cannot be read (${error.code})`}`, fix: 'check the path of the dataset', cause: error });
  });
  const imageRoot = resolve(options.imageRoot ?? (info.isDirectory() ? dataset : dirname(dataset)));
  if (options.imageRoot !== undefined && (await stat(imageRoot).catch(() => undefined))?.isDirectory() !== true) {
    throw new ViewerError({ message: `the image root ${options.imageRoot} is not a folder`, fix: 'give the folder the image paths are relative to with --image-root' });
  }
  const extension = extname(dataset).toLowerCase();
  if (['.arrow', '.arrows', '.feather'].includes(extension)) {
    throw new ViewerError({ message: `${options.dataset}: Arrow files are not browsable`, fix: `convert it first: vift convert ${options.dataset} dataset.parquet --to parquet` });
  }

  let index: SampleIndex | undefined;
  const onBytes = (read: number) => {
    if (index !== undefined) index.bytesRead = read;
  };
  const source: ViewerSource =
    info.isDirectory() || extension === '.parquet'
      ? await openParquetSource({ path: dataset, imageRoot, onBytes })
      : await openJsonSource({ file: dataset, imageRoot, onBytes });
  let summaries: SummaryStore | undefined;
  let server: Server | undefined;
  try {
    summaries = await SummaryStore.create();
    index = new SampleIndex(summaries, source.expected, source.size);
    const queries = new QueryResults(index, source.scan);
    let hosts: ReadonlySet<string> = new Set();
    // The pass runs on this thread, taking turns with requests; its start (loading codecs, first pages, code
    // not yet compiled) waits until the page's script is sent, or a first data request, or a moment.
    let passDone: Promise<void> | undefined;
    const startPass = () => {
      clearTimeout(passTimer);
      passDone ??= index!.run(withImageChecks(source.entries, imageRoot));
    };
    const passTimer = setTimeout(startPass, PASS_DELAY_MS);
    server = createServer(createRequestHandler({ datasetPath: options.dataset, imageRoot, source, index, queries, pageFolder, hosts: () => hosts, wantData: startPass }));
    const port = await listen(server, options.port ?? 0);
    hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    const running = { index, server, summaries };
    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        clearTimeout(passTimer);
        running.index.stop();
        await new Promise<void>((done) => {
          running.server.close(() => done());
          running.server.closeAllConnections();
        });
        await queries.close();
        await passDone;
        await source.close();
        await running.summaries.close();
      })();
      return closing;
    };
    options.signal?.addEventListener('abort', () => void close(), { once: true });
    return { url: `http://127.0.0.1:${port}/`, close };
  } catch (error) {
    server?.close();
    await source.close();
    await summaries?.close();
    throw error;
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const fix = 'give another port with --port, or leave --port out for a free one';
      if (error.code === 'EADDRINUSE') reject(new ViewerError({ message: `port ${port} on 127.0.0.1 is in use`, fix, cause: error }));
      else if (error.code === 'EACCES') reject(new ViewerError({ message: `port ${port} needs privileges this process does not have`, fix, cause: error }));
      else reject(error);
    });
    server.listen({ host: '127.0.0.1', port }, () => resolvePort((server.address() as AddressInfo).port));
  });
}
