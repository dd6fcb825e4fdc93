// GET /v1/compliance (a window's verdicts with evidence) and GET /v1/compliance/:promiseId (history).

import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { rulesFields, toPublicVerdict } from '../../core/index.ts';
import type { AppContext, AppEnv } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { newRouter } from '../router.ts';
import {
  ComplianceQuery,
  ComplianceSchema,
  errorResponses,
  HistoryQuery,
  HistorySchema,
  notFoundResponse,
  PromiseIdParam,
} from '../schemas.ts';
import type { Coding, PreparedBody } from '../verdict-cache.ts';
import { resolveWindow } from '../window.ts';

/** The codings a client accepts, best first among those we have (br, gzip); memoised per header value. */
const acceptedCodings = new Map<string, ('br' | 'gzip')[]>();
export const codingsFor = (header: string | undefined): ('br' | 'gzip')[] => {
  if (!header) return [];
  let codings = acceptedCodings.get(header);
  if (!codings) {
    const q = new Map<string, number>();
    for (const part of header.split(',')) {
      const [name, ...params] = part.trim().toLowerCase().split(';');
      const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const value = weight ? Number(weight.slice(2)) : 1;
      if (name) q.set(name.trim(), Number.isFinite(value) ? value : 0);
    }
    const star = q.get('*');
    const weightOf = (c: string) => q.get(c) ?? star ?? 0;
    codings = (['br', 'gzip'] as const)
      .filter((c) => weightOf(c) > 0)
      .sort((a, b) => weightOf(b) - weightOf(a));
    if (acceptedCodings.size > 100) acceptedCodings.clear();
    acceptedCodings.set(header, codings);
  }
  return codings;
};

const JSON_TYPE = { 'content-type': 'application/json; charset=UTF-8' };

/**
 * Sends a prepared body in the best coding the client accepts that is ready (brotli is compressed in
 * the background on first demand; gzip is awaited the first time), honouring If-None-Match. Each
 * coding has its own strong ETag. Typed routes expect a typed response; this body has the route's
 * shape by construction, so the cast is confined here.
 */
export const sendPrepared = async (c: Context<AppEnv>, prepared: PreparedBody): Promise<never> => {
  const codings = codingsFor(c.req.header('accept-encoding'));
  let coding: Coding = 'identity';
  let bytes: Uint8Array = prepared.body;
  for (const candidate of codings) {
    const ready = prepared.ready(candidate);
    if (ready) {
      coding = candidate;
      bytes = ready;
      break;
    }
  }
  if (coding === 'identity' && codings.includes('gzip')) {
    coding = 'gzip';
    bytes = await prepared.coded('gzip');
  }
  const etag = coding === 'identity' ? prepared.etag : `${prepared.etag.slice(0, -1)}-${coding}"`;
  c.header('ETag', etag);
  c.header('Vary', 'Accept-Encoding, Authorization');
  c.header('Cache-Control', 'private, no-cache');
  const match = c.req.header('if-none-match');
  if (
    match &&
    (match.trim() === '*' || match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))
  ) {
    return c.body(null, 304) as never;
  }
  if (coding !== 'identity') c.header('Content-Encoding', coding);
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, JSON_TYPE) as never;
};

const windowRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['compliance'],
  summary: "Every promise's verdict for a window",
  description:
    'Verdicts are computed when a window is evaluated. Each carries its evidence: the quote, its source ' +
    'and the date seen, the delivery figures, and the complaint quotes that allege a breach. The accounting ' +
    'rules are stated once (`rules`); each verdict names the version it was graded under (`rulesVersion`). ' +
    'The same shape as `promisegap run --json` and `evaluate --json`. Bodies are serialised and compressed ' +
    '(br, gzip) once per evaluation and carry an ETag: send If-None-Match to get 304 when nothing changed. ' +
    'A new evaluation shows within about a second.',
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
      return sendPrepared(c, q.status || q.category ? found.filtered(q.status, q.category) : found.response);
    })
    .openapi(historyRoute, async (c) => {
      const { promiseId } = c.req.valid('param');
      const { windows } = c.req.valid('query');
      const [promise, verdicts] = await Promise.all([
        ctx.store.getPromise(promiseId),
        ctx.store.verdictHistory(promiseId, windows),
      ]);
      if (!promise && verdicts.length === 0) throw new NotFoundError(`no promise with id ${promiseId}`);
      return c.json(
        { promiseId, ...rulesFields(verdicts), verdicts: verdicts.map((v) => toPublicVerdict(v, 'full')) },
        200,
      );
    });
