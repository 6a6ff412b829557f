import { describe, expect, it } from 'vitest';
import { DatasetValidationError, ViftError, validateSample, validateSamples, type IndexedValidation, type Sample } from '../src/index.js';

const sample = (id: string, answer = 'Two.'): Sample => ({
  id,
  images: [],
  turns: [
    { role: 'user', text: 'How many?' },
    { role: 'assistant', text: answer },
  ],
});

async function collect(results: AsyncIterable<IndexedValidation>): Promise<IndexedValidation[]> {
  const collected: IndexedValidation[] = [];
  for await (const result of results) collected.push(result);
  return collected;
}

async function* asynchronously<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield await Promise.resolve(item);
}

describe('validateSamples', () => {
  it('reports a duplicate id on the later record, naming the first', async () => {
    const results = await collect(validateSamples([sample('a'), sample('b'), sample('a'), sample('a')]));
    expect(results.map((result) => result.index)).toEqual([0, 1, 2, 3]);
    expect(results.map((result) => result.valid)).toEqual([true, true, false, false]);
    expect(results[2]!.issues).toMatchObject([{ code: 'duplicate-id', sampleId: 'a', index: 2, severity: 'error' }]);
    expect(results[2]!.issues[0]!.message).toContain('record 0');
    expect(results[3]!.issues[0]!.message).toContain('record 0');
  });

  it('takes async iterables, and can leave ids unchecked', async () => {
    const results = await collect(validateSamples(asynchronously([sample('a'), sample('a')]), { checkDuplicateIds: false }));
    expect(results.map((result) => result.valid)).toEqual([true, true]);
  });

  it('checks each sample as validateSample does, with its position', async () => {
    const inputs = [sample('a'), { id: 'b' }, sample('c', ' ')];
    const results = await collect(validateSamples(inputs));
    for (const [index, input] of inputs.entries()) {
      expect(results[index]!.issues).toEqual(validateSample(input, { index }).issues);
    }
  });

  it('in strict mode yields every result, then throws one error with every issue', async () => {
    const seen: number[] = [];
    let thrown: unknown;
    try {
      for await (const result of validateSamples([sample('a'), sample('a'), sample('b', '')], { strict: true })) seen.push(result.index);
    } catch (error) {
      thrown = error;
    }
    expect(seen).toEqual([0, 1, 2]);
    expect(DatasetValidationError.isInstance(thrown)).toBe(true);
    expect((thrown as DatasetValidationError).issues.map((issue) => [issue.code, issue.index])).toEqual([
      ['duplicate-id', 1],
      ['empty-text', 2],
    ]);
  });

  it('in strict mode does not throw for a valid dataset', async () => {
    await expect(collect(validateSamples([sample('a'), sample('b')], { strict: true }))).resolves.toHaveLength(2);
  });
});

describe('strict validateSample', () => {
  it('throws a DatasetValidationError carrying all issues, with a one-line message and the fix', () => {
    const input = { id: 'q7', images: [{}], turns: [{ role: 'assistant', text: '' }] };
    let thrown: unknown;
    try {
      validateSample(input, { strict: true, index: 3 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DatasetValidationError);
    expect(ViftError.isInstance(thrown)).toBe(true);
    expect(DatasetValidationError.isInstance(thrown)).toBe(true);
    const error = thrown as DatasetValidationError;
    expect(error.name).toBe('DatasetValidationError');
    expect(error.issues).toEqual(validateSample(input, { index: 3 }).issues);
    expect(error.issues.length).toBeGreaterThan(1);
    expect(error.message).toContain('record 3 (id "q7")');
    expect(error.message).toContain(`and ${error.issues.length - 1} more issue(s)`);
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.fix).toBeTypeOf('string');
    expect(error.toLine()).toBe(`${error.message}. Fix: ${error.fix}`);
  });

  it('returns valid samples as usual', () => {
    expect(validateSample(sample('a'), { strict: true }).valid).toBe(true);
  });
});

describe('error brands', () => {
  it('tell vift errors from other values, across copies of the package', () => {
    const viftError = new ViftError({ message: 'bad', fix: 'do better' });
    const validationError = new DatasetValidationError({ issues: [] });
    expect(ViftError.isInstance(viftError)).toBe(true);
    expect(ViftError.isInstance(validationError)).toBe(true);
    expect(DatasetValidationError.isInstance(validationError)).toBe(true);
    expect(DatasetValidationError.isInstance(viftError)).toBe(false);
    for (const other of [new Error('bad'), null, undefined, 'DatasetValidationError', {}, { name: 'DatasetValidationError', issues: [] }]) {
      expect(ViftError.isInstance(other)).toBe(false);
      expect(DatasetValidationError.isInstance(other)).toBe(false);
    }
    // A copy of the class from another bundle carries the same Symbol.for brand.
    const foreign = Object.assign(new Error('bad'), { [Symbol.for('vift.error')]: true, [Symbol.for('vift.error.dataset-validation')]: true });
    expect(ViftError.isInstance(foreign)).toBe(true);
    expect(DatasetValidationError.isInstance(foreign)).toBe(true);
  });

  it('gives a message without issues, and a cause when there is one', () => {
    expect(new DatasetValidationError({ issues: [] }).message).toBe('the dataset is invalid');
    const cause = new Error('inner');
    expect(new ViftError({ message: 'outer', cause }).cause).toBe(cause);
    expect(new ViftError({ message: 'a\n  b' }).toLine()).toBe('a b');
  });

  it('names the file in the message when given one', () => {
    const { issues } = validateSample({ id: 'a', images: [], turns: [] }, { index: 2 });
    const error = new DatasetValidationError({ issues, file: 'train.json' });
    expect(error.message.startsWith('train.json: record 2 (id "a")')).toBe(true);
  });
});
