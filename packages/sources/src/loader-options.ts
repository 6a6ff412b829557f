import type { CocoImage, LoadReport, SourceDataset } from './annotation.js';

/** What every loader takes. Loaders of sets with more than one file add their own fields. */
export type LoaderOptions = {
  /** The annotation file. */
  file: string;
  /**
   * The COCO images to keep, by COCO id (from `loadCocoImages`). When given, annotations on other images
   * are dropped and counted as `droppedUnknownImage`; when left out, every COCO image is kept.
   */
  images?: ReadonlyMap<number, CocoImage>;
  /** Called once, after the last annotation, with what the loader counted. Not called when reading stops early. */
  report?: (report: LoadReport) => void;
};

/** How many malformed records a report keeps a reason for. */
const EXAMPLE_COUNT = 5;

/** Counts what a loader yields and drops, and builds its `LoadReport`. */
export class LoadCounter {
  private readonly report: LoadReport;

  constructor(dataset: SourceDataset, file: string) {
    this.report = { dataset, file, annotations: 0, droppedNotCoco: 0, droppedUnknownImage: 0, droppedMalformed: 0, examples: [] };
  }

  /** Whether an annotation on this COCO image passes the `images` filter; counts it as dropped when not. */
  keeps(cocoId: number, images: ReadonlyMap<number, CocoImage> | undefined, count = 1): boolean {
    if (images === undefined || images.has(cocoId)) return true;
    this.report.droppedUnknownImage += count;
    return false;
  }

  yielded(): void {
    this.report.annotations++;
  }

  notCoco(count = 1): void {
    this.report.droppedNotCoco += count;
  }

  /** Counts a record that could not be read; `reason` is one line naming the record. */
  malformed(reason: string, count = 1): void {
    this.report.droppedMalformed += count;
    if (this.report.examples.length < EXAMPLE_COUNT) this.report.examples.push(reason);
  }

  /** The report so far (a copy). */
  snapshot(): LoadReport {
    return { ...this.report, examples: [...this.report.examples] };
  }

  /** Hands the final report to the caller's callback, if any. */
  finish(callback: ((report: LoadReport) => void) | undefined): void {
    callback?.(this.snapshot());
  }
}
