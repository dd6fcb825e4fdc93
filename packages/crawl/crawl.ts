// The local crawl: sources in, a report out. Breadth first per source within its page and depth
// budget, politely (a global limit, a per-host limit and delay, robots.txt with Crawl-delay),
// de-duplicating normalised URLs and refusing trap URLs, storing new and changed snapshots.

import type { Logger, Store } from '../core/index.ts';
import { type CrawlContext, type CrawlContextDeps, createCrawlContext } from './context.ts';
import { CrawlFetchError } from './errors.ts';
import { processPage } from './page.ts';
import { readSitemaps } from './sitemap.ts';
import { validateSource } from './sources.ts';
import type { CrawledPage, CrawlOptions, CrawlProgress, CrawlReport, CrawlSource } from './types.ts';
import {
  compileFilter,
  createTrapGuard,
  isSameSite,
  normaliseUrl,
  passesFilter,
  type TrapLimits,
  type UrlFilter,
  urlKey,
} from './url.ts';

/** Crawl-delay above this is capped: a site asking for minutes per page would never finish. */
const MAX_CRAWL_DELAY_MS = 30_000;

export interface CrawlDeps extends CrawlContextDeps {
  /** getLatestSnapshot, when given, lets a 304 page's links be followed from the stored copy. */
  store: Pick<Store, 'getSnapshotMeta' | 'putSnapshot' | 'touchSnapshot'> &
    Partial<Pick<Store, 'getLatestSnapshot'>>;
  now: () => Date;
  logger: Logger;
  options: CrawlOptions;
  onProgress?: (progress: CrawlProgress) => void;
  trapLimits?: TrapLimits;
}

interface Task {
  url: string;
  depth: number;
  source: number;
}

interface HostState {
  origin: string;
  queue: Task[];
  head: number;
  active: number;
  cooling: boolean;
  delayMs: number;
  robotsReported: boolean;
}

interface SourceState {
  source: CrawlSource;
  filter: UrlFilter;
  enqueued: number;
}

const validateOptions = (options: CrawlOptions): void => {
  for (const key of ['concurrency', 'perHostConcurrency'] as const) {
    if (!Number.isInteger(options[key]) || options[key] < 1)
      throw new RangeError(`crawl option ${key} must be a positive integer, got ${options[key]}`);
  }
  if (!(options.perHostDelayMs >= 0)) throw new RangeError(`crawl option perHostDelayMs must be >= 0`);
};

export const crawlSources = async (sources: CrawlSource[], deps: CrawlDeps): Promise<CrawlReport> => {
  validateOptions(deps.options);
  for (const source of sources) validateSource(source);
  const { options, logger, store, now } = deps;
  const startedAt = now().toISOString();
  const context: CrawlContext = createCrawlContext(options, deps);
  const pages: CrawledPage[] = [];
  const seen = new Set<string>();
  const traps = createTrapGuard(deps.trapLimits);
  const hosts = new Map<string, HostState>();
  const hostOrder: HostState[] = [];
  let rr = 0;
  const states: SourceState[] = sources.map((source) => ({
    source,
    filter: compileFilter(source.include, source.exclude),
    enqueued: 0,
  }));
  let queued = 0;
  let active = 0;
  let loaders = 0;
  let done = 0;
  let fatal: unknown;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });

  const hostFor = (url: string): HostState => {
    const origin = new URL(url).origin;
    let host = hosts.get(origin);
    if (!host) {
      host = {
        origin,
        queue: [],
        head: 0,
        active: 0,
        cooling: false,
        delayMs: options.perHostDelayMs,
        robotsReported: false,
      };
      hosts.set(origin, host);
      hostOrder.push(host);
    }
    return host;
  };

  const report = (page: CrawledPage): void => {
    pages.push(page);
  };

  /** Adds a URL to its host's queue unless it is foreign, filtered, seen, a trap or over budget. */
  const enqueue = (raw: string, depth: number, sourceIndex: number, seed: boolean): void => {
    const state = states[sourceIndex];
    if (!state) return;
    const url = normaliseUrl(raw);
    if (!url || !isSameSite(url, state.source.url)) return;
    if (!seed && !passesFilter(url, state.filter)) return;
    if (state.enqueued >= state.source.maxPages) return;
    const key = urlKey(url);
    if (seen.has(key)) return;
    seen.add(key);
    if (!seed) {
      const trap = traps.check(url);
      if (trap) {
        report({ url, sourceKind: state.source.kind, outcome: 'skipped', error: `${url}: ${trap}` });
        return;
      }
    }
    state.enqueued++;
    const host = hostFor(url);
    host.queue.push({ url, depth, source: sourceIndex });
    queued++;
  };

  const nextHost = (): HostState | undefined => {
    for (let i = 0; i < hostOrder.length; i++) {
      const host = hostOrder[(rr + i) % hostOrder.length];
      if (
        host &&
        host.head < host.queue.length &&
        !host.cooling &&
        host.active < options.perHostConcurrency
      ) {
        rr = (rr + i + 1) % hostOrder.length;
        return host;
      }
    }
    return undefined;
  };

  const pump = (): void => {
    while (fatal === undefined && active < options.concurrency) {
      const host = nextHost();
      if (!host) break;
      const task = host.queue[host.head++] as Task;
      if (host.head > 1024 && host.head * 2 > host.queue.length) {
        host.queue = host.queue.slice(host.head);
        host.head = 0;
      }
      queued--;
      active++;
      host.active++;
      if (host.delayMs > 0) {
        host.cooling = true;
        void context.sleep(host.delayMs).then(() => {
          host.cooling = false;
          pump();
        });
      }
      void run(task, host);
    }
    if (active === 0 && loaders === 0 && (queued === 0 || fatal !== undefined)) finish();
  };

  const run = async (task: Task, host: HostState): Promise<void> => {
    const state = states[task.source] as SourceState;
    const kind = state.source.kind;
    try {
      const result = await processPage(
        task.url,
        kind,
        { context, store, now },
        task.depth < state.source.maxDepth,
      );
      if (result.crawlDelayMs !== undefined) {
        host.delayMs = Math.max(options.perHostDelayMs, Math.min(result.crawlDelayMs, MAX_CRAWL_DELAY_MS));
      }
      if (!host.robotsReported) {
        host.robotsReported = true;
        const rules = await context.robots.rulesFor(host.origin);
        if (rules.problem)
          report({ url: rules.url, sourceKind: kind, outcome: 'failed', error: rules.problem.message });
      }
      let outcome = result.outcome;
      const error = result.error?.message;
      if (result.finalUrl !== task.url) {
        const finalKey = urlKey(normaliseUrl(result.finalUrl) ?? result.finalUrl);
        if (finalKey !== urlKey(task.url) && seen.has(finalKey) && outcome !== 'failed') {
          report({
            url: task.url,
            sourceKind: kind,
            outcome: 'skipped',
            status: result.status,
            error: `${task.url}: redirects to ${result.finalUrl}, already crawled`,
          });
          return;
        }
        seen.add(finalKey);
      }
      const canonical = result.links?.canonical ? normaliseUrl(result.links.canonical) : undefined;
      if (canonical && isSameSite(canonical, task.url)) {
        const key = urlKey(canonical);
        if (key !== urlKey(normaliseUrl(result.finalUrl) ?? result.finalUrl)) {
          if (seen.has(key) && outcome !== 'failed') {
            report({
              url: task.url,
              sourceKind: kind,
              outcome: 'skipped',
              status: result.status,
              error: `${task.url}: duplicate of its canonical ${canonical}`,
            });
            return;
          }
          seen.add(key);
        }
      }
      let snapshot = result.snapshot;
      let previous = result.previous;
      if (snapshot) {
        const put = await store.putSnapshot(snapshot);
        if (!put.stored) {
          await store.touchSnapshot(snapshot.url, snapshot.fetchedAt);
          outcome = 'unchanged';
          snapshot = undefined;
        } else {
          previous = put.previous ?? previous;
          outcome = previous ? 'changed' : 'new';
        }
      }
      const page: CrawledPage = { url: result.finalUrl, sourceKind: kind, outcome };
      if (result.status !== undefined) page.status = result.status;
      if (error !== undefined) page.error = error;
      if (snapshot) page.snapshot = snapshot;
      if (snapshot && previous) page.previous = previous;
      report(page);
      if (result.links && !result.links.nofollow && task.depth < state.source.maxDepth) {
        for (const link of result.links.links) enqueue(link, task.depth + 1, task.source, false);
      }
    } catch (error) {
      if (error instanceof CrawlFetchError) {
        report({ url: task.url, sourceKind: kind, outcome: 'failed', error: error.message });
      } else {
        fatal ??= error;
        logger.error('crawl stopped by an unexpected error', { url: task.url, error: String(error) });
      }
    } finally {
      done++;
      active--;
      host.active--;
      deps.onProgress?.({ done, queued: queued + active, url: task.url });
      pump();
    }
  };

  const loadSitemap = async (index: number): Promise<void> => {
    const state = states[index] as SourceState;
    const sitemap = state.source.sitemap;
    if (!sitemap) return;
    loaders++;
    try {
      const root = new URL(sitemap, state.source.url).href;
      const entries = await readSitemaps(root, (url, accept) => context.fetch(url, { accept }), {
        maxUrls: state.source.maxPages * 4,
        maxBytes: context.maxBytes,
      });
      for (const problem of entries.problems) {
        report({
          url: problem.url,
          sourceKind: state.source.kind,
          outcome: 'failed',
          error: problem.message,
        });
      }
      for (const url of entries.urls) enqueue(url, 0, index, false);
      logger.info('sitemap read', { sitemap: root, urls: entries.urls.length });
    } catch (error) {
      fatal ??= error;
    } finally {
      loaders--;
      pump();
    }
  };

  for (const [i, source] of sources.entries()) enqueue(source.url, 0, i, true);
  const sitemapLoads = sources.map((_, i) => loadSitemap(i));
  pump();
  await Promise.all(sitemapLoads);
  await finished;
  await context.close();
  if (fatal !== undefined) throw fatal;
  const finishedAt = now().toISOString();
  const counts = pages.reduce<Record<string, number>>((acc, p) => {
    acc[p.outcome] = (acc[p.outcome] ?? 0) + 1;
    return acc;
  }, {});
  logger.info('crawl finished', { pages: pages.length, ...counts });
  return { pages, startedAt, finishedAt };
};
