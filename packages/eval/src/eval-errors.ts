import { ViftError } from '@vift/schema';

const missingIdMarker = Symbol.for('vift.error.eval.missing-id');
const duplicateIdMarker = Symbol.for('vift.error.eval.duplicate-id');
const missingPredictionMarker = Symbol.for('vift.error.eval.missing-prediction');
const unknownIdMarker = Symbol.for('vift.error.eval.unknown-id');
const unknownMetricMarker = Symbol.for('vift.error.eval.unknown-metric');
const metricInputMarker = Symbol.for('vift.error.eval.metric-input');

/** Which list a record came from, and the file it was read from when there is one. */
export type RecordPlace = { list: 'predictions' | 'references' | 'annotations'; file?: string };

const where = (place: RecordPlace): string => place.file ?? place.list;
const shown = (id: string | number): string => JSON.stringify(id);

/** A prediction or reference record without the id that pairs it with the other side. */
export class MissingIdError extends ViftError {
  private readonly [missingIdMarker] = true;
  readonly file: string | undefined;
  readonly list: RecordPlace['list'];
  readonly index: number;
  readonly field: string;

  constructor(options: RecordPlace & { index: number; field: string }) {
    super({
      name: 'MissingIdError',
      message: `${where(options)}: record ${options.index} has no ${options.field}`,
      fix: `give every record a string or number ${options.field}`,
    });
    this.file = options.file;
    this.list = options.list;
    this.index = options.index;
    this.field = options.field;
  }

  static override isInstance(error: unknown): error is MissingIdError {
    return typeof error === 'object' && error !== null && missingIdMarker in error;
  }
}

/** Two records of one list share an id: a metric would not know which one to score. */
export class DuplicateIdError extends ViftError {
  private readonly [duplicateIdMarker] = true;
  readonly file: string | undefined;
  readonly list: RecordPlace['list'];
  readonly index: number;
  readonly firstIndex: number;
  readonly id: string | number;

  constructor(options: RecordPlace & { index: number; firstIndex: number; id: string | number }) {
    super({
      name: 'DuplicateIdError',
      message: `${where(options)}: record ${options.index} (id ${shown(options.id)}) repeats the id of record ${options.firstIndex}`,
      fix: `keep one ${options.list === 'predictions' ? 'prediction' : 'record'} per id`,
    });
    this.file = options.file;
    this.list = options.list;
    this.index = options.index;
    this.firstIndex = options.firstIndex;
    this.id = options.id;
  }

  static override isInstance(error: unknown): error is DuplicateIdError {
    return typeof error === 'object' && error !== null && duplicateIdMarker in error;
  }
}

/** Some references or annotations have no prediction: the reference scorers refuse a partial set. */
export class MissingPredictionError extends ViftError {
  private readonly [missingPredictionMarker] = true;
  readonly file: string | undefined;
  /** Every id without a prediction, in reference order. */
  readonly ids: ReadonlyArray<string | number>;

  constructor(options: { ids: ReadonlyArray<string | number>; file?: string }) {
    const [first] = options.ids;
    const more = options.ids.length > 1 ? ` (and ${options.ids.length - 1} more)` : '';
    super({
      name: 'MissingPredictionError',
      message: `${options.file ?? 'predictions'}: no prediction for id ${shown(first ?? '')}${more}`,
      fix: 'predict every id of the references, or pass only the references you predicted',
    });
    this.file = options.file;
    this.ids = options.ids;
  }

  static override isInstance(error: unknown): error is MissingPredictionError {
    return typeof error === 'object' && error !== null && missingPredictionMarker in error;
  }
}

/** A prediction whose id is not among the references: usually predictions of another split. */
export class UnknownIdError extends ViftError {
  private readonly [unknownIdMarker] = true;
  readonly file: string | undefined;
  readonly index: number;
  readonly id: string | number;

  constructor(options: { index: number; id: string | number; file?: string }) {
    super({
      name: 'UnknownIdError',
      message: `${options.file ?? 'predictions'}: record ${options.index} (id ${shown(options.id)}) has no reference`,
      fix: 'check that the predictions and the references come from the same split',
    });
    this.file = options.file;
    this.index = options.index;
    this.id = options.id;
  }

  static override isInstance(error: unknown): error is UnknownIdError {
    return typeof error === 'object' && error !== null && unknownIdMarker in error;
  }
}

/** A metric name that vift does not know. */
export class UnknownMetricError extends ViftError {
  private readonly [unknownMetricMarker] = true;
  readonly metric: string;
  readonly known: readonly string[];

  constructor(options: { metric: string; known: readonly string[] }) {
    super({
      name: 'UnknownMetricError',
      message: `unknown metric ${shown(options.metric)}`,
      fix: `use one of ${options.known.join(', ')}`,
    });
    this.metric = options.metric;
    this.known = options.known;
  }

  static override isInstance(error: unknown): error is UnknownMetricError {
    return typeof error === 'object' && error !== null && unknownMetricMarker in error;
  }
}

/** A record a metric cannot score: no references, a label that is not yes or no, an empty set. */
export class MetricInputError extends ViftError {
  private readonly [metricInputMarker] = true;
  readonly metric: string;
  readonly file: string | undefined;
  readonly index: number | undefined;
  readonly id: string | number | undefined;

  constructor(options: { metric: string; message: string; fix: string; file?: string; index?: number; id?: string | number }) {
    const record = options.index === undefined ? '' : ` record ${options.index}${options.id === undefined ? '' : ` (id ${shown(options.id)})`}`;
    const place = options.file === undefined && record === '' ? '' : `${options.file ?? ''}${options.file !== undefined && record !== '' ? ':' : ''}${record}: `;
    super({ name: 'MetricInputError', message: `${options.metric}: ${place.trimStart()}${options.message}`, fix: options.fix });
    this.metric = options.metric;
    this.file = options.file;
    this.index = options.index;
    this.id = options.id;
  }

  static override isInstance(error: unknown): error is MetricInputError {
    return typeof error === 'object' && error !== null && metricInputMarker in error;
  }
}
