import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeCrawlSeedHandler } from '../../../functions/crawl-seed/crawl-seed-handler.ts';
import { makeCrawlWorkerHandler } from '../../../functions/crawl-worker/crawl-worker-handler.ts';
import type { Snapshot, SnapshotMeta } from '../../../packages/core/index.ts';
import {
  type CrawlMessage,
  type CrawlOptions,
  type CrawlSource,
  createCrawlContext,
  parseCrawlMessage,
  serializeCrawlMessage,
} from '../../../packages/crawl/index.ts';
import { lambdaContext, recordingLogger, sqsEvent, sqsRecord } from '../../unit/functions/fakes.ts';
import { html, memoryStore, startSite, type TestSite } from './site.ts';

const options: CrawlOptions = {
  userAgent: 'promisegap-bot/0.1',
  contactUrl: 'https://example.org/bot',
  concurrency: 2,
  perHostConcurrency: 2,
  perHostDelayMs: 2000,
  allowPrivateAddresses: true,
  timeoutMs: 2000,
  retries: 0,
};
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/crawl';
const now = () => new Date('2031-03-03T05:00:00Z');

let site: TestSite;
let sources: CrawlSource[];
const sqsMock = mockClient(SQSClient);
const context = createCrawlContext(options, { sleep: async () => {} });

beforeAll(async () => {
  site = await startSite({
    '/': html(
      '<a href="/a">a</a><a href="/b">b</a><a href="/c">c</a><a href="https://elsewhere.example/">x</a>',
    ),
    '/a': html('<p>a</p>'),
    '/busy': (_req, res) => {
      res.writeHead(503);
      res.end();
    },
  });
  sources = [{ url: site.url('/'), kind: 'sla', include: [], exclude: [], maxPages: 20, maxDepth: 2 }];
});
afterAll(async () => {
  await context.close();
  await site.close();
});
beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
});

/** Claims as the DynamoDB store keeps them: a claimant may retake its own claim until it is marked queued. */
const claimingStore = () => {
  const claims = new Map<string, { claimant?: string; queued: boolean }>();
  return Object.assign(memoryStore(), {
    claims,
    async claimCrawlUrl(runId: string, url: string, _at: string, claimant?: string) {
      const key = `${runId} ${url}`;
      const held = claims.get(key);
      if (held && !(claimant && held.claimant === claimant && !held.queued)) return false;
      claims.set(key, { ...(claimant ? { claimant } : {}), queued: false });
      return true;
    },
    async markCrawlUrlsQueued(runId: string, urls: string[]) {
      for (const url of urls) {
        const held = claims.get(`${runId} ${url}`);
        if (held) held.queued = true;
      }
    },
  });
};

const message = (path: string, depth = 0): CrawlMessage => ({
  runId: 'crawl-2031-03-03',
  url: site.url(path),
  sourceKind: 'sla',
  depth,
  source: 0,
});

const worker = (store = claimingStore(), failSnapshot = false) => {
  const handed: { snapshot: Snapshot; previous?: SnapshotMeta }[] = [];
  const logger = recordingLogger();
  const handler = makeCrawlWorkerHandler({
    sqs: new SQSClient({}),
    queueUrl: QUEUE,
    store,
    sources,
    options,
    context,
    now,
    logger,
    onSnapshot: async (snapshot, previous) => {
      if (failSnapshot) throw new Error('extract queue unavailable');
      handed.push({ snapshot, previous });
    },
  });
  return { handler, handed, logger, store };
};

const sentMessages = () =>
  sqsMock
    .commandCalls(SendMessageBatchCommand)
    .flatMap((c) => c.args[0].input.Entries ?? [])
    .map((e) => ({ message: parseCrawlMessage(e.MessageBody ?? ''), delay: e.DelaySeconds ?? 0 }));

describe('crawl worker', () => {
  it('stores a new page, hands it on, and queues its same-site links once, spread over time', async () => {
    const { handler, handed, store } = worker();
    const response = await handler(
      sqsEvent(sqsRecord('m1', serializeCrawlMessage(message('/')))),
      lambdaContext(),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(store.snapshots.get(site.url('/'))?.sourceKind).toBe('sla');
    expect(handed.map((h) => h.snapshot.url)).toEqual([site.url('/')]);
    const sent = sentMessages();
    expect(sent.map((s) => new URL(s.message.url).pathname)).toEqual(['/a', '/b', '/c']);
    expect(sent.map((s) => s.message.depth)).toEqual([1, 1, 1]);
    expect(sent.map((s) => s.delay)).toEqual([0, 2, 4]);
  });

  it('changes nothing when a message is delivered twice', async () => {
    const { handler, handed, store } = worker();
    const body = serializeCrawlMessage(message('/'));
    await handler(sqsEvent(sqsRecord('m1', body)), lambdaContext());
    const stored = store.snapshots.get(site.url('/'));
    sqsMock.resetHistory();
    const again = await handler(sqsEvent(sqsRecord('m1', body)), lambdaContext());
    expect(again.batchItemFailures).toEqual([]);
    expect(store.snapshots.get(site.url('/'))).toBe(stored);
    expect(handed).toHaveLength(1);
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('hands the stored copy on again when a retried record finds the page unchanged', async () => {
    const { handler, handed } = worker(claimingStore());
    const body = serializeCrawlMessage(message('/a', 2));
    await handler(sqsEvent(sqsRecord('m1', body)), lambdaContext());
    const retried = sqsRecord('m1', body);
    retried.attributes.ApproximateReceiveCount = '2';
    await handler(sqsEvent(retried), lambdaContext());
    expect(handed.map((h) => h.snapshot.url)).toEqual([site.url('/a'), site.url('/a')]);
  });

  it('fails only the records worth retrying: malformed, a busy server, a failed hand-off', async () => {
    const { handler, logger } = worker();
    const response = await handler(
      sqsEvent(
        sqsRecord('good', serializeCrawlMessage(message('/a', 2))),
        sqsRecord('gone', serializeCrawlMessage(message('/missing', 2))),
        sqsRecord('busy', serializeCrawlMessage(message('/busy', 2))),
        sqsRecord('junk', '{"url": 42}'),
      ),
      lambdaContext(),
    );
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['busy', 'junk']);
    expect(logger.lines.find((l) => l.message === 'page not crawled')?.attributes).toMatchObject({
      status: 404,
      error: expect.stringMatching(/HTTP 404/),
    });
    const failing = worker(claimingStore(), true);
    const handOff = await failing.handler(
      sqsEvent(sqsRecord('x', serializeCrawlMessage(message('/a', 2)))),
      lambdaContext(),
    );
    expect(handOff.batchItemFailures).toEqual([{ itemIdentifier: 'x' }]);
  });
});

describe('crawl seed', () => {
  it('claims and queues each start page once per run', async () => {
    const store = claimingStore();
    const handler = makeCrawlSeedHandler({
      sqs: new SQSClient({}),
      queueUrl: QUEUE,
      store,
      sources,
      options,
      context,
      now,
      logger: recordingLogger(),
    });
    expect(await handler({ trigger: 'schedule' })).toEqual({
      runId: 'crawl-2031-03-03',
      planned: 1,
      queued: 1,
    });
    expect(await handler({ trigger: 'schedule' })).toEqual({
      runId: 'crawl-2031-03-03',
      planned: 1,
      queued: 0,
    });
    expect(await handler({ runId: 'manual-1' })).toMatchObject({ runId: 'manual-1', queued: 1 });
    expect(sentMessages().map((s) => s.message)).toEqual([
      { runId: 'crawl-2031-03-03', url: site.url('/'), sourceKind: 'sla', depth: 0, source: 0 },
      { runId: 'manual-1', url: site.url('/'), sourceKind: 'sla', depth: 0, source: 0 },
    ]);
  });

  it('retries entries SQS refused and fails when they keep failing', async () => {
    sqsMock
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }] })
      .resolves({ Successful: [] });
    const handler = makeCrawlSeedHandler({
      sqs: new SQSClient({}),
      queueUrl: QUEUE,
      store: claimingStore(),
      sources,
      options,
      context,
      now,
      logger: recordingLogger(),
    });
    expect((await handler({})).queued).toBe(1);
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(2);
    sqsMock.reset();
    sqsMock
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }] });
    await expect(handler({ runId: 'again' })).rejects.toThrow(
      /1 crawl message\(s\) could not be queued: InternalError/,
    );
  });
});
