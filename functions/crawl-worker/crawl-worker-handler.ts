// The crawl worker's logic: one page per SQS record. A new or changed snapshot is stored (the
// same content twice stores nothing) and handed to `onSnapshot`; discovered links are claimed
// for the run, queued (spread over time) and marked queued: a redelivered record whose send had
// failed takes its claims again and queues them. A page that refused us is a logged result; a busy
// server or an unexpected error fails the record, so SQS retries it and, in the end, dead-letters it.

import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Clock, Logger, Snapshot, SnapshotMeta, Store } from '../../packages/core/index.ts';
import {
  type CrawlContext,
  type CrawlOptions,
  type CrawlSource,
  crawlPage,
  parseCrawlMessage,
  urlKey,
} from '../../packages/crawl/index.ts';
import { enqueueCrawlMessages, type OutgoingMessage } from '../crawl-seed/enqueue.ts';

export class PageRetryError extends Error {
  constructor(
    readonly url: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`page ${url} will be retried: ${reason}`, options);
    this.name = 'PageRetryError';
  }
}

export interface CrawlWorkerDeps {
  sqs: Pick<SQSClient, 'send'>;
  queueUrl: string;
  store: Pick<
    Store,
    | 'getSnapshotMeta'
    | 'putSnapshot'
    | 'touchSnapshot'
    | 'claimCrawlUrl'
    | 'markCrawlUrlsQueued'
    | 'getLatestSnapshot'
  >;
  sources: CrawlSource[];
  options: CrawlOptions;
  /** Kept across invocations: the guarded connection pool and robots.txt cache. */
  context: CrawlContext;
  /** Called for each new or changed snapshot once it is stored (in AWS: queue it for extraction). */
  onSnapshot: (snapshot: Snapshot, previous?: SnapshotMeta) => Promise<void>;
  now: Clock;
  logger: Logger;
}

const MAX_DELAY_SECONDS = 900;

/** Delays that spread a page's links at the host's pace instead of releasing them all at once. */
export const spreadDelays = (count: number, intervalMs: number): number[] =>
  Array.from({ length: count }, (_, i) => Math.min(MAX_DELAY_SECONDS, Math.floor((i * intervalMs) / 1000)));

export const makeCrawlWorkerHandler = (deps: CrawlWorkerDeps) => {
  const processor = new BatchProcessor(EventType.SQS);

  const processRecord = async (record: SQSRecord): Promise<void> => {
    const message = parseCrawlMessage(record.body, record.messageId);
    const result = await crawlPage(message, {
      store: deps.store,
      now: deps.now,
      logger: deps.logger,
      options: deps.options,
      sources: deps.sources,
      context: deps.context,
    });
    if (result.outcome === 'failed') {
      if (result.retryable) throw new PageRetryError(message.url, result.error ?? 'temporary failure');
      deps.logger.warn('page not crawled', { url: message.url, status: result.status, error: result.error });
    } else if (result.outcome === 'skipped') {
      deps.logger.info('page skipped', { url: message.url, reason: result.error });
    }

    if (result.snapshot) {
      const put = await deps.store.putSnapshot(result.snapshot);
      await deps.onSnapshot(result.snapshot, put.previous ?? result.previous);
    } else if (result.outcome === 'unchanged' && Number(record.attributes.ApproximateReceiveCount) > 1) {
      // An earlier attempt may have stored this content and failed before handing it on: hand the
      // stored copy on again (extraction is idempotent) rather than lose the change.
      const stored = await deps.store.getLatestSnapshot(result.url);
      if (stored) await deps.onSnapshot(stored);
    }

    if (result.discovered.length) {
      const at = deps.now().toISOString();
      const fresh = [];
      // Claimed in the name of this SQS message: if the send below fails, the message's redelivery
      // (same message id) takes the same claims again and queues the links, instead of finding
      // them claimed and queueing nothing.
      const claimant = `message:${record.messageId}`;
      for (const link of result.discovered) {
        if (await deps.store.claimCrawlUrl(link.runId, urlKey(link.url), at, claimant)) fresh.push(link);
      }
      const interval = Math.max(deps.options.perHostDelayMs, result.crawlDelayMs ?? 0);
      const delays = spreadDelays(fresh.length, interval);
      const outgoing: OutgoingMessage[] = fresh.map((m, i) => ({ message: m, delaySeconds: delays[i] ?? 0 }));
      await enqueueCrawlMessages(deps.sqs, deps.queueUrl, outgoing);
      if (fresh.length > 0) {
        await deps.store.markCrawlUrlsQueued(
          message.runId,
          fresh.map((m) => urlKey(m.url)),
          deps.now().toISOString(),
        );
      }
      deps.logger.info('page crawled', {
        url: result.url,
        outcome: result.outcome,
        discovered: result.discovered.length,
        queued: fresh.length,
      });
    } else if (result.outcome !== 'failed' && result.outcome !== 'skipped') {
      deps.logger.info('page crawled', {
        url: result.url,
        outcome: result.outcome,
        discovered: 0,
        queued: 0,
      });
    }
  };

  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const response = await processPartialResponse(event, processRecord, processor, {
      context,
      throwOnFullBatchFailure: false,
    });
    if (response.batchItemFailures.length) {
      deps.logger.warn('pages left for retry', {
        failed: response.batchItemFailures.length,
        of: event.Records.length,
      });
    }
    return response;
  };
};
