// A crawl URL is never lost when SQS fails: the seed and the worker claim, send, then mark sent,
// so a retry of the same event re-queues what failed and queues nothing twice once it succeeded.
// Real claims (the DynamoDB store on dynalite), SQS mocked with aws-sdk-client-mock.

import { SendMessageBatchCommand, SQSClient, SQSServiceException } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeCrawlSeedHandler } from '../../functions/crawl-seed/crawl-seed-handler.ts';
import { makeCrawlWorkerHandler } from '../../functions/crawl-worker/crawl-worker-handler.ts';
import type { Store } from '../../packages/core/index.ts';
import {
  type CrawlMessage,
  type CrawlOptions,
  type CrawlSource,
  createCrawlContext,
  parseCrawlMessage,
  serializeCrawlMessage,
} from '../../packages/crawl/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../packages/store/index.ts';
import { html, startSite, type TestSite } from '../integration/crawl/site.ts';
import { lambdaContext, recordingLogger, sqsEvent, sqsRecord } from '../unit/functions/fakes.ts';

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
const now = () => new Date('2031-03-03T05:00:00Z');
const sqsMock = mockClient(SQSClient);
const context = createCrawlContext(options, { sleep: async () => {} });

let site: TestSite;
let sources: CrawlSource[];
let embedded: EmbeddedStore;
let store: Store;
let run = 0;

const serverError = () =>
  new SQSServiceException({ name: 'InternalError', $fault: 'server', $metadata: { httpStatusCode: 500 } });

beforeAll(async () => {
  site = await startSite({
    '/': html('<a href="/a">a</a><a href="/b">b</a><a href="/c">c</a>'),
    '/a': html('<a href="/b">b</a><p>a</p>'),
    '/b': html('<p>b</p>'),
    '/c': html('<p>c</p>'),
    '/p': html('<a href="/p1">1</a><a href="/p2">2</a><a href="/p3">3</a>'),
  });
  sources = [{ url: site.url('/'), kind: 'sla', include: [], exclude: [], maxPages: 20, maxDepth: 3 }];
  embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  store = embedded.store;
});
afterAll(async () => {
  await context.close();
  await site.close();
  await embedded?.close();
});
beforeEach(() => {
  sqsMock.reset();
  run += 1;
});

const sentUrls = () =>
  sqsMock
    .commandCalls(SendMessageBatchCommand)
    .filter((c) => c.returnValue !== undefined)
    .flatMap((c) => c.args[0].input.Entries ?? [])
    .map((e) => new URL(parseCrawlMessage(e.MessageBody ?? '').url).pathname);

/** Entries of the calls SQS accepted (resolved without a Failed entry). */
const acceptedUrls = async () => {
  const out: string[] = [];
  for (const call of sqsMock.commandCalls(SendMessageBatchCommand)) {
    const result = await call.returnValue.catch(() => undefined);
    if (!result) continue;
    const failed = new Set((result.Failed ?? []).map((f) => f.Id));
    for (const e of call.args[0].input.Entries ?? []) {
      if (!failed.has(e.Id)) out.push(new URL(parseCrawlMessage(e.MessageBody ?? '').url).pathname);
    }
  }
  return out;
};

const seed = () =>
  makeCrawlSeedHandler({
    sqs: new SQSClient({}),
    queueUrl: QUEUE,
    store,
    sources,
    options,
    context,
    now,
    logger: recordingLogger(),
  });

const worker = () =>
  makeCrawlWorkerHandler({
    sqs: new SQSClient({}),
    queueUrl: QUEUE,
    store,
    sources,
    options,
    context,
    now,
    logger: recordingLogger(),
    onSnapshot: async () => {},
  });

const message = (runId: string, path: string, depth = 0): CrawlMessage => ({
  runId,
  url: site.url(path),
  sourceKind: 'sla',
  depth,
  source: 0,
});

describe('crawl seed when SQS fails once', () => {
  it('queues the start page on the retry, and nothing more on a third run', async () => {
    sqsMock.on(SendMessageBatchCommand).rejectsOnce(serverError()).resolves({ Successful: [], Failed: [] });
    const handler = seed();
    const runId = `seed-${run}`;
    await expect(handler({ runId })).rejects.toMatchObject({ name: 'InternalError' });
    expect(await handler({ runId })).toEqual({ runId, planned: 1, queued: 1 });
    expect(await handler({ runId })).toEqual({ runId, planned: 1, queued: 0 });
    expect(await acceptedUrls()).toEqual(['/']);
  });

  it('queues the start page on the retry after SQS refused the entry to the end', async () => {
    sqsMock
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: '0', Code: 'ServiceUnavailable', SenderFault: false }] });
    const handler = seed();
    const runId = `seed-${run}`;
    await expect(handler({ runId })).rejects.toThrow(/could not be queued/);
    sqsMock.reset();
    sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    expect((await handler({ runId })).queued).toBe(1);
    expect(sentUrls()).toEqual(['/']);
  });
});

describe('crawl worker when SQS fails once', () => {
  it('fails the record, and its redelivery queues every link exactly once', async () => {
    sqsMock.on(SendMessageBatchCommand).rejectsOnce(serverError()).resolves({ Successful: [], Failed: [] });
    const handler = worker();
    const runId = `worker-${run}`;
    const record = sqsRecord('m-root', serializeCrawlMessage(message(runId, '/')));
    const first = await handler(sqsEvent(record), lambdaContext());
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm-root' }]);
    const redelivered = sqsRecord('m-root', record.body);
    redelivered.attributes.ApproximateReceiveCount = '2';
    expect((await handler(sqsEvent(redelivered), lambdaContext())).batchItemFailures).toEqual([]);
    // A third delivery (SQS is at-least-once) and another page linking to /b queue nothing new.
    redelivered.attributes.ApproximateReceiveCount = '3';
    await handler(sqsEvent(redelivered), lambdaContext());
    await handler(
      sqsEvent(sqsRecord('m-a', serializeCrawlMessage(message(runId, '/a', 1)))),
      lambdaContext(),
    );
    expect((await acceptedUrls()).sort()).toEqual(['/a', '/b', '/c']);
  });

  it('loses no link when the failure comes after SQS accepted part of the batch', async () => {
    // SQS takes /p1, refuses /p2 and /p3 to the end: the record fails, the redelivery sends them.
    sqsMock
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: '0', MessageId: 'x', MD5OfMessageBody: '' }],
        Failed: [
          { Id: '1', Code: 'ServiceUnavailable', SenderFault: false },
          { Id: '2', Code: 'ServiceUnavailable', SenderFault: false },
        ],
      })
      .callsFake((input: { Entries?: { Id?: string }[] }) => ({
        Successful: [],
        Failed: (input.Entries ?? []).map((e) => ({
          Id: e.Id,
          Code: 'ServiceUnavailable',
          SenderFault: false,
        })),
      }));
    const handler = worker();
    const runId = `partial-${run}`;
    const record = sqsRecord('m-partial', serializeCrawlMessage(message(runId, '/p')));
    expect((await handler(sqsEvent(record), lambdaContext())).batchItemFailures).toHaveLength(1);
    sqsMock.reset();
    sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    expect((await handler(sqsEvent(record), lambdaContext())).batchItemFailures).toEqual([]);
    const queued = new Set(sentUrls());
    expect([...queued].sort()).toEqual(['/p1', '/p2', '/p3']);
  });
});
