import { execFile } from 'node:child_process';
import { nvidiaSmiArguments, parseNvidiaSmiCsv, type GpuInfo } from '../gpu-list.js';

/**
 * The GPUs nvidia-smi lists (`--query-gpu=name,memory.total --format=csv,noheader`). A machine without
 * nvidia-smi, or where it fails (no driver), has none: the result is an empty list, never an error.
 */
export function discoverGpus(options: { command?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<GpuInfo[]> {
  return new Promise((resolve) => {
    execFile(
      options.command ?? 'nvidia-smi',
      [...nvidiaSmiArguments],
      { env: options.env ?? process.env, timeout: options.timeoutMs ?? 15_000, encoding: 'utf8' },
      (error, stdout) => resolve(error === null ? parseNvidiaSmiCsv(stdout) : []),
    );
  });
}
