// Lambda delivers at least once: every handler in functions/, given the same event twice, must
// leave the table (and the queue and mail it feeds) as one delivery would. Each handler runs once
// against one store and twice against another, wired as its handler.ts wires it, with a fixed
// clock; the two tables are then compared item by item.

import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeApiHandler } from '../../functions/api/api-handler.ts';
import { makeCrawlSeedHandler } from '../../functions/crawl-seed/crawl-seed-handler.ts';
import { makeCrawlWorkerHandler } from '../../functions/crawl-worker/crawl-worker-handler.ts';
import { makeEvaluateDigestHandler } from '../../functions/evaluate-digest/evaluate-digest-handler.ts';
import { makeExtractHandler } from '../../functions/extract/extract-handler.ts';
import { serializeExtractMessage } from '../../functions/shared/extract-messages.ts';
import { createApp } from '../../packages/api/index.ts';
import { createBusinessCalendar } from '../../packages/calendar/index.ts';
import { analyzeComplaint, complaintJudgement } from '../../packages/complaints/index.ts';
import { evaluateWindow } from '../../packages/compliance/index.ts';
import { loadConfigFile, type Store, silentLogger } from '../../packages/core/index.ts';
import { type CrawlOptions, createCrawlContext, serializeCrawlMessage } from '../../packages/crawl/index.ts';
import { buildDigest, digestInputFromStore, sendDigest } from '../../packages/digest/index.ts';
import { createApiKey } from '../../packages/keys/index.ts';
import { extractSnapshotStep } from '../../packages/promises/index.ts';
import { type EmbeddedStore, openEmbeddedStore, TABLE_SCHEMA } from '../../packages/store/index.ts';
import { html, startSite, type TestSite } from '../integration/crawl/site.ts';
import { lambdaContext, sqsEvent, sqsRecord } from '../unit/functions/fakes.ts';

const NOW = new Date('2026-11-25T06:00:00.000Z');
const now = () => NOW;
const options: CrawlOptions = {
  userAgent: 'promisegap-bot/0.1',
  contactUrl: 'https://example.org/bot',
  concurrency: 2,
  perHostConcurrency: 2,
  perHostDelayMs: 0,
  allowPrivateAddresses: true,
  timeoutMs: 2000,
  retries: 0,
};
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/crawl';
const sqsMock = mockClient(SQSClient);
const sesMock = mockClient(SESClient);
const context = createCrawlContext(options, { sleep: async () => {} });
const { config } = loadConfigFile('examples/promisegap.config.json');

let site: TestSite;
let once: EmbeddedStore;
let twice: EmbeddedStore;

beforeAll(async () => {
  site = await startSite({
    '/': html('<h1>Support</h1><p>We answer every ticket within 4 hours.</p><a href="/sla">SLA</a>'),
    '/sla': html('<p>The service is available 99.9% of each month.</p>'),
  });
  [once, twice] = await Promise.all([
    openEmbeddedStore({ dataDir: ':memory:' }),
    openEmbeddedStore({ dataDir: ':memory:' }),
  ]);
});
afterAll(async () => {
  await context.close();
  await site.close();
  await Promise.all([once?.close(), twice?.close()]);
});
beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  sesMock.reset();
  sesMock.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
});

/** Every item of the table, in key order: the state a handler leaves. */
const tableOf = async (embedded: EmbeddedStore) => {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await embedded.client.send(
      new ScanCommand({ TableName: TABLE_SCHEMA.tableName, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  // The one thing a second delivery may add: when a page was last checked (a redelivered crawl
  // record re-checks its page and notes it; content, claims and everything else stay as they were).
  return items
    .map(({ lastCheckedAt: _checked, ...item }) => item)
    .sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
};

const sentMessages = () =>
  sqsMock.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);

/** Runs the same delivery once on one store and twice on the other; returns what each sent. */
const onceAndTwice = async (deliver: (store: Store) => Promise<unknown>) => {
  sqsMock.resetHistory();
  sesMock.resetHistory();
  await deliver(once.store);
  const sent = { sqs: sentMessages().length, ses: sesMock.commandCalls(SendEmailCommand).length };
  sqsMock.resetHistory();
  sesMock.resetHistory();
  await deliver(twice.store);
  await deliver(twice.store);
  const sentTwice = { sqs: sentMessages().length, ses: sesMock.commandCalls(SendEmailCommand).length };
  expect(await tableOf(twice)).toEqual(await tableOf(once));
  expect(sentTwice).toEqual(sent);
  return sent;
};

const sources = () => [
  { url: site.url('/'), kind: 'support-plan' as const, include: [], exclude: [], maxPages: 10, maxDepth: 2 },
];

const httpEvent = (method: string, path: string, key: string, body: unknown): APIGatewayProxyEventV2 => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: '',
  headers: {
    host: 'api.example',
    'x-forwarded-proto': 'https',
    'content-type': 'application/json',
    authorization: `Bearer ${key}`,
  },
  body: JSON.stringify(body),
  isBase64Encoded: false,
  requestContext: {
    accountId: '123456789012',
    apiId: 'api',
    domainName: 'api.example',
    domainPrefix: 'api',
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
    requestId: 'r1',
    routeKey: '$default',
    stage: '$default',
    time: '25/Nov/2026:06:00:00 +0000',
    timeEpoch: NOW.getTime(),
  },
});

// The handlers run in pipeline order, each on the state the previous ones left in both tables.
describe('every Lambda handler given the same event twice', () => {
  it('crawl-seed: claims and queues the start page once', async () => {
    const sent = await onceAndTwice((store) =>
      makeCrawlSeedHandler({
        sqs: new SQSClient({}),
        queueUrl: QUEUE,
        store,
        sources: sources(),
        options,
        context,
        now,
        logger: silentLogger,
      })({ runId: 'run-1' }),
    );
    expect(sent.sqs).toBe(1);
  });

  it('crawl-worker: stores the page once and queues its link once', async () => {
    const body = serializeCrawlMessage({
      runId: 'run-1',
      url: site.url('/'),
      sourceKind: 'support-plan',
      depth: 0,
      source: 0,
    });
    const sent = await onceAndTwice(async (store) => {
      const response = await makeCrawlWorkerHandler({
        sqs: new SQSClient({}),
        queueUrl: QUEUE,
        store,
        sources: sources(),
        options,
        context,
        now,
        logger: silentLogger,
        onSnapshot: async () => {},
      })(sqsEvent(sqsRecord('m-1', body)), lambdaContext());
      expect(response.batchItemFailures).toEqual([]);
    });
    expect(sent.sqs).toBe(1);
  });

  it('extract: reads the stored snapshot into promises once', async () => {
    const snapshot = await once.store.getSnapshotMeta(site.url('/'));
    expect(snapshot).toBeDefined();
    const body = serializeExtractMessage({
      url: site.url('/'),
      fetchedAt: snapshot?.fetchedAt ?? '',
      contentHash: snapshot?.contentHash ?? '',
    });
    await onceAndTwice(async (store) => {
      const response = await makeExtractHandler({
        extract: (url) => extractSnapshotStep({ store, now, logger: silentLogger }, url),
        logger: silentLogger,
        now,
      })(sqsEvent(sqsRecord('x-1', body)), lambdaContext());
      expect(response.batchItemFailures).toEqual([]);
    });
    expect((await once.store.listPromises()).items.length).toBeGreaterThan(0);
  });

  it('api: the same metrics and complaints POSTs store their records once', async () => {
    const keyFor = new Map<Store, string>();
    for (const embedded of [once, twice]) {
      // The same key in both tables, so the tables can be compared whole.
      const random = () => new Uint8Array(32).fill(7);
      keyFor.set(embedded.store, (await createApiKey(embedded.store, { scope: 'write', now, random })).key);
    }
    const samples = Array.from({ length: 30 }, (_, i) => ({
      metric: 'first_response_minutes',
      value: 30 + i,
      unit: 'minutes',
      at: new Date(Date.UTC(2026, 10, 17, 9, i)).toISOString(),
      dimensions: { tier: 'pro' },
      ref: `t-${i}`,
    }));
    const complaints = [
      { id: 'c-1', at: '2026-11-18T10:00:00Z', text: 'I waited two days for a first reply.' },
    ];
    await onceAndTwice(async (store) => {
      const handler = makeApiHandler({
        app: createApp({ store, now, logger: silentLogger, analyzeComplaint }),
        logger: silentLogger,
        createApiKey: async () => {
          throw new Error('not used');
        },
      });
      const key = keyFor.get(store) ?? '';
      for (const [path, body] of [
        ['/v1/metrics', { samples }],
        ['/v1/complaints', { complaints }],
      ] as const) {
        const response = (await handler(httpEvent('POST', path, key, body), lambdaContext())) as {
          statusCode: number;
        };
        expect(response.statusCode).toBe(200);
      }
    });
  });

  it('evaluate-digest: evaluates the week and mails each recipient once', async () => {
    const calendar = createBusinessCalendar(config.calendar);
    const sent = await onceAndTwice((store) =>
      makeEvaluateDigestHandler({
        now,
        logger: silentLogger,
        evaluate: (window) =>
          evaluateWindow(
            {
              store,
              calendar,
              rules: config.evaluation,
              now,
              logger: silentLogger,
              ...complaintJudgement(config.evaluation),
            },
            window,
          ),
        compose: async (window) => buildDigest(await digestInputFromStore(store, config, window)),
        send: (digest, window) =>
          sendDigest(
            { ses: new SESClient({ region: 'eu-west-1' }), store, now, logger: silentLogger },
            { digest, windowId: window.id, from: config.digest.from, recipients: config.digest.recipients },
          ),
      })({ trigger: 'schedule' }),
    );
    expect(sent.ses).toBe(config.digest.recipients.length);
  });
});
