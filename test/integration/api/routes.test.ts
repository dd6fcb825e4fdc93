import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../packages/api/index.ts';
import type { ComplaintAnalysis, Logger, Store } from '../../../packages/core/index.ts';
import { createApiKey } from '../../../packages/keys/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';
import { LATEST, NOW, promise, verdict, version } from './fixtures.ts';

let embedded: EmbeddedStore;
let store: Store;
let readKey: string;
let writeKey: string;
let clock = NOW;
const logged: { level: string; message: string; attributes?: Record<string, unknown> }[] = [];
const logger: Logger = {
  debug: (message, attributes) =>
    logged.push({ level: 'debug', message, ...(attributes ? { attributes } : {}) }),
  info: (message, attributes) =>
    logged.push({ level: 'info', message, ...(attributes ? { attributes } : {}) }),
  warn: (message, attributes) =>
    logged.push({ level: 'warn', message, ...(attributes ? { attributes } : {}) }),
  error: (message, attributes) =>
    logged.push({ level: 'error', message, ...(attributes ? { attributes } : {}) }),
};

const analyzeComplaint = (text: string): ComplaintAnalysis => ({
  isComplaint: /slow|never|nobody/i.test(text),
  categories: /slow|nobody/i.test(text) ? ['response_time'] : [],
  durations: [],
  sentiment: -1,
});

const pro = promise('p_pro', { qualifiers: { tier: 'Pro', target: 95 } });
const uptime = promise('p_uptime', {
  category: 'uptime',
  quote: 'The service is available 99.9% of each month.',
  operator: '>=',
  threshold: 99.9,
  unit: 'percent',
  qualifiers: { tier: 'Enterprise', window: 'monthly' },
});
const shipping = promise('p_ship', {
  category: 'delivery_time',
  quote: 'Orders ship within 2 business days.',
  threshold: 2,
  unit: 'business_days',
});
const refund = promise('p_refund', {
  category: 'refund_guarantee',
  quote: '30-day money-back guarantee.',
  operator: '>=',
  threshold: 30,
  unit: 'days',
});
const PAST = ['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44', '2026-W45', '2026-W46'];

const app = () =>
  createApp({
    store,
    now: () => clock,
    logger,
    analyzeComplaint,
    digestPreview: async (windowId) => ({
      subject: `Promises in ${windowId}`,
      html: `<p>${windowId}</p>`,
      text: `digest ${windowId}`,
    }),
    maxBodyBytes: 64 * 1024,
  });

const get = (path: string, key?: string) =>
  app().request(path, { headers: key ? { authorization: `Bearer ${key}` } : {} });

const postJson = (path: string, body: unknown, key: string | undefined, a = app()) =>
  a.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  store = embedded.store;
  readKey = (await createApiKey(store, { scope: 'read', now: () => NOW })).key;
  writeKey = (await createApiKey(store, { scope: 'write', now: () => NOW })).key;
  await store.putPromises([pro, uptime, shipping, refund]);
  await store.putPromiseVersions([
    version(pro.id, 1, { threshold: 8, quote: 'We answer every ticket within 8 hours.' }),
    version(pro.id, 2, { validFrom: '2026-10-01T00:00:00.000Z', qualifiers: { tier: 'Pro' } }),
  ]);
  for (const w of PAST) {
    await store.putVerdicts([verdict(pro, w, 'kept', { attainment: 97 }), verdict(uptime, w, 'kept')]);
  }
  await store.putVerdicts([
    verdict(pro, LATEST, 'breached', { attainment: 80, target: 95 }),
    verdict(uptime, LATEST, 'kept', { attainment: 100, target: 100, matched: 10, alleging: 6, gap: true }),
    verdict(shipping, LATEST, 'at_risk', { attainment: 96, target: 95 }),
  ]);
  // The current week is not complete yet: it must never be the default.
  await store.putVerdicts([verdict(pro, '2026-W48', 'kept')]);
});

afterAll(async () => {
  await embedded?.close();
});

describe('keys and scopes', () => {
  it('answers /health, /openapi.json and /docs without a key', async () => {
    for (const path of ['/health', '/openapi.json', '/docs']) {
      expect((await get(path)).status, path).toBe(200);
    }
  });

  it.each([
    ['no header', undefined, 401, 'an API key is required'],
    ['a malformed key', 'not-a-key', 401, 'not valid'],
    ['an unknown key', `pg_read_${'A'.repeat(43)}`, 401, 'not valid'],
  ])('refuses %s with 401 and a JSON reason', async (_name, key, status, message) => {
    const res = await get('/v1/promises', key);
    expect(res.status).toBe(status);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expect((await res.json()).error).toContain(message);
  });

  it('lets a read key read but not ingest (403)', async () => {
    expect((await get('/v1/promises', readKey)).status).toBe(200);
    const res = await postJson('/v1/metrics', { samples: [] }, readKey);
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/read scope; write is needed/);
  });

  it('lets a write key read too', async () => {
    expect((await get('/v1/promises', writeKey)).status).toBe(200);
  });

  it('stops accepting a revoked key once the short key cache expires', async () => {
    const created = await createApiKey(store, { scope: 'read', now: () => NOW });
    const a = app();
    const call = () => a.request('/v1/promises', { headers: { authorization: `Bearer ${created.key}` } });
    expect((await call()).status).toBe(200);
    await store.revokeApiKey(created.record.id, NOW.toISOString());
    clock = new Date(NOW.getTime() + 6_000);
    try {
      const res = await call();
      expect(res.status).toBe(401);
      expect((await res.json()).error).toContain('revoked');
    } finally {
      clock = NOW;
    }
  });

  it('never writes a key into the logs', async () => {
    await get('/v1/promises?tier=pro', readKey);
    expect(JSON.stringify(logged)).not.toContain(readKey);
  });
});

describe('errors', () => {
  it('answers an unknown route with JSON 404 and the request id', async () => {
    const res = await get('/v2/nothing', readKey);
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body).toEqual({
      error: 'no route for GET /v2/nothing',
      details: [],
      requestId: res.headers.get('x-request-id'),
    });
  });

  it('echoes a caller-supplied request id and logs the request under it', async () => {
    const res = await app().request('/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
    expect(logged.some((l) => l.message === 'request' && l.attributes?.requestId === 'trace-123')).toBe(true);
  });

  it.each([
    ['a malformed window', '/v1/compliance?window=last-week', 'query.window'],
    ['an unknown category', '/v1/promises?category=speed', 'query.category'],
    ['a zero page size', '/v1/promises?limit=0', 'query.limit'],
    ['too many history windows', '/v1/compliance/p_pro?windows=500', 'query.windows'],
  ])('rejects %s with 400 and the field that is wrong', async (_name, path, field) => {
    const res = await get(path, readKey);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toBe('invalid request query');
    expect(body.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it('rejects a cursor it did not issue with 400', async () => {
    const res = await get('/v1/promises?cursor=%25%25%25', readKey);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/cursor/);
  });
});

describe('promises', () => {
  it('lists promises with their status in the latest complete week', async () => {
    const body = await (await get('/v1/promises', readKey)).json();
    const status = Object.fromEntries(
      body.items.map((p: { id: string; status: string }) => [p.id, p.status]),
    );
    expect(status).toEqual({ p_pro: 'breached', p_uptime: 'kept', p_ship: 'at_risk', p_refund: 'no_data' });
    expect(body.items[0].statusWindow).toBe(LATEST);
    expect(body.cursor).toBeUndefined();
  });

  it.each([
    ['category=uptime', ['p_uptime']],
    ['tier=pro', ['p_pro']],
    ['status=no_data', ['p_refund']],
    ['status=breached&category=response_time', ['p_pro']],
    ['source=https%3A%2F%2Fnowhere.test%2F', []],
  ])('filters by %s', async (query, ids) => {
    const body = await (await get(`/v1/promises?${query}`, readKey)).json();
    expect(body.items.map((p: { id: string }) => p.id).sort()).toEqual([...ids].sort());
  });

  it('pages through every promise exactly once with the cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const body = await (
        await get(`/v1/promises?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, readKey)
      ).json();
      seen.push(...body.items.map((p: { id: string }) => p.id));
      cursor = body.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen.sort()).toEqual(['p_pro', 'p_refund', 'p_ship', 'p_uptime']);
  });

  it('pages a status filter without skipping matches', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const body = await (
        await get(
          `/v1/promises?status=kept&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          readKey,
        )
      ).json();
      seen.push(...body.items.map((p: { id: string }) => p.id));
      cursor = body.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['p_uptime']);
  });

  it('shows a promise with its versions and what changed between them', async () => {
    const body = await (await get('/v1/promises/p_pro', readKey)).json();
    expect(body.promise).toMatchObject({ id: 'p_pro', sourceUrl: pro.sourceUrl, status: 'breached' });
    expect(body.versions).toHaveLength(2);
    expect(body.versions[1].changes).toEqual(
      expect.arrayContaining([
        { field: 'quote', before: 'We answer every ticket within 8 hours.', after: pro.quote },
        { field: 'threshold', before: 8, after: 4 },
        { field: 'qualifiers.tier', before: null, after: 'Pro' },
      ]),
    );
  });

  it('answers an unknown promise with 404', async () => {
    const res = await get('/v1/promises/p_missing', readKey);
    expect(res.status).toBe(404);
    expect((await res.json()).error).toBe('no promise with id p_missing');
  });
});

describe('compliance', () => {
  it('defaults to the latest complete week, with the evidence behind each verdict', async () => {
    const body = await (await get('/v1/compliance', readKey)).json();
    expect(body.window.id).toBe(LATEST);
    expect(body.summary).toEqual({ total: 3, kept: 1, at_risk: 1, breached: 1, no_data: 0 });
    expect(body.verdicts.map((v: { status: string }) => v.status)).toEqual(['breached', 'at_risk', 'kept']);
    const breached = body.verdicts[0];
    expect(breached.promise).toMatchObject({ quote: pro.quote, sourceUrl: pro.sourceUrl });
    expect(breached.delivery).toMatchObject({ attainment: 80, target: 95, p95: 180 });
    expect(body.verdicts[2].complaints.quotes[0].quote).toContain('Nobody answered');
  });

  it('returns an earlier week when asked, and filters by status', async () => {
    const body = await (await get('/v1/compliance?window=2026-W44&status=kept', readKey)).json();
    expect(body.window.id).toBe('2026-W44');
    expect(body.verdicts).toHaveLength(2);
    const none = await (await get('/v1/compliance?window=2026-W44&status=breached', readKey)).json();
    expect(none.summary.total).toBe(0);
  });

  it('answers a week nobody evaluated with 404', async () => {
    const res = await get('/v1/compliance?window=2025-W10', readKey);
    expect(res.status).toBe(404);
    expect((await res.json()).error).toBe('window 2025-W10 has not been evaluated');
  });

  it("returns one promise's last N verdicts, oldest first", async () => {
    const body = await (await get('/v1/compliance/p_pro?windows=3', readKey)).json();
    expect(body.verdicts.map((v: { window: { id: string } }) => v.window.id)).toEqual([
      '2026-W46',
      LATEST,
      '2026-W48',
    ]);
  });

  it('shows a re-evaluation within a second, long before the 30 s cache, and its ETag changes', async () => {
    const a = app();
    const read = async (headers: Record<string, string> = {}) =>
      a.request('/v1/compliance', { headers: { authorization: `Bearer ${readKey}`, ...headers } });
    const first = await read();
    const etag = first.headers.get('etag') ?? '';
    expect((await first.json()).summary.breached).toBe(1);
    expect((await read({ 'if-none-match': etag })).status).toBe(304);
    // A new evaluation of the same week (another process, as `promisegap evaluate` is).
    await store.putVerdicts([verdict(pro, LATEST, 'kept', { attainment: 99 })]);
    try {
      clock = new Date(NOW.getTime() + 1_100);
      const after = await read({ 'if-none-match': etag });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(etag);
      const body = await after.json();
      expect(body.summary.breached).toBe(0);
      expect(body.verdicts.find((v: { promiseId: string }) => v.promiseId === 'p_pro').status).toBe('kept');
      // The filtered views and the dashboard read the same new verdicts.
      const kept = await (
        await a.request(`/v1/compliance?status=kept`, {
          headers: { authorization: `Bearer ${readKey}` },
        })
      ).json();
      expect(kept.verdicts.map((v: { promiseId: string }) => v.promiseId)).toContain('p_pro');
    } finally {
      clock = NOW;
      await store.putVerdicts([verdict(pro, LATEST, 'breached', { attainment: 80, target: 95 })]);
    }
  });

  it('ranks gaps: breaches first, then perception gaps, then promises at risk', async () => {
    const body = await (await get('/v1/gaps', readKey)).json();
    expect(
      body.gaps.map((g: { promiseId: string; kind: string; score: number }) => [
        g.promiseId,
        g.kind,
        g.score,
      ]),
    ).toEqual([
      ['p_pro', 'delivery', 15],
      ['p_uptime', 'perception', 60],
      ['p_ship', 'at_risk', 0],
    ]);
  });
});

describe('ingestion', () => {
  const sample = (i: number) => ({
    metric: 'first_response_minutes',
    value: 10 + i,
    unit: 'minutes',
    at: `2026-11-20T10:${String(i % 60).padStart(2, '0')}:00Z`,
    dimensions: { tier: 'Pro' },
    ref: `ticket-${i}`,
  });

  it('stores samples and counts a repeat as duplicates', async () => {
    const batch = { samples: [sample(1), sample(2), sample(3)] };
    const first = await postJson('/v1/metrics', batch, writeKey);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ accepted: 3, duplicates: 0 });
    expect(await (await postJson('/v1/metrics', batch, writeKey)).json()).toEqual({
      accepted: 0,
      duplicates: 3,
    });
    const series = await store.listSeries('first_response_minutes');
    expect(series).toEqual([{ metric: 'first_response_minutes', dimensions: { tier: 'pro' } }]);
  });

  it.each([
    ['an unknown unit', { ...sample(1), unit: 'fortnights' }, 'body.samples.0.unit'],
    ['a value that is not a number', { ...sample(1), value: 'fast' }, 'body.samples.0.value'],
    ['a time without a zone', { ...sample(1), at: '2026-11-20 10:00' }, 'body.samples.0.at'],
    [
      'dimensions that are not strings',
      { ...sample(1), dimensions: { tier: 3 } },
      'body.samples.0.dimensions.tier',
    ],
    ['a time next year', { ...sample(1), at: '2027-06-01T00:00:00Z' }, 'body.samples.0.at'],
  ])('rejects a sample with %s, naming the field', async (_name, bad, field) => {
    const res = await postJson('/v1/metrics', { samples: [sample(0), bad] }, writeKey);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.details.map((d: { path: string }) => d.path.replace('samples.1', 'samples.0'))).toContain(
      field,
    );
  });

  it('rejects more than 1,000 samples in one request', async () => {
    const big = Array.from({ length: 1001 }, (_, i) => ({
      metric: 'm',
      value: i,
      unit: 'minutes',
      at: '2026-11-20T10:00:00Z',
    }));
    const res = await postJson(
      '/v1/metrics',
      { samples: big },
      writeKey,
      createApp({ store, now: () => clock, logger }),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).details[0].path).toBe('body.samples');
  });

  it.each([
    ['malformed JSON', '{"samples": [', 'application/json', 400],
    ['a form instead of JSON', 'samples=1', 'application/x-www-form-urlencoded', 415],
  ])('rejects %s', async (_name, body, type, status) => {
    const res = await app().request('/v1/metrics', {
      method: 'POST',
      headers: { 'content-type': type, authorization: `Bearer ${writeKey}` },
      body,
    });
    expect(res.status).toBe(status);
    expect((await res.json()).requestId).toBeTruthy();
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await postJson(
      '/v1/metrics',
      { samples: [{ ...sample(1), ref: 'x'.repeat(70 * 1024) }] },
      writeKey,
    );
    expect(res.status).toBe(413);
    expect((await res.json()).error).toBe('request body is larger than 65536 bytes');
  });

  it('analyses complaints on arrival and stores them with their analysis', async () => {
    const complaints = [
      { id: 'c-100', at: '2026-11-18T08:00:00Z', text: 'Support is slow, nobody replied.', channel: 'email' },
      { id: 'c-101', at: '2026-11-18T09:00:00Z', text: 'Thanks for the quick help!' },
    ];
    const res = await postJson('/v1/complaints', { complaints }, writeKey);
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0, complaints: 1 });
    const again = await postJson('/v1/complaints', { complaints: complaints.slice(0, 1) }, writeKey);
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 1, complaints: 1 });
    const stored = await store.complaintsBetween('2026-11-18T00:00:00Z', '2026-11-19T00:00:00Z');
    expect(stored.find((c) => c.id === 'c-100')?.analysis.categories).toEqual(['response_time']);
    expect(JSON.stringify(logged)).not.toContain('nobody replied');
  });

  it('says complaint ingestion is not enabled when no analyser was given', async () => {
    const res = await postJson(
      '/v1/complaints',
      { complaints: [{ id: 'x', at: '2026-11-18T08:00:00Z', text: 'slow' }] },
      writeKey,
      createApp({ store, now: () => clock, logger }),
    );
    expect(res.status).toBe(501);
    expect((await res.json()).error).toBe('complaint analysis is not enabled on this server');
  });
});

describe('digest preview', () => {
  it('previews the latest complete week as JSON, and as the HTML body alone', async () => {
    expect(await (await get('/v1/digest/preview', readKey)).json()).toEqual({
      window: LATEST,
      subject: `Promises in ${LATEST}`,
      html: `<p>${LATEST}</p>`,
      text: `digest ${LATEST}`,
    });
    const html = await get('/v1/digest/preview?window=2026-W44&format=html', readKey);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await html.text()).toBe('<p>2026-W44</p>');
  });
});

describe('OpenAPI', () => {
  it('documents every route from the schemas that validate them', async () => {
    const doc = await (await get('/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/health',
        '/v1/promises',
        '/v1/promises/{id}',
        '/v1/compliance',
        '/v1/compliance/{promiseId}',
        '/v1/gaps',
        '/v1/metrics',
        '/v1/complaints',
        '/v1/digest/preview',
      ]),
    );
    const sampleUnit = doc.components.schemas.MetricsBatch.properties.samples.items.properties.unit;
    expect(sampleUnit.enum).toContain('business_days');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('renders a readable docs page listing the routes', async () => {
    const html = await (await get('/docs')).text();
    expect(html).toContain('/v1/compliance');
    expect(html).toContain('Ingest metric samples');
  });
});

describe('serving a window', () => {
  it('sends the window gzipped when the client accepts it, and 304 when it already has it', async () => {
    const a = app();
    const plain = await a.request('/v1/compliance', { headers: { authorization: `Bearer ${readKey}` } });
    const etag = plain.headers.get('etag') ?? '';
    const expected = await plain.json();
    const zipped = await a.request('/v1/compliance', {
      headers: { authorization: `Bearer ${readKey}`, 'accept-encoding': 'br, gzip;q=0.8' },
    });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const body = zipped.body?.pipeThrough(new DecompressionStream('gzip'));
    expect(await new Response(body).json()).toEqual(expected);
    const again = await a.request('/v1/compliance', {
      headers: { authorization: `Bearer ${readKey}`, 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    const refused = await a.request('/v1/compliance', {
      headers: { authorization: `Bearer ${readKey}`, 'accept-encoding': 'gzip;q=0' },
    });
    expect(refused.headers.get('content-encoding')).toBeNull();
  });

  it('sends brotli once it is compressed (gzip meanwhile), with an ETag of its own', async () => {
    const a = app();
    const headers = { authorization: `Bearer ${readKey}`, 'accept-encoding': 'gzip, deflate, br' };
    const plain = await a.request('/v1/compliance', { headers: { authorization: `Bearer ${readKey}` } });
    const expected = await plain.json();
    let res = await a.request('/v1/compliance', { headers });
    for (let i = 0; i < 200 && res.headers.get('content-encoding') !== 'br'; i++) {
      expect(res.headers.get('content-encoding')).toBe('gzip');
      await new Promise((r) => setTimeout(r, 10));
      res = await a.request('/v1/compliance', { headers });
    }
    expect(res.headers.get('content-encoding')).toBe('br');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(JSON.parse(brotliDecompressSync(bytes).toString('utf8'))).toEqual(expected);
    const etag = res.headers.get('etag') ?? '';
    expect(etag).not.toBe(plain.headers.get('etag'));
    expect(
      (await a.request('/v1/compliance', { headers: { ...headers, 'if-none-match': etag } })).status,
    ).toBe(304);
    // The identity body's validator does not stand for the brotli bytes.
    const other = await a.request('/v1/compliance', {
      headers: { ...headers, 'if-none-match': plain.headers.get('etag') ?? '' },
    });
    expect(other.status).toBe(200);
  });
});
