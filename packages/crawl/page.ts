// One page of a crawl, shared by the local crawl and the queue worker: robots check, conditional
// GET, content hash against the last snapshot, and the links to follow. Storing is the caller's.

import { type Snapshot, type SnapshotMeta, type SourceKind, type Store, sha256Hex } from '../core/index.ts';
import { decodeText, isHtmlType } from './content.ts';
import type { CrawlContext } from './context.ts';
import { CrawlFetchError, HttpStatusError, RobotsDisallowedError } from './errors.ts';
import { discoverLinks, type PageLinks } from './links.ts';
import type { PageOutcome } from './types.ts';

export type PageStore = Pick<Store, 'getSnapshotMeta' | 'touchSnapshot'> &
  Partial<Pick<Store, 'getLatestSnapshot'>>;

export interface PageResult {
  /** The URL asked for. */
  url: string;
  /** Where it ended after redirects (the snapshot's URL). */
  finalUrl: string;
  outcome: PageOutcome;
  status?: number;
  error?: CrawlFetchError;
  /** New or changed content, not yet stored. */
  snapshot?: Snapshot;
  /** The last stored snapshot of the page, if any. */
  previous?: SnapshotMeta;
  /** Links of an HTML page, when asked for. */
  links?: PageLinks;
  /** Crawl-delay the origin asks for. */
  crawlDelayMs?: number;
}

export interface PageDeps {
  context: CrawlContext;
  store: PageStore;
  now: () => Date;
}

const linksOf = (body: Uint8Array, contentType: string, charset: string | undefined, url: string) =>
  isHtmlType(contentType) ? discoverLinks(decodeText(body, charset), url) : undefined;

/**
 * Fetches a page unless robots.txt forbids it. Fetch failures (a refusal, a timeout, a 404) are a
 * `failed` result with the error; store failures propagate.
 */
export const processPage = async (
  url: string,
  sourceKind: SourceKind,
  deps: PageDeps,
  wantLinks: boolean,
): Promise<PageResult> => {
  const { context, store, now } = deps;
  const origin = new URL(url).origin;
  const robots = await context.robots.rulesFor(origin);
  if (!robots.isAllowed(url)) {
    const error = robots.problem ?? new RobotsDisallowedError(url);
    return { url, finalUrl: url, outcome: 'skipped', error, crawlDelayMs: robots.crawlDelayMs };
  }
  const meta = await store.getSnapshotMeta(url);
  let doc: Awaited<ReturnType<CrawlContext['fetch']>>;
  try {
    doc = await context.fetch(url, { etag: meta?.etag, lastModified: meta?.lastModified });
  } catch (error) {
    if (!(error instanceof CrawlFetchError)) throw error;
    const status = error instanceof HttpStatusError ? error.status : undefined;
    return { url, finalUrl: url, outcome: 'failed', status, error, crawlDelayMs: robots.crawlDelayMs };
  }
  const fetchedAt = now().toISOString();
  const base = { url, finalUrl: doc.url, status: doc.status, crawlDelayMs: robots.crawlDelayMs };
  if (doc.notModified) {
    await store.touchSnapshot(url, fetchedAt);
    let links: PageLinks | undefined;
    // A 304 has no body: follow the links of the stored copy, at the cost of a store read, not a download.
    if (wantLinks && store.getLatestSnapshot) {
      const stored = await store.getLatestSnapshot(url);
      if (stored) links = linksOf(stored.body, stored.contentType, stored.charset, stored.url);
    }
    return { ...base, outcome: 'unchanged', previous: meta, links };
  }
  const previous = doc.url === url ? meta : await store.getSnapshotMeta(doc.url);
  const contentHash = sha256Hex(doc.body);
  const links = wantLinks ? linksOf(doc.body, doc.contentType, doc.charset, doc.url) : undefined;
  if (previous?.contentHash === contentHash) {
    await store.touchSnapshot(doc.url, fetchedAt);
    return { ...base, outcome: 'unchanged', previous, links };
  }
  const snapshot: Snapshot = {
    url: doc.url,
    sourceKind,
    fetchedAt,
    status: doc.status,
    contentType: doc.contentType,
    contentHash,
    body: doc.body,
  };
  if (doc.etag) snapshot.etag = doc.etag;
  if (doc.lastModified) snapshot.lastModified = doc.lastModified;
  if (doc.charset) snapshot.charset = doc.charset;
  return { ...base, outcome: previous ? 'changed' : 'new', snapshot, previous, links };
};
