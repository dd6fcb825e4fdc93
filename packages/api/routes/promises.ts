// GET /v1/promises (filtered, paginated) and GET /v1/promises/:id (with its versions).

import { createRoute } from '@hono/zod-openapi';
import type { ServicePromise, VerdictStatus } from '../../core/index.ts';
import type { AppContext } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { newRouter } from '../router.ts';
import {
  errorResponses,
  IdParam,
  notFoundResponse,
  PromiseDetailSchema,
  PromiseListQuery,
  PromiseListSchema,
} from '../schemas.ts';
import type { WindowVerdicts } from '../verdict-cache.ts';
import { describeVersions } from '../versions.ts';
import { latestWindow } from '../window.ts';

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['promises'],
  summary: 'List promises',
  description:
    'Promises found in the configured sources, each with its status in the latest evaluated week. ' +
    'Pass `cursor` from the previous page to read the next one.',
  security: [{ bearer: [] }],
  request: { query: PromiseListQuery },
  responses: {
    200: {
      description: 'A page of promises',
      content: { 'application/json': { schema: PromiseListSchema } },
    },
    ...errorResponses,
  },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['promises'],
  summary: 'One promise with its versions',
  description: 'The promise, its source and the date seen, and every version with the fields that changed.',
  security: [{ bearer: [] }],
  request: { params: IdParam },
  responses: {
    200: { description: 'The promise', content: { 'application/json': { schema: PromiseDetailSchema } } },
    ...errorResponses,
    ...notFoundResponse,
  },
});

const withStatus = (p: ServicePromise, latest: WindowVerdicts | undefined) => ({
  ...p,
  status: (latest?.byPromise.get(p.id)?.status ?? 'no_data') as VerdictStatus,
  statusWindow: latest?.window.id ?? null,
});

export const promiseRoutes = (ctx: AppContext) =>
  newRouter()
    .openapi(listRoute, async (c) => {
      const q = c.req.valid('query');
      const latest = await latestWindow(ctx);
      const items: ReturnType<typeof withStatus>[] = [];
      let cursor = q.cursor;
      // Status lives in the verdicts, not on the promise: filter here, asking the store only for
      // as many as are still missing so the cursor never skips a promise.
      do {
        const page = await ctx.store.listPromises({
          ...(q.category ? { category: q.category } : {}),
          ...(q.source ? { source: q.source } : {}),
          ...(q.tier ? { tier: q.tier } : {}),
          ...(cursor ? { cursor } : {}),
          limit: q.limit - items.length,
        });
        for (const p of page.items) {
          const item = withStatus(p, latest);
          if (!q.status || item.status === q.status) items.push(item);
        }
        cursor = page.cursor;
      } while (cursor && items.length < q.limit);
      return c.json(cursor ? { items, cursor } : { items }, 200);
    })
    .openapi(detailRoute, async (c) => {
      const { id } = c.req.valid('param');
      const [promise, versions, latest] = await Promise.all([
        ctx.store.getPromise(id),
        ctx.store.listPromiseVersions(id),
        latestWindow(ctx),
      ]);
      if (!promise) throw new NotFoundError(`no promise with id ${id}`);
      return c.json({ promise: withStatus(promise, latest), versions: describeVersions(versions) }, 200);
    });
