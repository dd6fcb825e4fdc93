// POST /v1/metrics: delivered measurements, up to 1,000 a request, merged into hourly rollups.

import { createRoute } from '@hono/zod-openapi';
import { validateSamples } from '../../ingest/index.ts';
import type { AppContext } from '../context.ts';
import { RequestValidationError } from '../errors.ts';
import { newRouter } from '../router.ts';
import { errorResponses, IngestResultSchema, MAX_BATCH, MetricsBody } from '../schemas.ts';

/** Samples dated further ahead than this are clock or unit mistakes, not measurements. */
const FUTURE_TOLERANCE_MS = 24 * 3_600_000;

const route = createRoute({
  method: 'post',
  path: '/',
  tags: ['ingestion'],
  summary: 'Ingest metric samples',
  description: `Up to ${MAX_BATCH} samples. A sample already stored (same series, time, ref and value) counts as a duplicate.`,
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: MetricsBody } } } },
  responses: {
    200: { description: 'Ingested', content: { 'application/json': { schema: IngestResultSchema } } },
    ...errorResponses,
  },
});

export const metricRoutes = (ctx: AppContext) =>
  newRouter().openapi(route, async (c) => {
    const { samples } = c.req.valid('json');
    const latest = ctx.now().getTime() + FUTURE_TOLERANCE_MS;
    const future = samples.flatMap((s, i) =>
      Date.parse(s.at) > latest
        ? [{ path: `body.samples.${i}.at`, message: 'is more than a day in the future' }]
        : [],
    );
    if (future.length > 0) throw new RequestValidationError('body', future);
    // Already valid; this applies ingest's normalisation (lower-case dimensions, UTC times).
    const { samples: normalised, errors } = validateSamples(samples);
    if (errors.length > 0) {
      throw new RequestValidationError(
        'body',
        errors.map((e) => ({ path: `body.samples.${e.index}`, message: e.reason })),
      );
    }
    const result = await ctx.store.ingestSamples(normalised);
    ctx.logger.info('samples ingested', { requestId: c.get('requestId'), ...result });
    return c.json({ accepted: result.accepted, duplicates: result.duplicates }, 200);
  });
