// The import worker against the embedded store (dynalite), with S3 mocked by aws-sdk-client-mock:
// a bucket of objects held in memory, so reports can be read back.

import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createS3ImportBucket } from '../../../functions/import/s3-bucket.ts';
import { createBusinessCalendar } from '../../../packages/calendar/index.ts';
import { type MetricSample, type Store, silentLogger } from '../../../packages/core/index.ts';
import {
  importMetricStream,
  makeImportHandler,
  type ObjectImportReport,
  reportKeyOf,
} from '../../../packages/pipeline/index.ts';
import { mergeIntoRollup, summarise } from '../../../packages/rollups/index.ts';
import { createImportLedger } from '../../../packages/store/import-ledger.ts';
import { type EmbeddedStore, openEmbeddedStore, TABLE_SCHEMA } from '../../../packages/store/index.ts';

const BUCKET = 'promisegap-imports-test';
const calendar = createBusinessCalendar({
  timezone: 'UTC',
  hours: {
    mon: ['09:00', '17:00'],
    tue: ['09:00', '17:00'],
    wed: ['09:00', '17:00'],
    thu: ['09:00', '17:00'],
    fri: ['09:00', '17:00'],
    sat: null,
    sun: null,
  },
  holidays: [],
});
const now = () => new Date('2026-12-01T12:00:00Z');

const s3 = mockClient(S3Client);
const objects = new Map<string, { body: string; etag: string; metadata?: Record<string, string> }>();
const bodyOf = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  return {
    async *[Symbol.asyncIterator]() {
      // Small chunks, so rows and characters are split across them as in a real stream.
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
    },
    transformToString: async () => text,
  };
};

const tickets = (ids: number[], extra: string[] = []) =>
  [
    'Id,Created at,First reply at,Solved at,Priority,Plan',
    ...ids.map((id) => `${id},2026-11-24 10:00,2026-11-24 10:30,2026-11-24 12:00,High,Pro`),
    ...extra,
  ].join('\n');

const event = (key: string, etag: string, messageId = `m-${key}-${etag}`) => ({
  Records: [
    {
      messageId,
      body: JSON.stringify({
        Records: [
          {
            eventName: 'ObjectCreated:Put',
            s3: {
              bucket: { name: BUCKET },
              object: { key: encodeURIComponent(key).replace(/%20/g, '+'), eTag: etag },
            },
          },
        ],
      }),
    },
  ],
});

const report = (key: string): ObjectImportReport =>
  JSON.parse(objects.get(reportKeyOf(key))?.body ?? '{}') as ObjectImportReport;

const countStored = async (store: Store, metric: string): Promise<number> => {
  let n = 0;
  for (const series of await store.listSeries(metric)) {
    for (const r of await store.rollupsFor(series, '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z'))
      n += r.count;
  }
  return n;
};

describe('the import worker', () => {
  let embedded: EmbeddedStore;
  let handler: ReturnType<typeof makeImportHandler>;

  beforeAll(async () => {
    embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  });
  afterAll(async () => {
    s3.restore();
    await embedded.close();
  });
  beforeEach(() => {
    s3.reset();
    s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
      const o = objects.get(input.Key);
      if (!o) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });
      return {
        Body: bodyOf(o.body),
        ETag: `"${o.etag}"`,
        ContentLength: o.body.length,
        Metadata: o.metadata ?? {},
      };
    });
    s3.on(PutObjectCommand).callsFake((input: { Key: string; Body: string }) => {
      objects.set(input.Key, { body: input.Body, etag: 'report' });
      return {};
    });
    handler = makeImportHandler({
      store: embedded.store,
      bucket: createS3ImportBucket(new S3Client({ region: 'eu-west-1' })),
      calendar,
      now,
      logger: silentLogger,
      mappings: { tickets: { tier: 'Plan' } },
    });
  });

  it('imports a ticket export put under imports/tickets/ and writes its report beside it', async () => {
    const key = 'imports/tickets/week 47.csv';
    objects.set(key, {
      body: tickets([1, 2, 3], ['4,yesterday,,,High,Pro', '5,2099-01-01 10:00,,,High,Pro']),
      etag: 'a1',
    });
    expect(await handler(event(key, 'a1'))).toEqual({ batchItemFailures: [] });
    expect(report(key)).toMatchObject({
      bucket: BUCKET,
      key,
      etag: 'a1',
      kind: 'tickets',
      rowsRead: 5,
      stored: 12,
      alreadyStored: 0,
      rejectedCount: 2,
      rejected: [
        { line: 5, reason: expect.stringMatching(/ticket 4: malformed date/) },
        { line: 6, reason: expect.stringMatching(/future/) },
      ],
    });
    expect(await countStored(embedded.store, 'first_response_time')).toBe(3);
    const [series] = await embedded.store.listSeries('first_response_time');
    expect(series?.dimensions).toEqual({ priority: 'high', tier: 'pro' });
  });

  it('stores nothing twice when the same file is put again, and says so in the report', async () => {
    const key = 'imports/tickets/again.csv';
    objects.set(key, { body: tickets([10, 11]), etag: 'b1' });
    await handler(event(key, 'b1'));
    objects.set(key, { body: tickets([10, 11]), etag: 'b2' });
    await handler(event(key, 'b2'));
    expect(report(key)).toMatchObject({ etag: 'b2', stored: 0, alreadyStored: 8 });
  });

  it('skips an event delivered again for an object it already reported', async () => {
    const key = 'imports/samples/uptime.csv';
    objects.set(key, { body: 'metric,value,unit,at\nuptime,99.9,percent,2026-11-20\n', etag: 'c1' });
    await handler(event(key, 'c1', 'first'));
    const first = report(key);
    const gets = s3.commandCalls(GetObjectCommand).length;
    await handler(event(key, 'c1', 'second'));
    expect(report(key)).toEqual(first);
    // Only the report was read the second time, not the file.
    expect(s3.commandCalls(GetObjectCommand).length).toBe(gets + 1);
  });

  it('reports a file it cannot read as its kind, without a retry', async () => {
    const key = 'imports/tickets/not-tickets.csv';
    objects.set(key, { body: 'Name,Colour,Plan\nx,y,Pro\n', etag: 'd1' });
    expect(await handler(event(key, 'd1'))).toEqual({ batchItemFailures: [] });
    expect(report(key)).toMatchObject({ failure: expect.stringMatching(/no ticket id column/), stored: 0 });
  });

  it('hands a message back to the queue when the store fails, so it is retried and dead-lettered', async () => {
    const failing = makeImportHandler({
      store: {
        ...embedded.store,
        ingestSamples: async () => {
          throw new Error('ProvisionedThroughputExceededException');
        },
      },
      bucket: createS3ImportBucket(new S3Client({ region: 'eu-west-1' })),
      calendar,
      now,
      logger: silentLogger,
    });
    const key = 'imports/tickets/throttled.csv';
    objects.set(key, { body: tickets([20]), etag: 'e1' });
    expect(await failing(event(key, 'e1', 'throttled'))).toEqual({
      batchItemFailures: [{ itemIdentifier: 'throttled' }],
    });
    expect(objects.has(reportKeyOf(key))).toBe(false);
  });

  it('ignores objects outside the import prefixes, such as its own reports', async () => {
    expect(await handler(event('imports/reports/x.csv.json', 'f1'))).toEqual({ batchItemFailures: [] });
    expect(await handler(event('elsewhere/x.csv', 'f2'))).toEqual({ batchItemFailures: [] });
  });

  it('stores each sample exactly once when an import dies mid-way and is run again', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => 1000 + i);
    const text = tickets(ids).replace(/2026-11-24/g, '2026-11-17');
    let calls = 0;
    const dying: Store = {
      ...embedded.store,
      ingestSamples: async (batch: MetricSample[]) => {
        calls += 1;
        if (calls === 3) throw new Error('the process was killed');
        return embedded.store.ingestSamples(batch);
      },
    };
    const spec = { file: 'k.csv', format: 'tickets' as const, mapping: { tier: 'Plan' } };
    await expect(
      importMetricStream({ store: dying, calendar, now, chunkSamples: 100 }, spec, text),
    ).rejects.toThrow(/killed/);
    const again = await importMetricStream(
      { store: embedded.store, calendar, now, chunkSamples: 100 },
      spec,
      text,
    );
    expect(again.accepted + again.duplicates).toBe(480);
    let n = 0;
    for (const series of await embedded.store.listSeries('resolution_time')) {
      if (series.dimensions.tier !== 'pro') continue;
      for (const r of await embedded.store.rollupsFor(series, '2026-11-16T00:00:00Z', '2026-11-23T00:00:00Z'))
        n += r.count;
    }
    expect(n).toBe(120);
  });

  it('writes each week of a file in time order once, holding at most the chunk in memory', async () => {
    // Six weeks of tickets (160 samples a week), one a working hour, in the order they were created.
    const rows = ['Id,Created at,First reply at,Solved at,Priority,Plan'];
    const start = Date.parse('2026-09-07T09:00:00Z');
    for (let i = 0; i < 6 * 5 * 8; i++) {
      const day = Math.floor(i / 8);
      const at = start + (Math.floor(day / 5) * 7 + (day % 5)) * 86_400_000 + (i % 8) * 3_600_000;
      const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
      rows.push(`${5000 + i},${fmt(at)},${fmt(at + 600_000)},${fmt(at + 1_800_000)},High,Pro`);
    }
    const batches: MetricSample[][] = [];
    const recording: Store = {
      ...embedded.store,
      ingestSamples: async (batch: MetricSample[]) => {
        batches.push(batch);
        return embedded.store.ingestSamples(batch);
      },
    };
    const report = await importMetricStream(
      { store: recording, calendar, now, chunkSamples: 400 },
      { file: 'weeks.csv', format: 'tickets', mapping: { tier: 'Plan' } },
      rows.join('\n'),
    );
    expect(report.accepted).toBe(240 * 4);
    expect(batches.length).toBeGreaterThan(3);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(400);
    // Each (metric, week) reaches the store in one batch: one write of its item, not one a chunk.
    const batchOf = new Map<string, Set<number>>();
    batches.forEach((batch, i) => {
      for (const s of batch) {
        const week = Math.floor((Date.parse(s.at) - Date.parse('2026-09-07T00:00:00Z')) / 604_800_000);
        const key = `${s.metric} ${week}`;
        batchOf.set(key, (batchOf.get(key) ?? new Set()).add(i));
      }
    });
    expect([...batchOf.values()].every((set) => set.size === 1)).toBe(true);
  });

  it('gives back the figures of sparse hours, stored without their sketches, as the samples make them', async () => {
    // A few tickets an hour, replies minutes to hours apart: every hour keeps all its samples.
    const rows = ['Id,Created at,First reply at,Solved at,Priority,Plan'];
    const minutes = [3, 47, 12, 190, 8, 65, 29, 4, 120, 15, 33, 9];
    minutes.forEach((m, i) => {
      const created = Date.parse('2026-10-05T09:00:00Z') + Math.floor(i / 3) * 3_600_000 + (i % 3) * 600_000;
      const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
      rows.push(`${8000 + i},${fmt(created)},${fmt(created + m * 60_000)},,Urgent,Enterprise`);
    });
    const spec = { file: 'sparse.csv', format: 'tickets' as const, mapping: { tier: 'Plan' } };
    const first = await importMetricStream({ store: embedded.store, calendar, now }, spec, rows.join('\n'));
    expect(first.accepted).toBe(24);
    const [series] = (await embedded.store.listSeries('first_response_time')).filter(
      (s) => s.dimensions.tier === 'enterprise',
    );
    if (!series) throw new Error('no enterprise series');
    const rollups = await embedded.store.rollupsFor(series, '2026-10-05T00:00:00Z', '2026-10-12T00:00:00Z');
    expect(rollups.reduce((n, r) => n + r.count, 0)).toBe(12);
    for (const r of rollups) {
      const samples = r.worst.map((w) => ({
        ...w,
        metric: r.metric,
        dimensions: r.dimensions,
        unit: r.unit,
      }));
      expect(r.sketch).toBe(mergeIntoRollup(undefined, samples as MetricSample[]).sketch);
    }
    // The median (the sixth of twelve) from the merged sketches, within DDSketch's 1 %: 15 minutes.
    const summary = summarise(rollups.map((r) => ({ ...r, worst: r.worst.slice(0, 1) })));
    expect(summary?.quantile(0.5)).toBeCloseTo(15, 0);
    // More samples into an hour stored without its sketch: merged on the sketch its samples give.
    rows.push('8100,2026-10-05 09:50,2026-10-05 09:51,,Urgent,Enterprise');
    const again = await importMetricStream({ store: embedded.store, calendar, now }, spec, rows.join('\n'));
    expect(again).toMatchObject({ accepted: 2, duplicates: 24 });
    const after = await embedded.store.rollupsFor(series, '2026-10-05T00:00:00Z', '2026-10-12T00:00:00Z');
    const hour = after.find((r) => r.hour === '2026-10-05T09');
    const expected = hour?.worst.map((w) => ({
      ...w,
      metric: hour.metric,
      dimensions: hour.dimensions,
      unit: hour.unit,
    }));
    expect(hour?.count).toBe(4);
    expect(hour?.sketch).toBe(mergeIntoRollup(undefined, (expected ?? []) as MetricSample[]).sketch);
  });

  describe('with the import ledger', () => {
    const ledgerOf = () => createImportLedger({ client: embedded.client, tableName: TABLE_SCHEMA.tableName });
    const counting = () => {
      const batches: number[] = [];
      const store: Store = {
        ...embedded.store,
        ingestSamples: async (batch: MetricSample[]) => {
          batches.push(batch.length);
          return embedded.store.ingestSamples(batch);
        },
      };
      return { store, batches };
    };

    it('stores nothing for the same bytes put under another key, and names the first import', async () => {
      const { store, batches } = counting();
      const withLedger = makeImportHandler({
        store,
        bucket: createS3ImportBucket(new S3Client({ region: 'eu-west-1' })),
        calendar,
        now,
        logger: silentLogger,
        mappings: { tickets: { tier: 'Plan' } },
        ledger: ledgerOf(),
        ledgerContext: { timezone: 'UTC', note: 'handler test' },
      });
      const body = tickets([300, 301, 302], ['303,yesterday,,,High,Pro']).replace(
        /2026-11-24/g,
        '2026-11-10',
      );
      objects.set('imports/tickets/monday.csv', { body, etag: 'l1' });
      await withLedger(event('imports/tickets/monday.csv', 'l1'));
      expect(report('imports/tickets/monday.csv')).toMatchObject({
        stored: 12,
        alreadyStored: 0,
        rejectedCount: 1,
      });
      expect(batches).toEqual([12]);

      objects.set('imports/tickets/monday copy.csv', { body, etag: 'l2' });
      const gets = s3.commandCalls(GetObjectCommand).length;
      await withLedger(event('imports/tickets/monday copy.csv', 'l2'));
      expect(report('imports/tickets/monday copy.csv')).toMatchObject({
        stored: 0,
        alreadyStored: 12,
        rowsRead: 4,
        rejectedCount: 1,
        rejected: [{ line: 5, reason: expect.stringMatching(/malformed date/) }],
        sameAs: { file: 'imports/tickets/monday.csv', importedAt: now().toISOString() },
      });
      // Nothing reached the store; the object was read once to hash it (and its report looked for).
      expect(batches).toEqual([12]);
      expect(s3.commandCalls(GetObjectCommand).length).toBe(gets + 2);

      // One byte more is another file: imported in full (its samples already stored, one by one).
      objects.set('imports/tickets/monday 2.csv', { body: `${body}\n`, etag: 'l3' });
      await withLedger(event('imports/tickets/monday 2.csv', 'l3'));
      expect(report('imports/tickets/monday 2.csv')).toMatchObject({ stored: 0, alreadyStored: 12 });
      expect(report('imports/tickets/monday 2.csv').sameAs).toBeUndefined();
      expect(batches).toEqual([12, 12]);
    });

    it('records nothing for an interrupted import: its re-run stores the rest exactly once, the next run nothing', async () => {
      const ids = Array.from({ length: 90 }, (_, i) => 7000 + i);
      const text = tickets(ids).replace(/2026-11-24/g, '2026-11-03');
      const ledger = ledgerOf();
      const spec = { file: 'interrupted.csv', format: 'tickets' as const, mapping: { tier: 'Plan' } };
      let calls = 0;
      const dying: Store = {
        ...embedded.store,
        ingestSamples: async (batch: MetricSample[]) => {
          calls += 1;
          if (calls === 2) throw new Error('the process was killed');
          return embedded.store.ingestSamples(batch);
        },
      };
      await expect(
        importMetricStream({ store: dying, calendar, now, chunkSamples: 100, ledger }, spec, text),
      ).rejects.toThrow(/killed/);
      const rerun = await importMetricStream(
        { store: embedded.store, calendar, now, chunkSamples: 100, ledger },
        spec,
        text,
      );
      // The first run stored its first batch; the re-run read the whole file and stored the rest.
      expect(rerun.sameAs).toBeUndefined();
      expect(rerun.accepted).toBeGreaterThan(0);
      expect(rerun.duplicates).toBeGreaterThan(0);
      expect(rerun.accepted + rerun.duplicates).toBe(360);
      let n = 0;
      for (const series of await embedded.store.listSeries('first_response_time')) {
        if (series.dimensions.tier !== 'pro') continue;
        for (const r of await embedded.store.rollupsFor(
          series,
          '2026-11-02T00:00:00Z',
          '2026-11-09T00:00:00Z',
        ))
          n += r.count;
      }
      expect(n).toBe(90);
      const { store, batches } = counting();
      const third = await importMetricStream({ store, calendar, now, ledger }, spec, text);
      expect(third).toMatchObject({ accepted: 0, duplicates: 360, rows: 90 });
      expect(batches).toEqual([]);
    });
  });
});
