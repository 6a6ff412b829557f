import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTrainConfig, type TrainConfig } from '../train-config.js';
import { TrainConfigError } from '../train-config-error.js';

/** The reference trainer's Python package, beside this package's `dist/`. */
export const referenceTrainerDir = fileURLToPath(new URL('../../python', import.meta.url));

// Settings that name local files or folders; a relative one is relative to the config file.
const pathSettings: ReadonlyArray<readonly string[]> = [
  ['data', 'folder'],
  ['outputDir'],
  ['planDir'],
  ['model', 'pretrainMmMlpAdapter'],
  ['llava', 'repository'],
  ['trl', 'repository'],
  ['reference', 'packageDir'],
];

export type ConfigOverrides = { [key: string]: unknown };

/**
 * Reads a training config from a JSON file, applies overrides (e.g. from the command line) on top,
 * resolves relative paths against the file's folder, and fills the defaults. Throws a `TrainConfigError`
 * naming the file and the setting.
 */
export async function loadTrainConfig(file: string, overrides: ConfigOverrides = {}): Promise<TrainConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new TrainConfigError({ setting: '(file)', message: `cannot read it (${(error as NodeJS.ErrnoException).code})`, fix: 'give the path of a JSON training config (`vift train config` prints one)', file, cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TrainConfigError({ setting: '(file)', message: `is not valid JSON (${(error as Error).message})`, fix: 'repair the JSON', file, cause: error });
  }
  return resolveTrainConfig(value, { base: dirname(resolve(file)), overrides, file });
}

/** Overrides, relative paths resolved against `base`, defaults filled (the reference trainer's folder among them). */
export function resolveTrainConfig(value: unknown, options: { base: string; overrides?: ConfigOverrides; file?: string }): TrainConfig {
  const merged = mergeObjects(value, options.overrides ?? {});
  if (isObject(merged)) {
    for (const path of pathSettings) resolveSetting(merged, path, options.base);
    const reference = isObject(merged.reference) ? merged.reference : {};
    if (reference.packageDir === undefined) merged.reference = { ...reference, packageDir: referenceTrainerDir };
  }
  return parseTrainConfig(merged, options.file === undefined ? {} : { file: options.file });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeObjects(base: unknown, overrides: Record<string, unknown>): unknown {
  if (!isObject(base)) return base;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    merged[key] = isObject(value) && isObject(merged[key]) ? mergeObjects(merged[key], value) : value;
  }
  return merged;
}

function resolveSetting(config: Record<string, unknown>, path: readonly string[], base: string): void {
  let holder: Record<string, unknown> = config;
  for (const key of path.slice(0, -1)) {
    const next = holder[key];
    if (!isObject(next)) return;
    holder = next;
  }
  const key = path[path.length - 1]!;
  const value = holder[key];
  if (typeof value === 'string' && value !== '' && !isAbsolute(value)) holder[key] = resolve(base, value);
}
