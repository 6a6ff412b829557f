import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { SourceDataset } from './annotation.js';
import { isRecord } from './json/record-fields.js';
import { toSourceFileError } from './json/read-file-chunks.js';
import { knownFiles, type KnownSource } from './known-files.js';
import { SourceFileError } from './source-error.js';

/** One loadable unit of a set: the files of one split, by role. */
export type DiscoveredSource = {
  dataset: SourceDataset;
  /** The split the files are for (`train2017`), when their names say. */
  split?: string;
  /** Role → absolute path (`{ questions, annotations }` for VQAv2). */
  files: Record<string, string>;
  /** Roles no file was found for: the set cannot load until they are there. Empty when complete. */
  missing: string[];
};

export type DiscoverSourcesOptions = {
  /** How many folders deep to search below the sources folder (default 2: `coco/annotations/…`). */
  maxDepth?: number;
  /** The sets to look for, with their file patterns (default `knownFiles`). */
  known?: Partial<Record<SourceDataset, KnownSource>>;
};

/** The manifest's name in the sources folder. */
export const SOURCES_MANIFEST = 'sources.json';

/**
 * Finds the annotation files of the known sets under a sources folder by their official names
 * (`coco/annotations/captions_train2017.json`, `vg/region_descriptions.json`, `v2_mscoco_train2014_annotations.json`...),
 * searching the folder and two levels of subfolders, and pairs the files of each split.
 *
 * A `sources.json` in the folder overrides the search for the sets it names:
 * `{"vqav2": [{"split": "train2014", "questions": "vqa/q.json", "annotations": "vqa/a.json"}], "coco-caption": {"annotations": "captions.json"}}`
 * (one object or a list; paths relative to the folder and inside it).
 *
 * Throws `SourceFileError` for a missing folder, an invalid manifest (unknown set or role, a path that
 * leaves the folder or does not exist), and two files found for the same set, split and role.
 */
export async function discoverSources(folder: string, options: DiscoverSourcesOptions = {}): Promise<DiscoveredSource[]> {
  const root = resolve(folder);
  const known = options.known ?? knownFiles;
  const folderStat = await stat(root).catch((error: unknown) => {
    if ((error as { code?: unknown }).code === 'ENOENT') {
      throw new SourceFileError({ file: root, message: 'no such folder', fix: 'pass the folder that holds the annotation files', cause: error });
    }
    throw toSourceFileError(root, error);
  });
  if (!folderStat.isDirectory()) {
    throw new SourceFileError({ file: root, message: 'this is a file, not a sources folder', fix: 'pass the folder that holds the annotation files' });
  }
  const manifest = await readManifest(root, known);
  const paths = await listFiles(root, options.maxDepth ?? 2);
  const found = matchFiles(root, paths, known, new Set(manifest.map((source) => source.dataset)));
  return sortSources([...manifest, ...found], known);
}

/** Relative paths (forward slashes) of the files under `root`, down to `maxDepth` folders; hidden folders skipped. */
async function listFiles(root: string, maxDepth: number): Promise<string[]> {
  const files: string[] = [];
  const visit = async (folder: string, depth: number): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(folder, entry.name);
      // A link to a data folder elsewhere is common: follow it.
      const isLink = entry.isSymbolicLink();
      const target = isLink ? await stat(path).catch(() => undefined) : undefined;
      const isFolder = isLink ? target?.isDirectory() === true : entry.isDirectory();
      const isFile = isLink ? target?.isFile() === true : entry.isFile();
      if (isFolder && depth < maxDepth) await visit(path, depth + 1);
      else if (isFile) files.push(relative(root, path).split(sep).join('/'));
    }
  };
  await visit(root, 0);
  return files.sort();
}

function matchFiles(root: string, paths: readonly string[], known: Partial<Record<SourceDataset, KnownSource>>, skip: ReadonlySet<string>): DiscoveredSource[] {
  const sources: DiscoveredSource[] = [];
  for (const [dataset, source] of knownEntries(known)) {
    if (skip.has(dataset)) continue;
    /** Role → split ('' without one) → path. */
    const bySplit = new Map<string, Map<string, string>>();
    const shared = new Map<string, string>();
    for (const [role, pattern] of Object.entries(source.files)) {
      for (const path of paths) {
        const match = pattern.exec(path);
        if (match === null) continue;
        const split = match.groups?.split;
        const target = split === undefined ? shared : (bySplit.get(split) ?? bySplit.set(split, new Map()).get(split)!);
        const earlier = target.get(role);
        if (earlier !== undefined) {
          throw new SourceFileError({
            file: join(root, path),
            message: `found twice for ${dataset}${split === undefined ? '' : ` ${split}`} ${role}: also ${join(root, earlier)}`,
            fix: `keep one copy, or name the files in ${join(root, SOURCES_MANIFEST)}`,
          });
        }
        target.set(role, path);
      }
    }
    const roles = Object.keys(source.files);
    if (bySplit.size === 0) {
      if (shared.size > 0) sources.push(toSource(root, dataset, undefined, roles, shared));
      continue;
    }
    for (const [split, files] of [...bySplit].sort(([a], [b]) => a.localeCompare(b))) sources.push(toSource(root, dataset, split, roles, new Map([...shared, ...files])));
  }
  return sources;
}

function toSource(root: string, dataset: SourceDataset, split: string | undefined, roles: readonly string[], found: ReadonlyMap<string, string>): DiscoveredSource {
  const files: Record<string, string> = {};
  const missing: string[] = [];
  for (const role of roles) {
    const path = found.get(role);
    if (path === undefined) missing.push(role);
    else files[role] = join(root, path);
  }
  return split === undefined ? { dataset, files, missing } : { dataset, split, files, missing };
}

async function readManifest(root: string, known: Partial<Record<SourceDataset, KnownSource>>): Promise<DiscoveredSource[]> {
  const file = join(root, SOURCES_MANIFEST);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw toSourceFileError(file, error);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new SourceFileError({ file, message: `invalid JSON (${error instanceof Error ? error.message : String(error)})`, fix: 'repair the manifest', cause: error });
  }
  const fail = (message: string, key?: string): SourceFileError => {
    const knownNames = knownEntries(known).map(([dataset]) => dataset).join(', ');
    return new SourceFileError({ file, message, fix: `map set names (${knownNames}) to their files by role, paths relative to the folder`, ...(key === undefined ? {} : { key }) });
  };
  if (!isRecord(manifest)) throw fail('the manifest is not a JSON object');
  const sources: DiscoveredSource[] = [];
  for (const [dataset, value] of Object.entries(manifest)) {
    const source = known[dataset as SourceDataset];
    if (source === undefined || !Object.hasOwn(known, dataset)) throw fail(`"${dataset}" is not a set vift knows`, dataset);
    const roles = Object.keys(source.files);
    const entries = Array.isArray(value) ? value : [value];
    for (const entry of entries) {
      if (!isRecord(entry)) throw fail(`"${dataset}" must map roles (${roles.join(', ')}) to files`, dataset);
      const files: Record<string, string> = {};
      for (const [role, path] of Object.entries(entry)) {
        if (role === 'split') continue;
        if (!roles.includes(role)) throw fail(`"${dataset}" has no file role "${role}"; its roles are ${roles.join(', ')}`, dataset);
        if (typeof path !== 'string' || path === '') throw fail(`"${dataset}" "${role}" is not a path`, dataset);
        files[role] = await resolveInside(root, file, dataset, role, path);
      }
      const missing = roles.filter((role) => files[role] === undefined);
      if (missing.length > 0) throw fail(`"${dataset}" names no ${missing.map((role) => `"${role}"`).join(' or ')} file`, dataset);
      const split = entry.split;
      if (split !== undefined && typeof split !== 'string') throw fail(`"${dataset}" "split" is not a string`, dataset);
      sources.push(split === undefined ? { dataset: dataset as SourceDataset, files, missing: [] } : { dataset: dataset as SourceDataset, split, files, missing: [] });
    }
  }
  return sources;
}

async function resolveInside(root: string, manifest: string, dataset: string, role: string, path: string): Promise<string> {
  const absolute = resolve(root, path);
  const inside = relative(root, absolute);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw new SourceFileError({
      file: manifest,
      message: `"${dataset}" "${role}" path ${JSON.stringify(path)} leaves the sources folder`,
      fix: 'put the file inside the sources folder (a link to it works) and name it relative to the folder',
      key: dataset,
    });
  }
  const target = await stat(absolute).catch(() => undefined);
  if (target?.isFile() !== true) {
    throw new SourceFileError({
      file: manifest,
      message: `"${dataset}" "${role}" names ${JSON.stringify(path)}, which is not a file`,
      fix: 'check the path, relative to the sources folder',
      key: dataset,
    });
  }
  return absolute;
}

function knownEntries(known: Partial<Record<SourceDataset, KnownSource>>): [SourceDataset, KnownSource][] {
  return Object.entries(known).filter((entry): entry is [SourceDataset, KnownSource] => entry[1] !== undefined);
}

function sortSources(sources: DiscoveredSource[], known: Partial<Record<SourceDataset, KnownSource>>): DiscoveredSource[] {
  const order = knownEntries(known).map(([dataset]) => dataset);
  // Stable: within a set, the manifest's order, or the found splits' sorted order.
  return sources.sort((a, b) => order.indexOf(a.dataset) - order.indexOf(b.dataset));
}
