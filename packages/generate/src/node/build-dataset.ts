import { createCodec, viftLayout, type CompressionCodecName } from '@vift/parquet';
import { openParquetSink } from '@vift/parquet/node';
import type { Sample } from '@vift/schema';
import { ViftError } from '@vift/schema';
import {
  discoverSources,
  loadSource,
  loadSourceImages,
  loadVisualGenomeImages,
  type Annotation,
  type DiscoveredSource,
  type LoadReport,
  type VisualGenomeImage,
} from '@vift/sources';
import { groupByImage } from '../build/group-by-image.js';
import { samplesForImage } from '../build/samples-for-image.js';
import type { Recipe } from '../recipes/recipe.js';
import type { DatasetStatistics } from '../stats/dataset-statistics.js';
import { createStatisticsCollector } from '../stats/statistics-collector.js';
import { writeStatisticsFiles } from './stats-write-files.js';
import { shardOfCocoId } from '../shard/shard-of-coco-id.js';
import type { ShardSpec } from '../shard/shard-spec.js';

export type BuildDatasetOptions = {
  recipe: Recipe;
  /** The folder holding the annotation files (found by their official names, or named in its sources.json). */
  sources: string;
  /** The output folder: Parquet shards `train-00000-of-000NN.parquet` and a dataset card. */
  output: string;
  /** Build only the images of shard `index` of `count` (by a hash of the COCO id). */
  shard?: ShardSpec;
  compression?: CompressionCodecName;
  /** Parquet file size cap (default 500 MB). */
  shardBytes?: number;
  /** Called with each sample as it is written (progress, your own checks). */
  onSample?: (sample: Sample) => void;
  /** Write `statistics.json` and `statistics.html` beside the shards (default true). */
  statistics?: boolean;
  /** Called as each stage starts, for a progress line. */
  onStage?: (stage: string) => void;
  /** Stamped into the Parquet files' `created_by`. */
  createdBy?: string;
  /** Stops the build between images (Ctrl-C); the partial output is removed and the signal's reason thrown. */
  signal?: AbortSignal;
};

export type BuildSummary = {
  recipe: string;
  shard?: ShardSpec;
  samples: number;
  turns: number;
  images: number;
  files: string[];
  /** The statistics report files, when written. */
  statistics?: { json: string; html: string };
  /** Per source file: what was read and what was dropped. */
  loads: LoadReport[];
  /** Annotations on images that are not among the COCO images of the sources folder. */
  unknownImage: number;
  /** The sets found in the sources folder and used, and those found but left out by the recipe. */
  datasets: { used: string[]; skipped: string[] };
};

/**
 * Builds a recipe's dataset from a folder of official annotation files: discovers the sets, reads the
 * COCO images, streams every set's annotations into per-image groups (only this shard's images), turns
 * each image's group into dialogs and writes them as Parquet, with the dataset's statistics as JSON and an
 * HTML report beside them. Output is atomic: a failure leaves none.
 */
export async function buildDataset(options: BuildDatasetOptions): Promise<BuildSummary> {
  const { recipe } = options;
  const stage = options.onStage ?? (() => {});
  stage('finding sources');
  const discovered = await discoverSources(options.sources);
  const wanted = (source: DiscoveredSource) => recipe.datasets === undefined || (recipe.datasets as readonly string[]).includes(source.dataset);
  const used = discovered.filter(wanted);
  if (!discovered.some((source) => source.dataset === 'coco-caption' || source.dataset === 'coco-instances')) {
    throw new ViftError({
      message: `${options.sources}: no COCO captions or instances file found`,
      fix: 'put captions_train2017.json (or instances_*.json) under the sources folder, or name it in sources.json',
    });
  }
  stage('reading COCO images');
  const images = await loadSourceImages(discovered);
  const loads: LoadReport[] = [];
  let visualGenome: Promise<Map<number, VisualGenomeImage>> | undefined;
  const context = {
    images,
    report: (report: LoadReport) => loads.push(report),
    visualGenome: () => {
      // Any set's image_data.json will do (Image Paragraph and TallyQA use VG's map too).
      const file = discovered.find((source) => source.files.images !== undefined && source.dataset.startsWith('vg-'))?.files.images;
      if (file === undefined) {
        return Promise.reject(new ViftError({ message: `${options.sources}: sets on Visual Genome images need Visual Genome's image_data.json`, fix: 'put image_data.json in the sources folder' }));
      }
      visualGenome ??= loadVisualGenomeImages({ file });
      return visualGenome;
    },
  };
  async function* annotations(): AsyncIterable<Annotation> {
    for (const source of used) {
      options.signal?.throwIfAborted();
      stage(`reading ${source.dataset}${source.split === undefined ? '' : ` ${source.split}`}`);
      yield* loadSource(source, context);
    }
  }
  const shard = options.shard;
  const grouped = await groupByImage({
    annotations: annotations(),
    images,
    // Only what the recipe can use of the plentiful kinds is kept.
    atMost: { region: recipe.perImage.regions, referring: recipe.perImage.referring },
    seed: recipe.seed,
    ...(shard === undefined ? {} : { keep: (cocoId: number) => shardOfCocoId(cocoId, shard.count) === shard.index }),
  });
  stage('composing dialogs and writing Parquet');
  const compression = options.compression ?? 'ZSTD';
  const sink = await openParquetSink({
    output: options.output,
    layout: viftLayout,
    codec: await createCodec(compression),
    compressionName: compression.toLowerCase(),
    ...(options.shardBytes === undefined ? {} : { shardBytes: options.shardBytes }),
    ...(options.createdBy === undefined ? {} : { createdBy: options.createdBy }),
  });
  const collector = options.statistics === false ? undefined : createStatisticsCollector();
  let samples = 0;
  let turns = 0;
  let statistics: { json: string; html: string } | undefined;
  try {
    for (const group of grouped.groups) {
      options.signal?.throwIfAborted();
      for (const sample of samplesForImage(group, recipe)) {
        const waiting = sink.write({ index: samples, sample, issues: [], valid: true });
        if (waiting !== undefined) await waiting;
        samples++;
        turns += sample.turns.length;
        collector?.add(sample);
        options.onSample?.(sample);
      }
    }
    await sink.commit();
    if (collector !== undefined) {
      const title = `${recipe.name}${shard === undefined ? '' : ` (shard ${shard.index}/${shard.count})`}: ${options.sources}`;
      statistics = await writeStatisticsFiles({ statistics: collector.result() satisfies DatasetStatistics, folder: options.output, title });
    }
  } catch (error) {
    await sink.abort();
    throw error;
  }
  return {
    recipe: recipe.name,
    ...(shard === undefined ? {} : { shard }),
    samples,
    turns,
    images: grouped.groups.length,
    files: sink.files,
    ...(statistics === undefined ? {} : { statistics }),
    loads,
    unknownImage: grouped.unknownImage,
    datasets: { used: [...new Set(used.map((source) => source.dataset))], skipped: [...new Set(discovered.filter((source) => !wanted(source)).map((source) => source.dataset))] },
  };
}
