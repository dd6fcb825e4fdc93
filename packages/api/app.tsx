// The compliance API and dashboard as one hono app. It speaks Web-standard Request/Response and
// knows nothing of Lambda or Node: adapters (handle(), startServer) wrap it at the edge.

import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { createKeyChecker, type RouteExists, requireKey, routeMatcher } from './auth.ts';
import type { AppContext, AppDeps, AppEnv } from './context.ts';
import { reviewRoutes } from './dashboard/review.tsx';
import { dashboardRoutes } from './dashboard/routes.tsx';
import { DocsPage } from './docs.tsx';
import { createErrorHandler, guardJsonBody, notFoundHandler } from './error-responses.ts';
import { PayloadTooLargeError } from './errors.ts';
import { newRouter } from './router.ts';
import { complaintRoutes } from './routes/complaints.ts';
import { complianceRoutes } from './routes/compliance.ts';
import { digestRoutes } from './routes/digest.ts';
import { exportRoutes } from './routes/export.ts';
import { gapRoutes } from './routes/gaps.ts';
import { healthRoutes } from './routes/health.ts';
import { metricRoutes } from './routes/metrics.ts';
import { promiseRoutes } from './routes/promises.ts';
import { gapAckRoutes, registerPromiseRoutes } from './routes/register.ts';
import { surveyRoutes } from './routes/surveys.ts';
import { createVerdictCache } from './verdict-cache.ts';

export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;
const DEFAULT_CACHE_TTL_MS = 30_000;
const DEFAULT_KEY_CACHE_TTL_MS = 5_000;

const OPENAPI_INFO = {
  openapi: '3.0.3',
  info: {
    title: 'promisegap',
    version: '0.1.0',
    description:
      'Whether each public promise (response times, uptime, delivery, refunds) is kept, measured against ' +
      'delivered metrics and customer complaints, per ISO week.',
  },
};

export const createApp = (deps: AppDeps): Hono<AppEnv> => {
  const ctx: AppContext = {
    ...deps,
    verdicts: createVerdictCache({
      store: deps.store,
      now: deps.now,
      ttlMs: deps.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS,
      ...(deps.verdictsVersionTtlMs === undefined ? {} : { versionTtlMs: deps.verdictsVersionTtlMs }),
    }),
  };
  const keys = createKeyChecker({
    store: deps.store,
    now: deps.now,
    ttlMs: deps.keyCacheTtlMs ?? DEFAULT_KEY_CACHE_TTL_MS,
  });
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const { logger } = deps;

  const app: OpenAPIHono<AppEnv> = newRouter();

  app.use('*', requestId());
  app.use('*', async (c, next) => {
    const started = deps.now().getTime();
    await next();
    // The path only: a query string may carry a key (?key= on the dashboard).
    logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: deps.now().getTime() - started,
    });
  });
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'same-origin', xFrameOptions: 'DENY' }));
  const limitBody = bodyLimit({
    maxSize: maxBodyBytes,
    onError: () => {
      throw new PayloadTooLargeError(maxBodyBytes);
    },
  });
  // Only where a body is expected: the check reads `request.body`, which on Node turns the server's
  // lightweight request into a full one, a cost every GET would otherwise pay.
  app.use('*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next),
  );
  app.use('*', guardJsonBody);
  // Matched against the routes registered below, built on the first request once all are in.
  let routeExists: RouteExists | undefined;
  app.use(
    '/v1/*',
    requireKey(keys, (method, path) => {
      routeExists ??= routeMatcher(app.routes);
      return routeExists(method, path);
    }),
  );

  app.route('/health', healthRoutes(ctx));
  app.route('/v1/promises', promiseRoutes(ctx));
  app.route('/v1/promises', registerPromiseRoutes(ctx));
  app.route('/v1/compliance', complianceRoutes(ctx));
  app.route('/v1/gaps', gapRoutes(ctx));
  app.route('/v1/gaps', gapAckRoutes(ctx));
  app.route('/v1/metrics', metricRoutes(ctx));
  app.route('/v1/complaints', complaintRoutes(ctx));
  app.route('/v1/surveys', surveyRoutes(ctx));
  app.route('/v1/digest', digestRoutes(ctx));
  app.route('/v1/export', exportRoutes(ctx));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key from `promisegap keys create`; read keys may GET, write keys may also POST.',
  });
  let document: Record<string, unknown> | undefined;
  const openApiDocument = () => {
    document ??= app.getOpenAPIDocument(OPENAPI_INFO) as unknown as Record<string, unknown>;
    return document;
  };
  app.get('/openapi.json', (c) => c.json(openApiDocument()));
  app.get('/docs', (c) => {
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    return c.html(<DocsPage doc={openApiDocument()} />);
  });

  app.route('/', reviewRoutes(ctx, keys));
  app.route('/', dashboardRoutes(ctx, keys));

  app.notFound(notFoundHandler);
  app.onError(createErrorHandler(logger));

  return app;
};
