import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricSample, ServicePromise, Store, Verdict } from '../../../packages/core/index.ts';
import { sha256Hex, weekWindow } from '../../../packages/core/index.ts';
import { summarise } from '../../../packages/rollups/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';

let embedded: EmbeddedStore;
let store: Store;

beforeAll(async () => {
  embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  store = embedded.store;
});
afterAll(async () => {
  await embedded?.close();
});

const promise = (id: string, overrides: Partial<ServicePromise> = {}): ServicePromise => ({
  id,
  sourceUrl: 'http://127.0.0.1/sla',
  sourceKind: 'sla',
  quote: 'We reply within 1 hour.',
  category: 'response_time',
  metric: 'first_response_time',
  operator: '<=',
  threshold: 1,
  unit: 'hours',
  qualifiers: {},
  confidence: 0.9,
  meaningHash: 'm',
  firstSeen: '2026-11-01T00:00:00.000Z',
  lastSeen: '2026-11-01T00:00:00.000Z',
  ...overrides,
});

describe('the DynamoDB store on the embedded dynalite', () => {
  it('keeps a page larger than one item, and says when the same content comes again', async () => {
    const body = new Uint8Array(randomBytes(900_000)); // incompressible: needs several chunks
    const snapshot = {
      url: 'http://127.0.0.1/big',
      sourceKind: 'marketing' as const,
      fetchedAt: '2026-11-20T10:00:00.000Z',
      status: 200,
      contentType: 'text/html',
      contentHash: sha256Hex(body),
      etag: '"v1"',
      body,
    };
    expect((await store.putSnapshot(snapshot)).stored).toBe(true);
    const again = await store.putSnapshot({ ...snapshot, fetchedAt: '2026-11-21T10:00:00.000Z' });
    expect(again.stored).toBe(false);
    const read = await store.getLatestSnapshot(snapshot.url);
    expect(read && Buffer.from(read.body).equals(Buffer.from(body))).toBe(true);
    expect((await store.getSnapshotMeta(snapshot.url))?.etag).toBe('"v1"');

    const changed = new TextEncoder().encode('<p>new</p>');
    const result = await store.putSnapshot({
      ...snapshot,
      body: changed,
      contentHash: sha256Hex(changed),
      etag: '"v2"',
    });
    expect(result.previous?.contentHash).toBe(snapshot.contentHash);
  });

  it('pages through promises with filters applied before the page is cut', async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      promise(`p${String(i).padStart(2, '0')}`, { qualifiers: { tier: i % 3 === 0 ? 'Pro' : 'Starter' } }),
    );
    await store.putPromises(many);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listPromises({ tier: 'pro', limit: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((p) => p.id));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toHaveLength(10);
    expect((await store.listPromisesBySource('http://127.0.0.1/sla')).length).toBeGreaterThanOrEqual(30);
    await expect(store.listPromises({ cursor: 'not-a-cursor' })).rejects.toThrow(/cursor/);
  });

  it('stores nothing twice when the same samples are ingested again, even concurrently', async () => {
    const samples: MetricSample[] = Array.from({ length: 500 }, (_, i) => ({
      metric: 'first_response_time',
      value: (i % 50) + 1,
      unit: 'minutes',
      at: new Date(Date.UTC(2026, 10, 16, 9 + (i % 8), i % 60)).toISOString(),
      dimensions: { tier: 'Pro', priority: i % 2 ? 'high' : 'normal' },
      ref: `tickets.csv:${i + 2}`,
    }));
    const [a, b] = await Promise.all([store.ingestSamples(samples), store.ingestSamples(samples)]);
    expect((a?.accepted ?? 0) + (b?.accepted ?? 0)).toBe(500);
    const again = await store.ingestSamples(samples);
    expect(again).toEqual({ accepted: 0, duplicates: 500 });

    const series = await store.listSeries('first_response_time');
    expect(series).toHaveLength(2);
    const week = weekWindow('2026-W47');
    const rollups = (await Promise.all(series.map((s) => store.rollupsFor(s, week.start, week.end)))).flat();
    expect(summarise(rollups)?.count).toBe(500);
    // Only hours inside the window are read.
    const none = await store.rollupsFor(
      series[0] ?? { metric: '', dimensions: {} },
      weekWindow('2026-W48').start,
      weekWindow('2026-W48').end,
    );
    expect(none).toHaveLength(0);
  });

  it('finds complaints by time and keeps one per id', async () => {
    const complaint = (id: string, at: string) => ({
      id,
      at,
      text: 'still waiting',
      dimensions: {},
      analysis: { isComplaint: true, categories: ['response_time' as const], durations: [], sentiment: -2 },
    });
    const first = await store.putComplaints([
      complaint('c1', '2026-11-16T10:00:00Z'),
      complaint('c2', '2026-11-22T23:59:00Z'),
    ]);
    expect(first).toEqual({ accepted: 2, duplicates: 0 });
    expect(await store.putComplaints([complaint('c1', '2026-11-16T10:00:00Z')])).toEqual({
      accepted: 0,
      duplicates: 1,
    });
    await store.putComplaints([complaint('c3', '2026-11-23T00:00:00Z')]);
    const week = weekWindow('2026-W47');
    expect((await store.complaintsBetween(week.start, week.end)).map((c) => c.id).sort()).toEqual([
      'c1',
      'c2',
    ]);
  });

  it('claims a digest send once per recipient and week, and allows a retry only after a failure', async () => {
    expect(await store.claimDigestSend('2026-W47', 'Lead@brand.example', '2026-11-23T07:00:00Z')).toBe(true);
    expect(await store.claimDigestSend('2026-W47', 'lead@brand.example', '2026-11-23T07:01:00Z')).toBe(false);
    await store.recordDigestSend({
      windowId: '2026-W47',
      recipient: 'lead@brand.example',
      state: 'failed',
      at: 'x',
    });
    expect(await store.claimDigestSend('2026-W47', 'lead@brand.example', '2026-11-23T07:02:00Z')).toBe(true);
  });

  it('returns a promise verdict history oldest first, limited to the last N windows', async () => {
    const verdict = (week: string): Verdict => ({
      promiseId: 'p00',
      window: weekWindow(week),
      status: 'kept',
      reason: 'within target',
      promise: {
        quote: 'q',
        sourceUrl: 's',
        seenAt: 'x',
        category: 'response_time',
        operator: '<=',
        threshold: 1,
        unit: 'hours',
        qualifiers: {},
        version: 1,
      },
      delivery: null,
      complaints: null,
      trend: null,
      rules: '',
      evaluatedAt: '2026-11-23T00:00:00Z',
    });
    for (const w of ['2026-W44', '2026-W45', '2026-W46', '2026-W47']) await store.putVerdicts([verdict(w)]);
    expect((await store.verdictHistory('p00', 3)).map((v) => v.window.id)).toEqual([
      '2026-W45',
      '2026-W46',
      '2026-W47',
    ]);
    expect(await store.listWindows()).toEqual(['2026-W44', '2026-W45', '2026-W46', '2026-W47']);
  });

  it('revokes API keys by id and finds them by hash', async () => {
    await store.putApiKey({ id: 'k1', hash: 'h1', scope: 'read', createdAt: 'now' });
    expect((await store.getApiKeyByHash('h1'))?.scope).toBe('read');
    expect(await store.revokeApiKey('k1', 'later')).toBe(true);
    expect((await store.getApiKeyByHash('h1'))?.revokedAt).toBe('later');
    expect(await store.revokeApiKey('k1', 'later')).toBe(false);
  });
});

describe('a busy hour split over several rollup items', () => {
  it('counts every sample once across parts, batch after batch', async () => {
    const { createDynamoStore, TABLE_SCHEMA } = await import('../../../packages/store/index.ts');
    const small = createDynamoStore({
      client: embedded.client,
      tableName: TABLE_SCHEMA.tableName,
      idsPerRollupPart: 3,
    });
    const samples: MetricSample[] = Array.from({ length: 10 }, (_, i) => ({
      metric: 'resolution_time',
      value: i + 1,
      unit: 'minutes',
      at: `2026-11-17T10:${String(i).padStart(2, '0')}:00.000Z`,
      dimensions: { tier: 'enterprise' },
    }));
    for (const batch of [samples.slice(0, 2), samples.slice(2, 5), samples.slice(5, 9), samples.slice(9)]) {
      await small.ingestSamples(batch);
    }
    expect(await small.ingestSamples(samples)).toEqual({ accepted: 0, duplicates: 10 });
    const rollups = await small.rollupsFor(
      { metric: 'resolution_time', dimensions: { tier: 'enterprise' } },
      '2026-11-17T00:00:00.000Z',
      '2026-11-18T00:00:00.000Z',
    );
    expect(rollups.length).toBeGreaterThan(1);
    expect(summarise(rollups)?.count).toBe(10);
    expect(summarise(rollups)?.max).toBe(10);
  });
});

describe('week items of the older plain form', () => {
  it('reads a week whose hours are a plain JSON string, stores new samples deflated, and counts both', async () => {
    const { GetCommand, PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const { TABLE_SCHEMA } = await import('../../../packages/store/index.ts');
    const first: MetricSample = {
      metric: 'legacy_wait',
      value: 12,
      unit: 'minutes',
      at: '2026-11-17T09:15:00.000Z',
      dimensions: { tier: 'gold' },
      ref: 'ticket 7',
      key: 'ticket 7',
    };
    await store.ingestSamples([first]);
    const key = { pk: 'SERIES#legacy_wait{tier=gold}', sk: 'W#2026-11-16#000' };
    const item = (await embedded.client.send(new GetCommand({ TableName: TABLE_SCHEMA.tableName, Key: key })))
      .Item as Record<string, unknown> & { data: Record<string, unknown> };
    expect(item.data.hoursZ).toBeInstanceOf(Uint8Array);
    expect(item.data.hours).toBeUndefined();
    // The same week as an older version wrote it: the hours as one plain JSON string.
    const { hoursZ: _, ...data } = item.data;
    const plain = {
      '2026-11-17T09': {
        count: 1,
        sum: 12,
        min: 12,
        max: 12,
        sketch: '',
        worst: [{ value: 12, at: first.at, ref: 'ticket 7' }],
      },
    };
    await embedded.client.send(
      new PutCommand({
        TableName: TABLE_SCHEMA.tableName,
        Item: { ...item, data: { ...data, hours: JSON.stringify(plain) } },
      }),
    );
    const second = { ...first, value: 30, at: '2026-11-17T09:45:00.000Z', ref: 'ticket 8', key: 'ticket 8' };
    expect(await store.ingestSamples([first, second])).toEqual({ accepted: 1, duplicates: 1 });
    const rollups = await store.rollupsFor(
      { metric: 'legacy_wait', dimensions: { tier: 'gold' } },
      '2026-11-17T00:00:00.000Z',
      '2026-11-18T00:00:00.000Z',
    );
    expect(summarise(rollups)).toMatchObject({ count: 2, sum: 42, max: 30 });
  });
});

describe('the embedded store on disk', () => {
  it('persists between openings and refuses a second process on the same folder with a clear error', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { spawn } = await import('node:child_process');
    const dir = mkdtempSync(join(tmpdir(), 'promisegap-store-'));
    const first = await openEmbeddedStore({ dataDir: dir });
    await first.store.putApiKey({ id: 'k-disk', hash: 'h-disk', scope: 'write', createdAt: 'now' });
    await first.close();
    const second = await openEmbeddedStore({ dataDir: dir });
    expect((await second.store.getApiKeyByHash('h-disk'))?.id).toBe('k-disk');
    await second.close();

    // Another live process holds the folder: pretend by writing its pid.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    try {
      writeFileSync(join(dir, 'promisegap.pid'), String(other.pid));
      await expect(openEmbeddedStore({ dataDir: dir })).rejects.toThrow(
        /in use by another promisegap process/,
      );
    } finally {
      other.kill();
    }
  });
});
