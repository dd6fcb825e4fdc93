// The crawler's public shapes: what to crawl, how politely, and what came of each page.

import type { Snapshot, SnapshotMeta, SourceKind } from '../core/index.ts';

/** A configured source (SourceConfig) with its URL made absolute. */
export interface CrawlSource {
  url: string;
  kind: SourceKind;
  sitemap?: string;
  include: string[];
  exclude: string[];
  maxPages: number;
  maxDepth: number;
}

export interface CrawlOptions {
  /** Product token and version, e.g. "promisegap-bot/0.1"; the contact URL is appended. */
  userAgent: string;
  contactUrl: string;
  concurrency: number;
  perHostConcurrency: number;
  /** Minimum time between two requests to one host (robots.txt Crawl-delay may raise it). */
  perHostDelayMs: number;
  allowPrivateAddresses: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  retries?: number;
}

export type PageOutcome = 'new' | 'changed' | 'unchanged' | 'failed' | 'skipped';

export interface CrawledPage {
  url: string;
  sourceKind: SourceKind;
  outcome: PageOutcome;
  status?: number;
  error?: string;
  /** For new and changed pages: what to extract. */
  snapshot?: Snapshot;
  /** For changed pages: the snapshot this one replaces, for the promise diff. */
  previous?: SnapshotMeta;
}

export interface CrawlReport {
  pages: CrawledPage[];
  startedAt: string;
  finishedAt: string;
}

export interface CrawlProgress {
  done: number;
  queued: number;
  url: string;
}

/** One page to fetch in the queue-driven (AWS) crawl. */
export interface CrawlMessage {
  runId: string;
  url: string;
  sourceKind: SourceKind;
  depth: number;
  /** Index of the page's source in the configured sources, or that source's URL. */
  source: number | string;
}
