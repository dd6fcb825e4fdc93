// Every route module builds its router here, so validation failures read the same everywhere.

import { OpenAPIHono } from '@hono/zod-openapi';
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
