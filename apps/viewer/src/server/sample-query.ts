import { issueCodes } from '@vift/schema';
import type { SampleQuery } from '../shared/api-types.js';
import { ViewerRequestError } from './viewer-request-error.js';

/** The filters of a /api/samples request; a malformed one is a 400 naming the parameter. */
export function parseSampleQuery(parameters: URLSearchParams): SampleQuery {
  const text = (name: string) => {
    const value = parameters.get(name);
    return value === null || value === '' ? undefined : value;
  };
  const query: SampleQuery = {};
  const q = text('q')?.trim();
  if (q !== undefined && q !== '') query.q = q;
  const source = text('source');
  if (source !== undefined) query.source = source;
  const task = text('task');
  if (task !== undefined) query.task = task;
  const turns = text('turns');
  if (turns !== undefined) {
    if (!/^\d{1,5}$/.test(turns)) throw new ViewerRequestError(400, `turns=${turns} is not a turn count: give a whole number`);
    query.turns = Number(turns);
  }
  const image = text('image');
  if (image !== undefined) {
    if (image !== 'yes' && image !== 'no') throw new ViewerRequestError(400, `image=${image}: give yes or no`);
    query.image = image;
  }
  const issue = text('issue');
  if (issue !== undefined) {
    if (issue !== 'any' && issue !== 'none' && !(issueCodes as readonly string[]).includes(issue)) {
      throw new ViewerRequestError(400, `issue=${issue} is not an issue code: give any, none or one of ${issueCodes.join(', ')}`);
    }
    query.issue = issue;
  }
  return query;
}

/** The same filters always give the same key (parameter order does not matter). */
export function queryKey(query: SampleQuery): string {
  return JSON.stringify([query.q ?? null, query.source ?? null, query.task ?? null, query.turns ?? null, query.image ?? null, query.issue ?? null]);
}

export function hasFilters(query: SampleQuery): boolean {
  return queryKey(query) !== queryKey({});
}

/** Whether a sample's id or any turn holds the search text, ignoring case. */
export function textMatches(needle: string, sample: { id: string; turns: ReadonlyArray<{ text: string }> }): boolean {
  if (sample.id.toLowerCase().includes(needle)) return true;
  return sample.turns.some((turn) => turn.text.toLowerCase().includes(needle));
}
