// How every error leaves the API: one JSON shape, { error, details, requestId }, for 4xx and 5xx
// alike; 4xx carry their message, anything unexpected is a generic 500 logged with the request id.

import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type Logger, WindowFormatError } from '../core/index.ts';
import { InvalidCursorError } from '../store/index.ts';
import type { AppEnv } from './context.ts';
import { ApiError, type ErrorDetail, isReservedName, RequestValidationError } from './errors.ts';

export interface ErrorBody {
  error: string;
  /** Always present; empty when the message says it all. */
  details: ErrorDetail[];
  requestId: string;
}

export const errorBody = (c: Context<AppEnv>, error: string, details: ErrorDetail[] = []): ErrorBody => ({
  error,
  details,
  requestId: c.get('requestId') ?? 'unknown',
});

export const errorResponse = (
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  error: string,
  details: ErrorDetail[] = [],
) => c.json(errorBody(c, error, details), status);

export const notFoundHandler: NotFoundHandler<AppEnv> = (c) =>
  errorResponse(c, 404, `no route for ${c.req.method} ${c.req.path}`);

export const createErrorHandler =
  (logger: Logger): ErrorHandler<AppEnv> =>
  (error, c) => {
    if (error instanceof ApiError) return errorResponse(c, error.status, error.message, error.details);
    if (error instanceof InvalidCursorError) {
      return errorResponse(c, 400, error.message, [{ path: 'query.cursor', message: error.message }]);
    }
    if (error instanceof WindowFormatError) {
      return errorResponse(c, 400, error.message, [{ path: 'query.window', message: error.message }]);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return errorResponse(c, error.status, error.message || 'bad request');
    }
    logger.error('request failed', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      error: error instanceof Error ? error.name : typeof error,
      message: error instanceof Error ? error.message : String(error),
    });
    return errorResponse(c, 500, 'internal error; quote the request id when reporting it');
  };

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
/** No request shape nests deeper than a few levels; a deeper body is refused before any schema walks it. */
export const MAX_BODY_DEPTH = 32;

/** Paths of keys that are reserved names, and whether the body nests too deep; iterative, so any depth is safe. */
export const reservedKeyProblems = (value: unknown, maxDepth = MAX_BODY_DEPTH): ErrorDetail[] => {
  const problems: ErrorDetail[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: 'body', depth: 0 }];
  while (stack.length > 0 && problems.length < 50) {
    const item = stack.pop();
    if (!item || item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= maxDepth) {
      problems.push({ path: item.path, message: `nests deeper than ${maxDepth} levels` });
      continue;
    }
    const entries = Array.isArray(item.value)
      ? item.value.map((v, i) => [String(i), v] as const)
      : Object.keys(item.value).map((k) => [k, (item.value as Record<string, unknown>)[k]] as const);
    for (const [key, child] of entries) {
      const path = `${item.path}.${key}`;
      if (!Array.isArray(item.value) && isReservedName(key)) {
        problems.push({
          path,
          message: `"${key}" is a reserved name; no key in a request body may use it`,
        });
      }
      if (child !== null && typeof child === 'object')
        stack.push({ value: child, path, depth: item.depth + 1 });
    }
  }
  return problems;
};

/**
 * Parses a JSON body once, before any route validator: malformed JSON, reserved names used as keys
 * (`__proto__`, `constructor`) and absurd nesting are 400s that say where, instead of reaching
 * code that would treat them as object members. The parsed body is handed on to the validator.
 */
export const guardJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = c.req.header('content-type')?.split(';')[0]?.trim() ?? '';
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || !JSON_TYPE.test(type)) return next();
  const text = await c.req.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RequestValidationError(
      'body',
      [
        {
          path: 'body',
          message: `is not valid JSON (${error instanceof Error ? error.message : 'parse error'})`,
        },
      ],
      { cause: error },
    );
  }
  const problems = reservedKeyProblems(parsed);
  if (problems.length > 0) throw new RequestValidationError('body', problems);
  c.req.bodyCache.json = Promise.resolve(parsed);
  await next();
};
