// The seed job's logic: plan the run's start pages (and sitemap entries), claim each for the
// run so workers never queue them again, queue them, then mark them queued (an outbox). The
// claims are the seed run's own, so a retry after a failed send takes them again and queues them;
// a retry after a good send finds them marked and queues nothing. A URL is never lost to a claim
// whose send failed (a crash between send and mark queues it twice: a refetch stores nothing new).

import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Clock, Logger, Store } from '../../packages/core/index.ts';
import {
  type CrawlContext,
  type CrawlOptions,
  type CrawlSource,
  planSeeds,
  urlKey,
} from '../../packages/crawl/index.ts';
import { enqueueCrawlMessages } from './enqueue.ts';

/** What the schedule sends; an operator may pass a `runId` to start a fresh run the same day. */
export interface CrawlSeedEvent {
  trigger?: string;
  runId?: string;
}

export interface CrawlSeedResult {
  runId: string;
  planned: number;
  queued: number;
}

export interface CrawlSeedDeps {
  sqs: Pick<SQSClient, 'send'>;
  queueUrl: string;
  store: Pick<Store, 'claimCrawlUrl' | 'markCrawlUrlsQueued'>;
  sources: CrawlSource[];
  options: CrawlOptions;
  context: CrawlContext;
  now: Clock;
  logger: Logger;
}

/** One run per day by default, so a retried schedule invocation joins the run it retries. */
export const defaultRunId = (at: Date): string => `crawl-${at.toISOString().slice(0, 10)}`;

/** Who holds the seed's claims: the run itself, so any retry of the seed for the run may re-queue them. */
export const seedClaimant = (runId: string): string => `seed:${runId}`;

export const makeCrawlSeedHandler = (deps: CrawlSeedDeps) => {
  return async (event: CrawlSeedEvent = {}): Promise<CrawlSeedResult> => {
    const runId = typeof event.runId === 'string' && event.runId ? event.runId : defaultRunId(deps.now());
    const planned = await planSeeds(deps.sources, {
      now: deps.now,
      logger: deps.logger,
      options: deps.options,
      runId,
      context: deps.context,
    });
    const at = deps.now().toISOString();
    const claimed = [];
    const claimant = seedClaimant(runId);
    for (const message of planned) {
      if (await deps.store.claimCrawlUrl(runId, urlKey(message.url), at, claimant)) claimed.push({ message });
    }
    const queued = await enqueueCrawlMessages(deps.sqs, deps.queueUrl, claimed);
    await deps.store.markCrawlUrlsQueued(
      runId,
      claimed.map((c) => urlKey(c.message.url)),
      deps.now().toISOString(),
    );
    deps.logger.info('crawl seeded', { runId, planned: planned.length, queued });
    return { runId, planned: planned.length, queued };
  };
};
