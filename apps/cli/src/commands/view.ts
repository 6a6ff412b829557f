import { spawn } from 'node:child_process';
import { Command, InvalidArgumentError } from 'commander';

type ViewOptions = { port?: number; imageRoot?: string; open: boolean };

export function viewCommand(): Command {
  return new Command('view')
    .description('browse a dataset in a local web page (127.0.0.1 only, works offline): list with search and filters, images with their boxes, turns with provenance, validation issues, statistics charts; Ctrl-C stops')
    .argument('<dataset>', 'a Parquet file or folder of shards, or a LLaVA (ShareGPT, TRL, OpenAI) JSON or JSONL file; read in the background, never loaded whole')
    .option('--port <n>', 'the port to serve on (default: a free one)', parsePort)
    .option('--image-root <dir>', 'the folder image paths are relative to (default: the dataset\'s folder); paths may not leave it')
    .option('--no-open', 'do not open a browser; only print the address')
    .action(async (dataset: string, options: ViewOptions) => {
      // Loaded here, so that the other commands do not load the viewer's server.
      const { startViewer } = await import('@vift/viewer');
      const stop = new AbortController();
      const viewer = await startViewer({ dataset, port: options.port, imageRoot: options.imageRoot, signal: stop.signal });
      // The address alone on stdout, for scripts; the rest on stderr.
      process.stdout.write(`${viewer.url}\n`);
      process.stderr.write(`vift view: serving ${dataset} at ${viewer.url} (Ctrl-C stops)\n`);
      if (options.open) openBrowser(viewer.url);
      await new Promise<void>((resolve) => {
        const interrupt = () => {
          process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
          resolve();
        };
        process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
      });
      stop.abort();
      await viewer.close();
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new InvalidArgumentError(`"${value}" is not a port. Fix: give a whole number from 0 to 65535 (0: any free port)`);
  return port;
}

/** The platform's own opener; without one the address printed above is enough. */
function openBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`vift view: could not start ${command} to open a browser; open ${url} yourself\n`));
  child.unref();
}
