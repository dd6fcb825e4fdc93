// Bearer API keys: GET needs a read key, anything that writes needs a write key.

import type { MiddlewareHandler } from 'hono';
import { PatternRouter } from 'hono/router/pattern-router';
import type { ApiKeyRecord, Store } from '../core/index.ts';
import { bearerToken, type KeyCheck, type KeyScope, verifyApiKey } from '../keys/index.ts';
import type { AppEnv } from './context.ts';
import { ForbiddenError, UnauthorizedError } from './errors.ts';

const MAX_REMEMBERED = 10_000;

export interface KeyChecker {
  check(presented: string | undefined, required: KeyScope): Promise<KeyCheck>;
}

/**
 * Remembers key checks for `ttlMs` so a busy dashboard or client does not read the table, nor hash
 * the key, per request: a presented key and the scope asked for map to the check's result (a revoked
 * key stops working within `ttlMs`). Lookups by hash are remembered too, so two scopes asked of one
 * key share one read.
 */
export const createKeyChecker = (options: {
  store: Pick<Store, 'getApiKeyByHash'>;
  now: () => Date;
  ttlMs: number;
}): KeyChecker => {
  const { store, now, ttlMs } = options;
  const remembered = new Map<string, { expires: number; record: Promise<ApiKeyRecord | undefined> }>();
  const checks = new Map<string, { expires: number; check: Promise<KeyCheck> }>();
  const cachedStore: Pick<Store, 'getApiKeyByHash'> = {
    getApiKeyByHash(hash) {
      const t = now().getTime();
      const hit = remembered.get(hash);
      if (hit && hit.expires > t) return hit.record;
      // Unknown keys are remembered too; the bound keeps a flood of random keys from growing memory.
      if (remembered.size >= MAX_REMEMBERED) remembered.clear();
      const record = store.getApiKeyByHash(hash);
      remembered.set(hash, { expires: t + ttlMs, record });
      record.catch(() => remembered.delete(hash));
      return record;
    },
  };
  return {
    check(presented, required) {
      if (ttlMs <= 0) return verifyApiKey(store, presented, required);
      // No key, or one that is not even shaped like a key, is answered without a lookup.
      if (!presented) return verifyApiKey(cachedStore, presented, required);
      const id = `${required} ${presented}`;
      const t = now().getTime();
      const hit = checks.get(id);
      if (hit && hit.expires > t) return hit.check;
      if (checks.size >= MAX_REMEMBERED) checks.clear();
      const check = verifyApiKey(cachedStore, presented, required);
      checks.set(id, { expires: t + ttlMs, check });
      check.catch(() => {
        if (checks.get(id)?.check === check) checks.delete(id);
      });
      return check;
    },
  };
};

export const requiredScope = (method: string): KeyScope =>
  method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 'read' : 'write';

/** Throws the 401/403 a failed check deserves. */
export const assertKey = (check: KeyCheck, required: KeyScope): ApiKeyRecord => {
  if (check.ok) return check.record;
  switch (check.reason) {
    case 'missing':
      throw new UnauthorizedError('an API key is required: send Authorization: Bearer <key>');
    case 'scope':
      throw new ForbiddenError(
        `this key has the ${check.record?.scope ?? 'read'} scope; ${required} is needed`,
      );
    case 'revoked':
      throw new UnauthorizedError('the API key has been revoked');
    default:
      throw new UnauthorizedError('the API key is not valid');
  }
};

/** Whether a method and path reach a handler; HEAD is served by GET. */
export type RouteExists = (method: string, path: string) => boolean;

/**
 * Builds the check from the app's registered routes (method `ALL` entries are middleware). An unknown
 * route is a 404 for every caller, so the key check must not answer it first with a 401 or 403.
 */
export const routeMatcher = (routes: readonly { method: string; path: string }[]): RouteExists => {
  const router = new PatternRouter<true>();
  for (const route of routes) if (route.method !== 'ALL') router.add(route.method, route.path, true);
  return (method, path) => router.match(method === 'HEAD' ? 'GET' : method, path)[0].length > 0;
};

export const requireKey =
  (keys: KeyChecker, routeExists: RouteExists = () => true): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    if (!routeExists(c.req.method, c.req.path)) return next();
    const required = requiredScope(c.req.method);
    const check = await keys.check(bearerToken(c.req.header('authorization')), required);
    if (!check.ok) c.header('WWW-Authenticate', 'Bearer realm="promisegap"');
    c.set('apiKey', assertKey(check, required));
    await next();
  };
