// Fault injection on the DynamoDB store: throttling, 5xx, answers lost after the write was
// applied, partial batch writes (UnprocessedItems), conditional failures, and a store that dies
// mid-import. aws-sdk-client-mock stands between the repository and a real table (dynalite),
// failing calls by a seeded plan and forwarding the rest; whatever the faults, once the caller
// has retried every batch to success, every accepted record is stored exactly once.

import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  InternalServerError,
  ProvisionedThroughputExceededException,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricSample, Store, StoredComplaint } from '../../packages/core/index.ts';
import {
  createDynamoStore,
  type EmbeddedStore,
  InvalidCursorError,
  openEmbeddedStore,
  TABLE_SCHEMA,
} from '../../packages/store/index.ts';

let embedded: EmbeddedStore;
beforeAll(async () => {
  embedded = await openEmbeddedStore({ dataDir: ':memory:' });
});
afterAll(async () => {
  await embedded?.close();
});

/** A small deterministic generator, so a failing plan can be replayed from its seed. */
const prng = (seed: number) => {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const meta = { $metadata: {} };
const faultsOf = {
  throttled: () =>
    new ProvisionedThroughputExceededException({
      message: 'Rate of requests exceeds the allowed throughput.',
      ...meta,
    }),
  throttling: () => new ThrottlingException({ message: 'Rate exceeded', ...meta }),
  serverError: () => new InternalServerError({ message: 'Internal server error', ...meta }),
};

interface Plan {
  seed: number;
  /** Chance a call fails before reaching the table. */
  fail: number;
  /** Chance a write reaches the table and its answer is lost (the caller sees a 5xx). */
  lost: number;
  /** Chance a batch write applies only part of its items and returns the rest as UnprocessedItems. */
  partial: number;
  /** Chance a conditional put is refused as if another writer got there first. */
  conditional: number;
  /** After this many calls every call fails: the store has died. */
  dieAfter?: number;
}

interface Counts {
  calls: number;
  failed: number;
  lost: number;
  partial: number;
  conditional: number;
}

/** A document client whose every command goes through the plan, then (maybe) to the real table. */
const faultyClient = (plan: Plan) => {
  const real = embedded.client;
  // A client of its own, so mocking it leaves the real one (used to forward and to check) alone.
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: embedded.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const mock = mockClient(doc);
  const random = prng(plan.seed);
  const counts: Counts = { calls: 0, failed: 0, lost: 0, partial: 0, conditional: 0 };
  const kinds = Object.values(faultsOf);
  const before = (write: boolean) => {
    counts.calls += 1;
    if (plan.dieAfter !== undefined && counts.calls > plan.dieAfter) {
      counts.failed += 1;
      throw faultsOf.serverError();
    }
    if (random() < plan.fail) {
      counts.failed += 1;
      throw (kinds[Math.floor(random() * kinds.length)] ?? faultsOf.serverError)();
    }
    return write && random() < plan.lost;
  };
  const forward =
    <I, O>(send: (input: I) => Promise<O>, write: boolean) =>
    async (input: I): Promise<O> => {
      const lose = before(write);
      const out = await send(input);
      if (lose) {
        counts.lost += 1;
        throw faultsOf.serverError();
      }
      return out;
    };
  mock.on(GetCommand).callsFake(forward((i: GetCommandInput) => real.send(new GetCommand(i)), false));
  mock.on(QueryCommand).callsFake(forward((i: QueryCommandInput) => real.send(new QueryCommand(i)), false));
  mock
    .on(BatchGetCommand)
    .callsFake(forward((i: BatchGetCommandInput) => real.send(new BatchGetCommand(i)), false));
  mock.on(UpdateCommand).callsFake(forward((i: UpdateCommandInput) => real.send(new UpdateCommand(i)), true));
  mock.on(PutCommand).callsFake(async (input: PutCommandInput) => {
    if (input.ConditionExpression && random() < plan.conditional) {
      counts.calls += 1;
      counts.conditional += 1;
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', ...meta });
    }
    return forward((i: PutCommandInput) => real.send(new PutCommand(i)), true)(input);
  });
  mock.on(BatchWriteCommand).callsFake(async (input: BatchWriteCommandInput) => {
    const lose = before(true);
    const table = Object.keys(input.RequestItems ?? {})[0] ?? TABLE_SCHEMA.tableName;
    const requests = input.RequestItems?.[table] ?? [];
    let applied = requests;
    let unprocessed: typeof requests = [];
    if (requests.length > 1 && random() < plan.partial) {
      counts.partial += 1;
      const cut = 1 + Math.floor(random() * (requests.length - 1));
      applied = requests.slice(0, cut);
      unprocessed = requests.slice(cut);
    }
    await real.send(new BatchWriteCommand({ RequestItems: { [table]: applied } }));
    if (lose) {
      counts.lost += 1;
      throw faultsOf.serverError();
    }
    return unprocessed.length ? { UnprocessedItems: { [table]: unprocessed } } : {};
  });
  return { doc, counts, restore: () => mock.restore() };
};

const storeOn = (doc: DynamoDBDocumentClient): Store =>
  createDynamoStore({ client: doc, tableName: TABLE_SCHEMA.tableName, sleep: async () => {} });

/** What a caller (the CLI import, an API client) does: retry a batch until the store takes it. */
const retryUntilStored = async <T>(
  write: () => Promise<T>,
  maxAttempts = 60,
): Promise<{ result: T; attempts: number }> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return { result: await write(), attempts: attempt };
    } catch (error) {
      if (attempt >= maxAttempts) throw error;
    }
  }
};

const samplesFor = (metric: string, n: number): MetricSample[] =>
  Array.from({ length: n }, (_, i) => ({
    metric,
    value: (i * 37) % 500,
    unit: 'minutes',
    at: new Date(Date.UTC(2026, 10, 16, i % 6, (i * 7) % 60, i % 60)).toISOString(),
    dimensions: { tier: i % 2 ? 'pro' : 'starter', region: 'eu' },
    ref: `t-${i}`,
  }));

const storedCount = async (store: Store, metric: string) => {
  let total = 0;
  for (const series of await store.listSeries(metric)) {
    const rollups = await store.rollupsFor(series, '2026-11-16T00:00:00.000Z', '2026-11-19T00:00:00.000Z');
    total += rollups.reduce((n, r) => n + r.count, 0);
  }
  return total;
};

const importInBatches = async (store: Store, samples: MetricSample[], size = 100) => {
  let accepted = 0;
  let attempts = 0;
  for (let i = 0; i < samples.length; i += size) {
    const done = await retryUntilStored(() => store.ingestSamples(samples.slice(i, i + size)));
    accepted += done.result.accepted;
    attempts += done.attempts;
  }
  return { accepted, attempts };
};

const N = 600;

describe('metric samples under injected faults', () => {
  it.each([
    ['throttling and 5xx before the write', { seed: 1, fail: 0.1, lost: 0, partial: 0, conditional: 0 }],
    ['answers lost after the write was applied', { seed: 2, fail: 0, lost: 0.1, partial: 0, conditional: 0 }],
    ['partial batch writes (UnprocessedItems)', { seed: 3, fail: 0, lost: 0, partial: 0.5, conditional: 0 }],
    // Week items make few conditional writes (about one per series-week), so the rate is high.
    ['conditional failures on rollup merges', { seed: 4, fail: 0, lost: 0, partial: 0, conditional: 0.5 }],
    ['all of them at once', { seed: 5, fail: 0.05, lost: 0.05, partial: 0.3, conditional: 0.1 }],
  ] as const)('stores every sample exactly once through %s', async (_name, plan) => {
    const metric = `faults_${plan.seed}`;
    const samples = samplesFor(metric, N);
    const faulty = faultyClient(plan);
    try {
      await importInBatches(storeOn(faulty.doc), samples);
    } finally {
      faulty.restore();
    }
    const injected =
      faulty.counts.failed + faulty.counts.lost + faulty.counts.partial + faulty.counts.conditional;
    expect(injected, JSON.stringify(faulty.counts)).toBeGreaterThan(0);
    const healthy = storeOn(embedded.client);
    expect(await storedCount(healthy, metric)).toBe(N);
    // Importing the same file again stores nothing: every sample is a duplicate.
    expect(await healthy.ingestSamples(samples)).toEqual({ accepted: 0, duplicates: N });
    expect(await storedCount(healthy, metric)).toBe(N);
  });

  it('stores every sample exactly once when the store dies mid-import and the import is run again', async () => {
    const metric = 'faults_dies';
    const samples = samplesFor(metric, N);
    const dying = faultyClient({
      seed: 6,
      fail: 0.05,
      lost: 0.05,
      partial: 0.2,
      conditional: 0,
      // An import of these 600 samples makes about 30 store calls (one item per series-week).
      dieAfter: 12,
    });
    await expect(importInBatches(storeOn(dying.doc), samples)).rejects.toThrow();
    dying.restore();
    const partway = await storedCount(storeOn(embedded.client), metric);
    expect(partway).toBeGreaterThan(0);
    expect(partway).toBeLessThan(N);
    // The re-run (a new process) imports the whole file again, on a store that has come back.
    const rerun = faultyClient({ seed: 7, fail: 0.05, lost: 0.05, partial: 0.2, conditional: 0.05 });
    try {
      const { accepted } = await importInBatches(storeOn(rerun.doc), samples);
      expect(accepted).toBeLessThanOrEqual(N - partway);
    } finally {
      rerun.restore();
    }
    expect(await storedCount(storeOn(embedded.client), metric)).toBe(N);
  });
});

describe('complaints under injected faults', () => {
  it('stores every complaint exactly once through throttling, lost answers and a dead store', async () => {
    const complaints: StoredComplaint[] = Array.from({ length: 200 }, (_, i) => ({
      id: `fault-c${i}`,
      at: new Date(Date.UTC(2026, 10, 20, i % 24, i % 60)).toISOString(),
      text: `ticket ${i} waited ${i % 9} days`,
      dimensions: {},
      analysis: { isComplaint: true, categories: [], durations: [], sentiment: -1 },
    }));
    const dying = faultyClient({ seed: 8, fail: 0.02, lost: 0.02, partial: 0, conditional: 0, dieAfter: 80 });
    const first = storeOn(dying.doc);
    await expect(
      (async () => {
        for (let i = 0; i < complaints.length; i += 10) {
          await retryUntilStored(() => first.putComplaints(complaints.slice(i, i + 10)), 5);
        }
      })(),
    ).rejects.toThrow();
    dying.restore();
    const rerun = faultyClient({ seed: 9, fail: 0.02, lost: 0.02, partial: 0, conditional: 0 });
    const second = storeOn(rerun.doc);
    try {
      for (let i = 0; i < complaints.length; i += 10) {
        await retryUntilStored(() => second.putComplaints(complaints.slice(i, i + 10)));
      }
    } finally {
      rerun.restore();
    }
    const stored = await storeOn(embedded.client).complaintsBetween(
      '2026-11-20T00:00:00.000Z',
      '2026-11-21T00:00:00.000Z',
    );
    const ids = stored.map((c) => c.id).filter((id) => id.startsWith('fault-c'));
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
  });
});

describe('pagination cursors on the real table', () => {
  it('pages through promises with its own cursors and refuses forged ones before DynamoDB sees them', async () => {
    const store = storeOn(embedded.client);
    const base = {
      sourceUrl: 'https://example.test/sla',
      sourceKind: 'sla' as const,
      quote: 'We reply within 4 hours.',
      category: 'response_time' as const,
      metric: 'first_response_minutes',
      operator: '<=' as const,
      threshold: 4,
      unit: 'hours' as const,
      qualifiers: {},
      confidence: 0.9,
      firstSeen: '2026-09-01T00:00:00.000Z',
      lastSeen: '2026-11-23T00:00:00.000Z',
    };
    await store.putPromises(
      Array.from({ length: 5 }, (_, i) => ({ ...base, id: `p_cur${i}`, meaningHash: `h${i}` })),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listPromises({ limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((p) => p.id));
      cursor = page.cursor;
    } while (cursor);
    expect(seen.filter((id) => id.startsWith('p_cur'))).toEqual([
      'p_cur0',
      'p_cur1',
      'p_cur2',
      'p_cur3',
      'p_cur4',
    ]);
    const forged = [
      Buffer.from('{"pk":1}').toString('base64url'),
      Buffer.from('{"pk":"WINDOWS","sk":"2026-W47"}').toString('base64url'),
      Buffer.from('{"pk":"PROMISES","sk":"p","gsi1pk":"x"}').toString('base64url'),
      Buffer.from('{"pk":"PROMISES","sk":""}').toString('base64url'),
      'Zm9v',
      '....',
    ];
    for (const bad of forged) {
      await expect(store.listPromises({ cursor: bad }), bad).rejects.toBeInstanceOf(InvalidCursorError);
    }
  });
});
