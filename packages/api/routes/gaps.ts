// GET /v1/gaps: the window's promises ranked by how far delivery or perception falls short.

import { createRoute } from '@hono/zod-openapi';
import type { AppContext } from '../context.ts';
import { rankGaps } from '../gaps.ts';
import { newRouter } from '../router.ts';
import { errorResponses, GapsSchema, notFoundResponse, WindowQuery } from '../schemas.ts';
import { resolveWindow } from '../window.ts';

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['compliance'],
  summary: 'Promises ranked by how badly they fall short',
  description:
    'Breaches (delivery gap) first, then perception gaps (metrics say kept, complaints say broken), then ' +
    'promises at risk; within each, the largest shortfall in percentage points first.',
  security: [{ bearer: [] }],
  request: { query: WindowQuery },
  responses: {
    200: { description: 'Ranked gaps', content: { 'application/json': { schema: GapsSchema } } },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const gapRoutes = (ctx: AppContext) =>
  newRouter().openapi(route, async (c) => {
    const found = await resolveWindow(ctx, c.req.valid('query').window);
    return c.json({ window: found.window, gaps: rankGaps(found.verdicts) }, 200);
  });
