// Every route of the API, read from the app itself so a new route is covered the day it lands:
// who may call it (no key, read key, write key), that an unknown route or method is a 404 for
// everyone, and that every error has the one shape { error, details, requestId }.

import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, isErrorBody } from './api-harness.ts';

type Harness = Awaited<ReturnType<typeof createHarness>>;
let h: Harness;

/** Routes that answer without a key: health, the API document, the dashboard's own pages. */
const PUBLIC = new Set([
  '/health',
  '/openapi.json',
  '/docs',
  '/',
  '/assets/dashboard.css',
  '/unlock',
  '/lock',
]);

const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, 'p_unknown');

let routes: { method: string; path: string }[] = [];

beforeAll(async () => {
  h = await createHarness();
  const seen = new Set<string>();
  routes = h.app.routes
    .filter((r) => r.method !== 'ALL')
    .filter((r) => {
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
});

const expectErrorShape = async (res: Response, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = await res.json();
  expect(isErrorBody(body), JSON.stringify(body)).toBe(true);
  expect(body.requestId).toBe(res.headers.get('x-request-id'));
  return body;
};

describe('every API route', () => {
  it('is found in the app (the matrix below is not empty)', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    for (const expected of ['GET /v1/promises', 'POST /v1/metrics', 'POST /v1/complaints', 'GET /health']) {
      expect(names).toContain(expected);
    }
  });

  it('asks for a key on every /v1 route, with a JSON 401 and a Bearer challenge', async () => {
    for (const r of routes.filter((r) => r.path.startsWith('/v1'))) {
      const res = await h.request(r.method, concrete(r.path), undefined, r.method === 'GET' ? undefined : {});
      const body = await expectErrorShape(res, 401);
      expect(body.error, `${r.method} ${r.path}`).toMatch(/API key is required/);
      expect(res.headers.get('www-authenticate')).toMatch(/Bearer/);
    }
  });

  it('answers public routes without a key', async () => {
    for (const r of routes.filter((r) => PUBLIC.has(r.path) && r.method === 'GET')) {
      const res = await h.request('GET', r.path);
      expect(res.status, r.path).not.toBe(401);
      expect(res.status, r.path).toBeLessThan(500);
    }
  });

  it('refuses a read key on every route that writes, with a JSON 403 naming the scope', async () => {
    for (const r of routes.filter((r) => r.path.startsWith('/v1') && r.method !== 'GET')) {
      const body = await expectErrorShape(await h.request(r.method, concrete(r.path), h.readKey, {}), 403);
      expect(body.error).toMatch(/read scope; write is needed/);
    }
  });

  // The evidence pack is a GET that needs a write key: it holds page snapshots and complaint quotes.
  const WRITE_ONLY_GETS = new Set(['/v1/export']);

  it('lets a read key reach every GET route but the evidence pack (no 401 or 403) and never answers 500', async () => {
    for (const r of routes.filter(
      (r) => r.path.startsWith('/v1') && r.method === 'GET' && !WRITE_ONLY_GETS.has(r.path),
    )) {
      const res = await h.request('GET', concrete(r.path), h.readKey);
      expect([401, 403, 500], `${r.path} → ${res.status}`).not.toContain(res.status);
      if (res.status >= 400) await expectErrorShape(res, res.status);
    }
  });

  it('refuses a read key on the evidence pack with a JSON 403', async () => {
    await expectErrorShape(await h.request('GET', '/v1/export', h.readKey), 403);
  });

  it('answers an empty body on every write route with a JSON 400 that names the field', async () => {
    for (const r of routes.filter((r) => r.path.startsWith('/v1') && r.method !== 'GET')) {
      const body = await expectErrorShape(await h.request(r.method, concrete(r.path), h.writeKey, {}), 400);
      expect(body.details.length, r.path).toBeGreaterThan(0);
      expect(body.details[0].path).toMatch(/^body/);
    }
  });

  it.each([
    ['no key', () => undefined],
    ['a read key', () => h.readKey],
    ['a write key', () => h.writeKey],
    ['a forged key', () => `pg_write_${'A'.repeat(43)}`],
  ])('answers an unknown route or method with a JSON 404 for %s', async (_name, key) => {
    const unknown = [
      ['GET', '/v1/nothing'],
      ['POST', '/v1/nothing'],
      ['DELETE', '/v1/promises'],
      ['PUT', '/v1/metrics'],
      ['GET', '/v1/metrics'],
      ['PATCH', '/v1/complaints'],
      ['GET', '/v1/promises/x/y'],
      ['GET', '/v2/promises'],
      ['DELETE', '/health'],
    ] as const;
    for (const [method, path] of unknown) {
      const body = await expectErrorShape(
        await h.request(method, path, key(), method === 'GET' || method === 'DELETE' ? undefined : {}),
        404,
      );
      expect(body.error).toBe(`no route for ${method} ${path}`);
    }
  });

  it.each([
    ['/v1/compliance?window=2026-W99', /2026-W99 is not a week: ISO weeks of 2026 run from W01 to W53/],
    ['/v1/compliance?window=2027-W53', /ISO weeks of 2027 run from W01 to W52/],
    ['/v1/gaps?window=2026-W00', /not a week/],
    ['/v1/gaps?window=2026-13', /2026-13 is not a month/],
    ['/v1/digest/preview?window=2026-00', /not a month/],
    ['/v1/compliance?window=last-week', /expected an ISO week/],
    ['/v1/promises?limit=0', /./],
  ])('answers %s with a 400 that says why', async (path, reason) => {
    const body = await expectErrorShape(await h.request('GET', path, h.readKey), 400);
    expect(`${body.error} ${body.details.map((d: { message: string }) => d.message).join(' ')}`).toMatch(
      reason,
    );
  });

  it('gives a 500 the same shape, with no stack or internals, and logs it by request id', async () => {
    const failing = await createHarness();
    const broken = await createHarness({
      store: new Proxy(failing.store, {
        get: (target, name) =>
          name === 'listPromises'
            ? async () => {
                throw new TypeError('Cannot read properties of undefined (reading pk) at dynamo-store.ts:12');
              }
            : Reflect.get(target, name),
      }),
    });
    const res = await broken.request('GET', '/v1/promises', broken.readKey);
    const text = await res.clone().text();
    const body = await expectErrorShape(res, 500);
    for (const leak of ['TypeError', 'dynamo-store', ' at ', 'pk']) expect(text).not.toContain(leak);
    expect(broken.recorded.errors.at(-1)).toMatchObject({ requestId: body.requestId });
  });
});
