// POST /v1/metrics in the ingest worker pool (what `promisegap serve` uses) against a real embedded
// store: the same answers and the same stored rollups as the in-process route (what the Lambda API
// runs) for generated bodies good and bad, the event loop free while a maximal request is merged,
// a bounded queue that refuses with 503 + Retry-After and stores nothing of what it refused,
// concurrent overlapping requests stored exactly once, and a close that lets running work finish.
// Time limits are generous: pool threads run at a lower priority (background-thread.mjs), so on a
// machine busy with other work they are what slows down.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../packages/api/index.ts';
import { createIngestPool, IngestBusyError, type IngestPool } from '../../packages/api/ingest-pool.ts';
import { type Logger, type Store, silentLogger } from '../../packages/core/index.ts';
import { createApiKey } from '../../packages/keys/index.ts';
import { type EmbeddedStore, openEmbeddedStore, TABLE_SCHEMA } from '../../packages/store/index.ts';
import { isErrorBody, NOW } from './api-harness.ts';

const work = mkdtempSync(join(tmpdir(), 'pg-ingest-pool-'));
const stores: EmbeddedStore[] = [];
const pools: IngestPool[] = [];

const openStore = async (name: string) => {
  const embedded = await openEmbeddedStore({ dataDir: join(work, name), now: () => NOW });
  stores.push(embedded);
  return embedded;
};

const poolFor = (embedded: EmbeddedStore, options: { threads?: number; maxQueued?: number } = {}) => {
  const pool = createIngestPool({
    endpoint: embedded.endpoint,
    ...(embedded.token ? { token: embedded.token } : {}),
    tableName: TABLE_SCHEMA.tableName,
    ...options,
  });
  pools.push(pool);
  return pool;
};

const errors: Record<string, unknown>[] = [];
const logger: Logger = { ...silentLogger, error: (_m, attributes) => errors.push(attributes ?? {}) };

const apiOver = async (store: Store, pool?: IngestPool) => {
  const { key } = await createApiKey(store, { scope: 'write', now: () => NOW });
  const app = createApp({ store, now: () => NOW, logger, ...(pool ? { sampleIngester: pool } : {}) });
  return (body?: string, contentType: string | undefined = 'application/json') =>
    app.request('/v1/metrics', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, ...(contentType ? { 'content-type': contentType } : {}) },
      ...(body === undefined ? {} : { body }),
    });
};

/** Status and body of a response, without the request id (which differs by construction). */
const answer = async (res: Response) => {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  if (body && typeof body === 'object' && 'requestId' in body) {
    expect(isErrorBody(body)).toBe(true);
    const { requestId: _, ...rest } = body as Record<string, unknown>;
    body = rest;
  }
  return { status: res.status, body, retryAfter: res.headers.get('retry-after') };
};

/** Every rollup the store holds for these metrics, in one order. */
const rollups = async (store: Store, metrics: Iterable<string>) => {
  const out: string[] = [];
  for (const metric of metrics) {
    for (const series of await store.listSeries(metric)) {
      for (const r of await store.rollupsFor(series, '2026-10-01T00:00:00Z', '2026-12-31T00:00:00Z')) {
        out.push(JSON.stringify([r.series, r.hour, r.unit, r.count, r.sum, r.min, r.max]));
      }
    }
  }
  return out.sort();
};

const countStored = async (store: Store, metric: string) =>
  (await rollups(store, [metric])).reduce((n, r) => n + ((JSON.parse(r) as number[])[3] ?? 0), 0);

/** A maximal request: 1,000 samples (the most one may carry) of one series, `offset` apart from others. */
const maximalBody = (metric: string, from: number, count = 1000) =>
  JSON.stringify({
    samples: Array.from({ length: count }, (_, j) => {
      const i = from + j;
      return {
        metric,
        value: (i * 37) % 900,
        unit: 'minutes',
        at: new Date(Date.UTC(2026, 10, 16) + (i % 10_080) * 60_000).toISOString(),
        dimensions: { tier: ['starter', 'pro', 'enterprise'][i % 3] },
        ref: `sample-${i}`,
      };
    }),
  });

// ----------------------------------------------------------------- generated bodies

const METRICS = ['first_response', 'Resolution.Time', 'bad metric!', '', 'uptime'];
const metric = fc.constantFrom(...METRICS);
const value = fc.oneof(
  fc.integer({ min: 0, max: 5000 }),
  fc.double({ noNaN: false }),
  fc.constantFrom('1,500', -1, null, 99.5, 100.5),
);
const unit = fc.constantFrom('minutes', 'hours', 'percent', 'days', '', 'constructor');
const at = fc.oneof(
  fc
    .integer({ min: 0, max: 14 * 24 * 60 })
    .map((m) => new Date(Date.UTC(2026, 10, 14) + m * 60_000).toISOString()),
  fc.constantFrom(
    '1999-12-31T23:59:59Z',
    '2026-02-30T10:00:00Z',
    'tuesday',
    '2026-11-20T10:00:00+25:00',
    '2026-11-20T11:00:00+01:00',
    '2030-01-01T00:00:00Z',
  ),
);
const dimensions = fc
  .array(
    fc.tuple(
      fc.constantFrom('tier', 'Region', '__proto__', 'constructor', 'a=b', '', 'priority'),
      fc.constantFrom('gold', 'EU', 'eu,tier=gold', '', 'x'.repeat(201)),
    ),
    { maxLength: 3 },
  )
  .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);
const sample = fc
  .record({ metric, value, unit, at, dimensions, ref: fc.option(fc.constantFrom('t-1', 't-2', 't-3')) })
  .map(
    (s) =>
      `{"metric":${JSON.stringify(s.metric)},"value":${JSON.stringify(s.value) ?? 'null'},"unit":${JSON.stringify(s.unit)},` +
      `"at":${JSON.stringify(s.at)},"dimensions":${s.dimensions}${s.ref === null ? '' : `,"ref":${JSON.stringify(s.ref)}`}}`,
  );
/** Mostly valid samples (so most requests store something), some of them invalid. */
const body = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.array(sample, { minLength: 1, maxLength: 8 }).map((s) => `{"samples":[${s.join(',')}]}`),
  },
  {
    weight: 3,
    arbitrary: fc
      .array(
        fc.record({
          metric: fc.constantFrom('first_response', 'uptime'),
          value: fc.integer({ min: 0, max: 3000 }),
          // Up to two days past NOW: some requests are refused only for a sample a day ahead.
          at: fc.integer({ min: 0, max: 11 * 24 * 60 }),
          tier: fc.constantFrom('gold', 'Silver'),
        }),
        { minLength: 1, maxLength: 12 },
      )
      .map(
        (xs) =>
          `{"samples":[${xs
            .map(
              (x) =>
                `{"metric":"${x.metric}","value":${x.value % (x.metric === 'uptime' ? 101 : 3001)},"unit":"${x.metric === 'uptime' ? 'percent' : 'minutes'}",` +
                `"at":"${new Date(Date.UTC(2026, 10, 16) + x.at * 60_000).toISOString()}","dimensions":{"tier":"${x.tier}"}}`,
            )
            .join(',')}]}`,
      ),
  },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom('{"samples":[]}', '{"samples":', '[]', 'null', '{"samples":{}}') },
);

const BODY_RUNS = 300;

let inProcess: Awaited<ReturnType<typeof apiOver>>;
let pooled: Awaited<ReturnType<typeof apiOver>>;
let direct: EmbeddedStore;
let viaPool: EmbeddedStore;

beforeAll(async () => {
  direct = await openStore('in-process');
  viaPool = await openStore('pool');
  inProcess = await apiOver(direct.store);
  pooled = await apiOver(viaPool.store, poolFor(viaPool, { threads: 2 }));
}, 60_000);

afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  await Promise.all(stores.map((s) => s.close()));
  rmSync(work, { recursive: true, force: true });
}, 60_000);

describe('POST /v1/metrics in the ingest pool', () => {
  it(`answers ${BODY_RUNS} generated bodies exactly as the in-process route, and stores the same rollups`, async () => {
    const bodies = fc.sample(body, { numRuns: BODY_RUNS, seed: 18 });
    let stored = 0;
    let refused = 0;
    for (const text of bodies) {
      const a = await answer(await inProcess(text));
      const b = await answer(await pooled(text));
      expect(b, text).toEqual(a);
      if (a.status === 200) stored += 1;
      else refused += 1;
    }
    // Both kinds were exercised, and no request failed inside.
    expect(stored).toBeGreaterThan(BODY_RUNS / 4);
    expect(refused).toBeGreaterThan(BODY_RUNS / 4);
    expect(errors).toEqual([]);
    const metrics = METRICS.map((m) => m.toLowerCase());
    const expected = await rollups(direct.store, metrics);
    expect(expected.length).toBeGreaterThan(50);
    expect(await rollups(viaPool.store, metrics)).toEqual(expected);
  }, 360_000);

  it('answers what is not a JSON body the same way: wrong or missing content type, malformed JSON, no body', async () => {
    const cases: [string | undefined, string | undefined][] = [
      [maximalBody('edge', 0, 2), undefined],
      [maximalBody('edge', 0, 2), 'text/plain'],
      [maximalBody('edge', 0, 2), 'application/json; charset=utf-8'],
      ['{"samples":[{"metric":', 'application/json'],
      ['{"samples":[{"metric":"m","__proto__":1}]}', 'application/json'],
      [undefined, undefined],
      [undefined, 'application/json'],
      ['\ufeff{"samples":[]}', 'application/json'],
    ];
    for (const [text, type] of cases) {
      const a = await answer(await inProcess(text, type));
      const b = await answer(await pooled(text, type));
      expect(b, `${type}: ${text?.slice(0, 40)}`).toEqual(a);
    }
    expect(await countStored(viaPool.store, 'edge')).toBe(await countStored(direct.store, 'edge'));
  }, 60_000);

  it('answers /health while a maximal request is merged in a thread', async () => {
    const embedded = await openStore('health');
    const pool = poolFor(embedded, { threads: 1 });
    await pool.warm();
    const { key } = await createApiKey(embedded.store, { scope: 'write', now: () => NOW });
    const app = createApp({ store: embedded.store, now: () => NOW, logger, sampleIngester: pool });
    let postDone = 0;
    const post = Promise.resolve(
      app.request('/v1/metrics', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: maximalBody('busy', 0),
      }),
    ).then((res) => {
      postDone = performance.now();
      return res;
    });
    while (pool.stats().running === 0) await new Promise((r) => setTimeout(r, 1));
    const health = await app.request('/health');
    const healthDone = performance.now();
    expect(health.status).toBe(200);
    const res = await post;
    expect(await res.json()).toEqual({ accepted: 1000, duplicates: 0 });
    expect(healthDone).toBeLessThan(postDone);
  }, 120_000);

  it('refuses work beyond its queue with a 503 and Retry-After, stores nothing of it, and takes it when sent again', async () => {
    const embedded = await openStore('busy');
    const pool = poolFor(embedded, { threads: 1, maxQueued: 1 });
    const send = await apiOver(embedded.store, pool);
    const first = send(maximalBody('queued', 0));
    const second = send(maximalBody('queued', 1000));
    while (pool.stats().running + pool.stats().queued < 2) await new Promise((r) => setTimeout(r, 1));
    const third = await send(maximalBody('queued', 2000));
    expect(third.status).toBe(503);
    const retryAfter = Number(third.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
    const error = (await third.json()) as { error: string };
    expect(isErrorBody(error)).toBe(true);
    expect(error.error).toMatch(/busy.*nothing was stored, try again in \d+ s/);
    expect(await (await first).json()).toEqual({ accepted: 1000, duplicates: 0 });
    expect(await (await second).json()).toEqual({ accepted: 1000, duplicates: 0 });
    expect(await countStored(embedded.store, 'queued')).toBe(2000);
    // Sent again once there is room: stored, once.
    expect(await (await send(maximalBody('queued', 2000))).json()).toEqual({ accepted: 1000, duplicates: 0 });
    expect(await countStored(embedded.store, 'queued')).toBe(3000);
    expect(new IngestBusyError(4, 2).message).toMatch(/try again in 4 s/);
  }, 180_000);

  it('stores overlapping requests sent at once through two threads exactly once', async () => {
    const embedded = await openStore('overlap');
    const send = await apiOver(embedded.store, poolFor(embedded, { threads: 2, maxQueued: 8 }));
    // Six requests over samples 0..1999, each sample in two or three of them, the same weeks.
    const ranges = [0, 500, 1000, 0, 250, 1000];
    const answers = await Promise.all(
      ranges.map(async (from) => (await send(maximalBody('overlap', from))).json()),
    );
    const accepted = answers.reduce((n, a) => n + (a as { accepted: number }).accepted, 0);
    const duplicates = answers.reduce((n, a) => n + (a as { duplicates: number }).duplicates, 0);
    expect(accepted).toBe(2000);
    expect(accepted + duplicates).toBe(6000);
    expect(await countStored(embedded.store, 'overlap')).toBe(2000);
  }, 240_000);

  it('lets a running request finish on close, and refuses requests after it', async () => {
    const embedded = await openStore('close');
    const pool = poolFor(embedded, { threads: 1 });
    const send = await apiOver(embedded.store, pool);
    // Not maximal: a merge of 200 samples finishes well within the drain even on a loaded machine.
    const running = send(maximalBody('closing', 0, 200));
    while (pool.stats().running === 0) await new Promise((r) => setTimeout(r, 1));
    await pool.close();
    expect(await (await running).json()).toEqual({ accepted: 200, duplicates: 0 });
    expect(pool.stats()).toEqual({ threads: 0, running: 0, queued: 0 });
    const after = await send(maximalBody('closing', 1000));
    expect(after.status).toBe(503);
    expect(((await after.json()) as { error: string }).error).toMatch(
      /not available: the server is stopping/,
    );
    expect(await countStored(embedded.store, 'closing')).toBe(200);
  }, 60_000);

  it('answers a store that cannot be reached with a generic 500 that leaks nothing', async () => {
    const embedded = await openStore('unreachable');
    // A port nothing listens on: every write fails after the client's retries.
    const pool = createIngestPool({
      endpoint: 'http://127.0.0.1:9',
      tableName: TABLE_SCHEMA.tableName,
      threads: 1,
    });
    pools.push(pool);
    const send = await apiOver(embedded.store, pool);
    const before = errors.length;
    const res = await send(maximalBody('nowhere', 0, 3));
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: string };
    expect(isErrorBody(body)).toBe(true);
    expect(body.error).toBe('internal error; quote the request id when reporting it');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|ECONNREFUSED|127\.0\.0\.1/);
    expect(errors.length).toBe(before + 1);
    errors.splice(before);
  }, 60_000);
});
