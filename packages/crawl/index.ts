// Public entry of the crawler: one safe fetch, the local crawl, the queue-driven crawl's two
// steps, the address guard's decisions and the progress helper.

export {
  type AddressDecision,
  type AddressPolicy,
  checkAddress,
  type NormalisedHost,
  normaliseHost,
} from './address-guard.ts';
export { type CrawlContext, createCrawlContext, userAgentHeader } from './context.ts';
export { type CrawlDeps, crawlSources } from './crawl.ts';
export {
  type CrawlPageDeps,
  type CrawlPageResult,
  crawlPage,
  type PlanSeedsDeps,
  planSeeds,
  runIdFor,
} from './distributed.ts';
export * from './errors.ts';
export {
  createFetchAgent,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_REDIRECTS,
  DEFAULT_TIMEOUT_MS,
  type FetchedDocument,
  type FetchOptions,
  fetchDocument,
} from './fetch-document.ts';
export { discoverLinks, type PageLinks } from './links.ts';
export { parseCrawlMessage, serializeCrawlMessage } from './messages.ts';
export { createProgressReporter, type ProgressReporter, type ProgressStream } from './progress.ts';
export { isRetryable } from './retry.ts';
export type { RobotsRules } from './robots.ts';
export { toCrawlSources } from './sources.ts';
export type {
  CrawledPage,
  CrawlMessage,
  CrawlOptions,
  CrawlProgress,
  CrawlReport,
  CrawlSource,
  PageOutcome,
} from './types.ts';
export { normaliseUrl, urlKey } from './url.ts';
