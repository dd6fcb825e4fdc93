// The API function's logic: HTTP requests from API Gateway go to the hono app unchanged; a
// direct invoke (never reachable over HTTP) lets an operator with lambda:InvokeFunction create
// the first API key, since the key store lives in the table and not on anyone's machine.

import type { Context } from 'aws-lambda';
import type { Hono } from 'hono';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { z } from 'zod';
import type { Logger } from '../../packages/core/index.ts';
import { UnsupportedEventError } from '../shared/errors.ts';

export interface CreatedApiKey {
  id: string;
  /** The key itself: shown once, stored only as its hash. */
  key: string;
  scope: 'read' | 'write';
}

export interface ApiHandlerDeps {
  // biome-ignore lint/suspicious/noExplicitAny: any hono app, whatever its env and routes
  app: Hono<any, any, any>;
  createApiKey: (scope: 'read' | 'write', label?: string) => Promise<CreatedApiKey>;
  logger: Logger;
}

const adminEventSchema = z.object({
  admin: z.literal('create-api-key'),
  scope: z.enum(['read', 'write']),
  label: z.string().max(100).optional(),
});

export type AdminEvent = z.infer<typeof adminEventSchema>;

const isAdminEvent = (event: unknown): boolean =>
  typeof event === 'object' && event !== null && 'admin' in event;

export const makeApiHandler = (deps: ApiHandlerDeps) => {
  const http = handle(deps.app);
  // Lambda hands over whatever JSON the caller sent: API Gateway's event or an operator's.
  return async (event: object, context?: Context) => {
    if (!isAdminEvent(event)) return http(event as LambdaEvent, context);
    const parsed = adminEventSchema.safeParse(event);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`);
      throw new UnsupportedEventError('api', `admin event not valid: ${problems.join('; ')}`);
    }
    const created = await deps.createApiKey(parsed.data.scope, parsed.data.label);
    // The key goes back to the invoker only; the log line carries its id and scope.
    deps.logger.info('api key created', { id: created.id, scope: created.scope });
    return created;
  };
};
