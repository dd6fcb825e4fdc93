// GET /health: liveness, no key needed and no store read, so a load balancer can poll it cheaply.

import { createRoute } from '@hono/zod-openapi';
import type { AppContext } from '../context.ts';
import { newRouter } from '../router.ts';
import { HealthSchema } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['service'],
  summary: 'Liveness check',
  responses: {
    200: { description: 'The server is up', content: { 'application/json': { schema: HealthSchema } } },
  },
});

export const healthRoutes = (ctx: AppContext) =>
  newRouter().openapi(route, (c) => c.json({ status: 'ok' as const, time: ctx.now().toISOString() }, 200));
