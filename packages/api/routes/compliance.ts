// GET /v1/compliance (a window's verdicts with evidence) and GET /v1/compliance/:promiseId (history).

import { createRoute } from '@hono/zod-openapi';
import { rulesFields, toPublicVerdict } from '../../core/index.ts';
import type { AppContext } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { newRouter, preserialisedJson } from '../router.ts';
import {
  ComplianceQuery,
  ComplianceSchema,
  errorResponses,
  HistoryQuery,
  HistorySchema,
  notFoundResponse,
  PromiseIdParam,
} from '../schemas.ts';
import { resolveWindow } from '../window.ts';

const windowRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['compliance'],
  summary: "Every promise's verdict for a window",
  description:
    'Verdicts are computed when a window is evaluated. Each carries its evidence: the quote, its source ' +
    'and the date seen, the delivery figures, and the complaint quotes that allege a breach. The accounting ' +
    'rules are stated once (`rules`); each verdict names the version it was graded under (`rulesVersion`). ' +
    'The same shape as `promisegap run --json` and `evaluate --json`. Bodies are serialised and gzipped ' +
    'once per window and carry an ETag: send If-None-Match to get 304 when nothing changed.',
  security: [{ bearer: [] }],
  request: { query: ComplianceQuery },
  responses: {
    200: { description: 'The window', content: { 'application/json': { schema: ComplianceSchema } } },
    ...errorResponses,
    ...notFoundResponse,
  },
});

const historyRoute = createRoute({
  method: 'get',
  path: '/{promiseId}',
  tags: ['compliance'],
  summary: "One promise's verdicts over the last N windows",
  security: [{ bearer: [] }],
  request: { params: PromiseIdParam, query: HistoryQuery },
  responses: {
    200: { description: 'Oldest first', content: { 'application/json': { schema: HistorySchema } } },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const complianceRoutes = (ctx: AppContext) =>
  newRouter()
    .openapi(windowRoute, async (c) => {
      const q = c.req.valid('query');
      const found = await resolveWindow(ctx, q.window);
      if (!q.status && !q.category) return preserialisedJson(c, found);
      return preserialisedJson(c, found.filtered(q.status, q.category));
    })
    .openapi(historyRoute, async (c) => {
      const { promiseId } = c.req.valid('param');
      const { windows } = c.req.valid('query');
      const [promise, verdicts] = await Promise.all([
        ctx.store.getPromise(promiseId),
        ctx.store.verdictHistory(promiseId, windows),
      ]);
      if (!promise && verdicts.length === 0) throw new NotFoundError(`no promise with id ${promiseId}`);
      return c.json({ promiseId, ...rulesFields(verdicts), verdicts: verdicts.map(toPublicVerdict) }, 200);
    });
