import { InvalidArgumentError } from 'commander';
import { parseShardSpec, type ShardSpec } from '@vift/generate';
import { ViftError } from '@vift/schema';
import { formatIds, parseFormatName, type Container } from '@vift/formats';
import { isCompressionCodecName, type CompressionCodecName, type LayoutName } from '@vift/parquet';
import type { DatasetKind } from './dataset-kind.js';

export function parseFormatOption(value: string): DatasetKind {
  if (value === 'parquet') return { kind: 'parquet' };
  if (value === 'arrow') return { kind: 'arrow' };
  const parsed = parseFormatName(value);
  if (parsed === undefined) {
    throw new InvalidArgumentError(`unknown format "${value}". Fix: use one of ${formatIds.join(', ')}, parquet, arrow (add -json or -jsonl to a JSON format to pick the container)`);
  }
  return { kind: 'records', ...parsed };
}

export function parseLayoutOption(value: string): LayoutName {
  if (value === 'vift' || value === 'llava') return value;
  throw new InvalidArgumentError(`unknown layout "${value}". Fix: use "vift" (id, images, messages) or "llava" (id, image, conversations)`);
}

export function parseCompressionOption(value: string): CompressionCodecName {
  const name = value.toUpperCase() === 'NONE' ? 'UNCOMPRESSED' : value.toUpperCase();
  if (isCompressionCodecName(name)) return name;
  throw new InvalidArgumentError(`unknown compression "${value}". Fix: use snappy, zstd, gzip or none`);
}

export function parseContainerOption(value: string): Container {
  if (value === 'json' || value === 'jsonl') return value;
  throw new InvalidArgumentError(`unknown container "${value}". Fix: use "json" (one JSON array) or "jsonl" (one record per line)`);
}

export function parsePositiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a positive number. Fix: give a number above 0, e.g. 128');
  return number;
}

export function parseOnInvalid(value: string): 'error' | 'skip' {
  if (value === 'error' || value === 'skip') return value;
  throw new InvalidArgumentError(`unknown mode "${value}". Fix: use "error" (stop at the first invalid record) or "skip" (write it to the rejects file)`);
}

export function megabytesToBytes(megabytes: number | undefined): number | undefined {
  return megabytes === undefined ? undefined : Math.round(megabytes * 2 ** 20);
}

/** Whether progress bars may be drawn: a terminal on stderr and no --quiet. */
export function progressEnabled(quiet: boolean | undefined): boolean {
  return quiet !== true && process.stderr.isTTY === true;
}

/** `--shard i/n`: this worker's share, 0 ≤ i < n. */
export function parseShardOption(value: string): ShardSpec {
  try {
    return parseShardSpec(value);
  } catch (error) {
    if (!ViftError.isInstance(error)) throw error;
    throw new InvalidArgumentError(`${error.message}. Fix: write i/n with 0 ≤ i < n, e.g. --shard 0/4 for the first of four workers`);
  }
}
