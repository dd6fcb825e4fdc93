// The queue-driven crawl used in AWS: the seed job plans one message per start page (and per
// sitemap entry); each worker invocation crawls one page and hands back the links to enqueue.
// De-duplication across workers is the caller's (store.claimCrawlUrl), as is storing.

import type { Logger, Snapshot, SnapshotMeta } from '../core/index.ts';
import { type CrawlContext, type CrawlContextDeps, createCrawlContext } from './context.ts';
import { CrawlMessageError } from './errors.ts';
import { type PageStore, processPage } from './page.ts';
import { isRetryable } from './retry.ts';
import { readSitemaps } from './sitemap.ts';
import { validateSource } from './sources.ts';
import type { CrawlMessage, CrawlOptions, CrawlSource, PageOutcome } from './types.ts';
import {
  calendarPattern,
  compileFilter,
  isSameSite,
  normaliseUrl,
  passesFilter,
  queryFamily,
  staticTrapReason,
  urlKey,
} from './url.ts';

export interface PlanSeedsDeps extends CrawlContextDeps {
  now: () => Date;
  logger: Logger;
  options: CrawlOptions;
  /** Identifies this crawl run (claims are per run); derived from the clock when absent. */
  runId?: string;
  /** A context kept across invocations (connection pool, robots.txt cache). */
  context?: CrawlContext;
}

export const runIdFor = (at: Date): string => `crawl-${at.toISOString()}`;

/** One message per source's start page, plus its sitemap's pages (filtered, within maxPages). */
export const planSeeds = async (sources: CrawlSource[], deps: PlanSeedsDeps): Promise<CrawlMessage[]> => {
  for (const source of sources) validateSource(source);
  const runId = deps.runId ?? runIdFor(deps.now());
  const context = deps.context ?? createCrawlContext(deps.options, deps);
  const messages: CrawlMessage[] = [];
  const seen = new Set<string>();
  try {
    for (const [index, source] of sources.entries()) {
      const start = normaliseUrl(source.url) ?? source.url;
      seen.add(urlKey(start));
      messages.push({ runId, url: start, sourceKind: source.kind, depth: 0, source: index });
      if (!source.sitemap) continue;
      const filter = compileFilter(source.include, source.exclude);
      const entries = await readSitemaps(source.sitemap, (url, accept) => context.fetch(url, { accept }), {
        maxUrls: source.maxPages * 4,
        maxBytes: context.maxBytes,
      });
      for (const problem of entries.problems)
        deps.logger.warn('sitemap not read', { error: problem.message });
      let count = 1;
      for (const raw of entries.urls) {
        if (count >= source.maxPages) break;
        const url = normaliseUrl(raw);
        if (!url || !isSameSite(url, source.url) || !passesFilter(url, filter)) continue;
        const key = urlKey(url);
        if (seen.has(key)) continue;
        seen.add(key);
        messages.push({ runId, url, sourceKind: source.kind, depth: 0, source: index });
        count++;
      }
    }
  } finally {
    if (!deps.context) await context.close();
  }
  deps.logger.info('crawl planned', { runId, seeds: messages.length });
  return messages;
};

export interface CrawlPageDeps extends CrawlContextDeps {
  store: PageStore;
  now: () => Date;
  logger: Logger;
  options: CrawlOptions;
  /** The configured sources, which messages refer to by index or URL. */
  sources: CrawlSource[];
  context?: CrawlContext;
}

export interface CrawlPageResult {
  url: string;
  outcome: PageOutcome;
  status?: number;
  error?: string;
  /** Whether a later attempt could succeed (429, 5xx, network): the worker lets the queue retry. */
  retryable: boolean;
  /** New or changed content, not yet stored. */
  snapshot?: Snapshot;
  previous?: SnapshotMeta;
  /** Same-site links within the source's patterns and depth, not yet de-duplicated across workers. */
  discovered: CrawlMessage[];
  crawlDelayMs?: number;
}

const sourceOf = (message: CrawlMessage, sources: CrawlSource[]): { source: CrawlSource; index: number } => {
  const index =
    typeof message.source === 'number' ? message.source : sources.findIndex((s) => s.url === message.source);
  const source = sources[index];
  if (!source)
    throw new CrawlMessageError(`source ${JSON.stringify(message.source)} is not a configured source`);
  return { source, index };
};

/**
 * Crawls the page of one message. Without a shared memory of the run, traps are bounded by
 * depth and by refusing to chain a calendar page to the next date, or a query variant to another.
 */
export const crawlPage = async (message: CrawlMessage, deps: CrawlPageDeps): Promise<CrawlPageResult> => {
  const { source, index } = sourceOf(message, deps.sources);
  const context = deps.context ?? createCrawlContext(deps.options, deps);
  try {
    const wantLinks = message.depth < source.maxDepth;
    const result = await processPage(
      message.url,
      source.kind,
      { context, store: deps.store, now: deps.now },
      wantLinks,
    );
    const discovered: CrawlMessage[] = [];
    if (result.links && !result.links.nofollow && wantLinks) {
      const filter = compileFilter(source.include, source.exclude);
      const here = result.finalUrl;
      const hereCalendar = calendarPattern(here);
      const hereFamily = queryFamily(here);
      const keys = new Set([
        urlKey(normaliseUrl(message.url) ?? message.url),
        urlKey(normaliseUrl(here) ?? here),
      ]);
      for (const raw of result.links.links) {
        if (discovered.length >= source.maxPages) break;
        const url = normaliseUrl(raw);
        if (!url || !isSameSite(url, source.url) || !passesFilter(url, filter) || staticTrapReason(url))
          continue;
        if (hereCalendar && calendarPattern(url) === hereCalendar) continue;
        if (hereFamily && queryFamily(url) === hereFamily) continue;
        const key = urlKey(url);
        if (keys.has(key)) continue;
        keys.add(key);
        discovered.push({
          runId: message.runId,
          url,
          sourceKind: source.kind,
          depth: message.depth + 1,
          source: index,
        });
      }
    }
    const out: CrawlPageResult = {
      url: result.finalUrl,
      outcome: result.outcome,
      retryable: result.outcome === 'failed' && isRetryable(result.error),
      discovered,
    };
    if (result.status !== undefined) out.status = result.status;
    if (result.error) out.error = result.error.message;
    if (result.snapshot) out.snapshot = result.snapshot;
    if (result.previous) out.previous = result.previous;
    if (result.crawlDelayMs !== undefined) out.crawlDelayMs = result.crawlDelayMs;
    return out;
  } finally {
    if (!deps.context) await context.close();
  }
};
