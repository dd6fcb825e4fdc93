// Every route module builds its router here, so validation failures read the same everywhere.

import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ZodError } from 'zod';
import type { AppEnv } from './context.ts';
import { type ErrorDetail, RequestValidationError } from './errors.ts';

const TARGET_NAMES: Record<string, string> = {
  json: 'body',
  form: 'body',
  query: 'query',
  param: 'path',
  header: 'headers',
  cookie: 'cookies',
};

export const zodDetails = (prefix: string, error: ZodError): ErrorDetail[] =>
  error.issues.slice(0, 50).map((issue) => ({
    path: [prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));

export const newRouter = (): OpenAPIHono<AppEnv> =>
  new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const where = TARGET_NAMES[result.target] ?? result.target;
        throw new RequestValidationError(where, zodDetails(where, result.error));
      }
    },
  });

const acceptsGzip = (header: string | undefined): boolean =>
  !!header &&
  header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (!q || Number(q.slice(2)) > 0);
  });

/**
 * Sends JSON that was serialised (and gzipped) ahead of time, honouring If-None-Match. Typed routes
 * expect a typed response; this body has the route's shape by construction, so the cast is confined here.
 */
export const preserialisedJson = (
  c: Context<AppEnv>,
  cached: { body: Uint8Array; gzipped: Uint8Array; etag: string },
): never => {
  c.header('ETag', cached.etag);
  c.header('Vary', 'Accept-Encoding, Authorization');
  c.header('Cache-Control', 'private, no-cache');
  const match = c.req.header('if-none-match');
  if (match?.split(',').some((t) => t.trim().replace(/^W\//, '') === cached.etag)) {
    return c.body(null, 304) as never;
  }
  if (acceptsGzip(c.req.header('accept-encoding'))) {
    c.header('Content-Encoding', 'gzip');
    return c.body(cached.gzipped as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/json; charset=UTF-8',
    }) as never;
  }
  return c.body(cached.body as Uint8Array<ArrayBuffer>, 200, {
    'content-type': 'application/json; charset=UTF-8',
  }) as never;
};
