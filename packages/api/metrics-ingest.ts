// What POST /v1/metrics does with a body, in one function that runs the same in a thread of the
// ingest pool (ingest-worker.mjs, what `promisegap serve` uses) and in-process (the Lambda API,
// which serves one request at a time): the schema check, the future check, ingest's normalisation
// and the store's merge. Its outcome is plain data so it crosses a thread unchanged; the route
// turns it into the same response either way.

import type { IngestResult, Store } from '../core/index.ts';
import { validateSamples } from '../ingest/index.ts';
import type { ErrorDetail } from './errors.ts';
import { zodDetails } from './router.ts';
import { MetricsBody } from './schemas.ts';

/** Samples dated further ahead than this are clock or unit mistakes, not measurements. */
export const FUTURE_TOLERANCE_MS = 24 * 3_600_000;

export type MetricsOutcome =
  | { stored: IngestResult }
  /** A 400: every problem found, each with its path (`body.samples.3.unit`). */
  | { invalid: ErrorDetail[] };

/**
 * Checks a parsed body and stores its samples, all or none: any invalid sample rejects the
 * request before anything is written.
 */
export const ingestMetricsBody = async (
  body: unknown,
  nowMs: number,
  store: Pick<Store, 'ingestSamples'>,
): Promise<MetricsOutcome> => {
  const parsed = await MetricsBody.safeParseAsync(body);
  if (!parsed.success) return { invalid: zodDetails('body', parsed.error) };
  const { samples } = parsed.data;
  const latest = nowMs + FUTURE_TOLERANCE_MS;
  const future = samples.flatMap((s, i) =>
    Date.parse(s.at) > latest
      ? [{ path: `body.samples.${i}.at`, message: 'is more than a day in the future' }]
      : [],
  );
  if (future.length > 0) return { invalid: future };
  // Already valid; this applies ingest's normalisation (lower-case dimensions, UTC times).
  const { samples: normalised, errors } = validateSamples(samples);
  if (errors.length > 0) {
    return { invalid: errors.map((e) => ({ path: `body.samples.${e.index}`, message: e.reason })) };
  }
  return { stored: await store.ingestSamples(normalised) };
};
