export type GpuInfo = {
  /** Position in nvidia-smi's list, which is the CUDA device index unless CUDA_VISIBLE_DEVICES reorders. */
  index: number;
  name: string;
  /** Total memory in MiB; undefined when nvidia-smi printed "[N/A]" or no number. */
  memoryMiB: number | undefined;
};

/** The arguments vift runs nvidia-smi with; `parseNvidiaSmiCsv` reads what it prints. */
export const nvidiaSmiArguments = ['--query-gpu=name,memory.total', '--format=csv,noheader'] as const;

/**
 * Reads the output of `nvidia-smi --query-gpu=name,memory.total --format=csv,noheader` (one
 * "NVIDIA H100 80GB HBM3, 81559 MiB" line per GPU). A header line (`--format=csv`), `nounits` numbers and
 * blank lines are accepted; a line without a comma is not a GPU and is skipped.
 */
export function parseNvidiaSmiCsv(text: string): GpuInfo[] {
  const gpus: GpuInfo[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    const comma = line.lastIndexOf(',');
    if (line === '' || comma === -1) continue;
    const name = line.slice(0, comma).trim();
    const memory = line.slice(comma + 1).trim();
    if (name === 'name' && memory.startsWith('memory.total')) continue;
    const number = /^(\d+(?:\.\d+)?)\s*(MiB|GiB)?$/.exec(memory);
    const memoryMiB = number === null ? undefined : Number(number[1]) * (number[2] === 'GiB' ? 1024 : 1);
    gpus.push({ index: gpus.length, name, memoryMiB });
  }
  return gpus;
}
