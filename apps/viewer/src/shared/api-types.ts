/**
 * What the viewer's server answers on /api/*, shared by the server and the page. Plain JSON: no bytes
 * (images are fetched from /api/image), no class instances.
 */
import type { DatasetStatistics } from '@vift/generate';
import type { ImageRef, Provenance, Turn, ValidationIssue } from '@vift/schema';

/** How far the background pass over the dataset has come. */
export type IndexProgress = {
  /** Records read so far, in order. */
  indexed: number;
  /** Whether every record has been read (counts and charts are then final). */
  complete: boolean;
  /** The record count when it is known before the pass ends (Parquet footers say it). */
  expected: number | undefined;
  /** Bytes read so far and in all, for a progress bar. */
  bytesRead: number;
  totalBytes: number;
  /** Why the pass stopped early (a damaged file), as one line. */
  error: string | undefined;
};

/** One value of a filter with the number of records that have it. */
export type FacetCount = { value: string; count: number };

export type DatasetInfo = {
  /** The dataset as given on the command line. */
  path: string;
  /** "parquet (vift layout)", "llava (JSON array)", ... */
  format: string;
  /** The folder image paths are resolved against. */
  imageRoot: string;
  progress: IndexProgress;
  facets: {
    source: FacetCount[];
    task: FacetCount[];
    turns: FacetCount[];
    image: FacetCount[];
    issue: FacetCount[];
  };
};

/** A record as the list shows it. */
export type SampleSummary = {
  index: number;
  /** The sample id, or the record's place when it did not map to a sample. */
  id: string;
  /** The start of the first user turn, placeholders removed. */
  text: string;
  turns: number;
  images: number;
  /** Source datasets and tasks of the turns (attributed as the statistics do). */
  sources: string[];
  tasks: string[];
  /** Issue codes, each once. */
  issues: string[];
  /** Boxes written in the turns' text. */
  boxes: number;
};

export type SamplePage = {
  offset: number;
  limit: number;
  /** Matches found so far. */
  total: number;
  /** Whether `total` is final (the pass or the search has seen every record). */
  complete: boolean;
  items: SampleSummary[];
};

/** An image of a sample: bytes are left out and fetched from `url`. */
export type ImageView = Omit<ImageRef, 'bytes'> & { url: string; embeddedBytes: number | undefined };

export type SampleView = {
  index: number;
  /** Undefined when the record did not map to a sample (its issues say why). */
  sample: { id: string; images: ImageView[]; turns: Turn[]; source?: Provenance; meta?: Record<string, unknown> } | undefined;
  /** Each with the catalogue's advice on fixing it. */
  issues: Array<ValidationIssue & { fix: string }>;
};

export type StatisticsView = { progress: IndexProgress; statistics: DatasetStatistics };

/** The filters of /api/samples, as query parameters of the same names. */
export type SampleQuery = {
  /** Text searched in the id and every turn, case-insensitive. */
  q?: string | undefined;
  source?: string | undefined;
  task?: string | undefined;
  /** An exact turn count. */
  turns?: number | undefined;
  /** "yes": with at least one image; "no": without. */
  image?: 'yes' | 'no' | undefined;
  /** "any": with at least one issue; "none": without; else an issue code. */
  issue?: string | undefined;
};

export type ApiError = { error: string };
