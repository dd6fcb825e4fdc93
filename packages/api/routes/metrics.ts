// POST /v1/metrics: delivered measurements, up to 1,000 a request, merged into hourly rollups.
// A server (`promisegap serve`) validates and merges them in a worker pool, off the event loop, and
// answers 503 with Retry-After when the pool's queue is full (nothing of that request is stored);
// without a pool (the Lambda API) the same work runs in-process (metrics-ingest.ts).

import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../context.ts';
import { RequestValidationError } from '../errors.ts';
import { IngestBusyError } from '../ingest-pool.ts';
import { ingestMetricsBody } from '../metrics-ingest.ts';
import { newRouter } from '../router.ts';
import { ErrorSchema, errorResponses, IngestResultSchema, MAX_BATCH, MetricsBody } from '../schemas.ts';

const request = (schema: z.ZodType) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

/** The route as documented in /openapi.json: the body's full schema. */
const documented = createRoute({
  method: 'post',
  path: '/',
  tags: ['ingestion'],
  summary: 'Ingest metric samples',
  description:
    `Up to ${MAX_BATCH} samples. A sample already stored (same series, time, ref and value) counts as a duplicate. ` +
    'A request with any invalid sample stores nothing (400, every problem with its path). A server that is ' +
    'busy merging other requests answers 503 with a Retry-After header and stores nothing of the request.',
  security: [{ bearer: [] }],
  request: request(MetricsBody),
  responses: {
    200: { description: 'Ingested', content: { 'application/json': { schema: IngestResultSchema } } },
    ...errorResponses,
    503: {
      description:
        'Sample ingestion is busy; nothing was stored, and the Retry-After header says in how many seconds to try again',
      content: { 'application/json': { schema: ErrorSchema } },
    },
  },
});

// Served with the same media-type gate and JSON handling, but the body is checked by
// ingestMetricsBody (in a thread when there is a pool), not by a validator on the event loop.
const served = { ...documented, hide: true, request: request(z.unknown()) };

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

export const metricRoutes = (ctx: AppContext) => {
  const router = newRouter();
  router.openAPIRegistry.registerPath(documented);
  return router.openapi(served, async (c) => {
    const nowMs = ctx.now().getTime();
    const pool = ctx.sampleIngester;
    const type = c.req.header('content-type')?.split(';')[0]?.trim() ?? '';
    const outcome = pool
      ? await pool
          // The text was parsed once already (guardJsonBody); a string crosses to the thread
          // at the cost of a copy, a parsed body at the cost of a deep clone.
          .ingest(JSON_TYPE.test(type) ? { text: await c.req.text() } : { value: c.req.valid('json') }, nowMs)
          .catch((error: unknown) => {
            if (error instanceof IngestBusyError) c.header('Retry-After', String(error.retryAfterSeconds));
            throw error;
          })
      : await ingestMetricsBody(c.req.valid('json'), nowMs, ctx.store);
    if ('invalid' in outcome) throw new RequestValidationError('body', outcome.invalid);
    const result = outcome.stored;
    ctx.logger.info('samples ingested', { requestId: c.get('requestId'), ...result });
    return c.json({ accepted: result.accepted, duplicates: result.duplicates }, 200);
  });
};
