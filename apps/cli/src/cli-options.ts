import { InvalidArgumentError } from 'commander';
import { formatIds, parseFormatName, type Container, type FormatId } from '@vift/formats';

export function parseFormatOption(value: string): { format: FormatId; container?: Container } {
  const parsed = parseFormatName(value);
  if (parsed === undefined) {
    throw new InvalidArgumentError(`unknown format "${value}". Fix: use one of ${formatIds.join(', ')} (add -json or -jsonl to pick the container)`);
  }
  return parsed;
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
