// What every page fetch of one crawl shares: the guarded connection pool, the honest user agent,
// the limits, the retry policy and the robots.txt cache.

import type { Agent } from 'undici';
import type { Resolver } from './address-guard.ts';
import { DOCUMENT_TYPES } from './content.ts';
import {
  createFetchAgent,
  DEFAULT_MAX_BYTES,
  DEFAULT_TIMEOUT_MS,
  type FetchedDocument,
  fetchDocument,
} from './fetch-document.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, realSleep, type Sleep, withRetries } from './retry.ts';
import { createRobotsCache, type RobotsCache } from './robots.ts';
import type { CrawlOptions } from './types.ts';

export interface ConditionalFetch {
  etag?: string;
  lastModified?: string;
  accept?: readonly string[];
  maxBytes?: number;
}

export interface CrawlContext {
  userAgentHeader: string;
  /** The token robots.txt groups are matched against ("promisegap-bot"). */
  robotsToken: string;
  maxBytes: number;
  fetch(url: string, conditional?: ConditionalFetch): Promise<FetchedDocument>;
  robots: RobotsCache;
  sleep: Sleep;
  close(): Promise<void>;
}

export interface CrawlContextDeps {
  sleep?: Sleep;
  random?: () => number;
  /** Name resolution for the address guard (tests); the system resolver otherwise. */
  resolver?: Resolver;
  retryPolicy?: Partial<RetryPolicy>;
  onRetry?: (url: string, error: unknown, delayMs: number) => void;
}

/** The User-Agent header: the configured product token with the contact URL, as polite bots do. */
export const userAgentHeader = (options: Pick<CrawlOptions, 'userAgent' | 'contactUrl'>): string =>
  `${options.userAgent} (+${options.contactUrl})`;

export const robotsToken = (userAgent: string): string => userAgent.split(/[/\s]/)[0] || userAgent;

export const createCrawlContext = (options: CrawlOptions, deps: CrawlContextDeps = {}): CrawlContext => {
  const agent: Agent = createFetchAgent({
    allowPrivateAddresses: options.allowPrivateAddresses,
    timeoutMs: options.timeoutMs,
    resolver: deps.resolver,
    connections: Math.max(1, options.perHostConcurrency),
  });
  const sleep = deps.sleep ?? realSleep;
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...deps.retryPolicy,
    retries: options.retries ?? deps.retryPolicy?.retries ?? DEFAULT_RETRY_POLICY.retries,
  };
  const header = userAgentHeader(options);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const fetch = (url: string, conditional: ConditionalFetch = {}): Promise<FetchedDocument> =>
    withRetries(
      () =>
        fetchDocument(url, {
          agent,
          allowPrivateAddresses: options.allowPrivateAddresses,
          userAgent: header,
          timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          maxBytes: conditional.maxBytes ?? maxBytes,
          maxRedirects: options.maxRedirects,
          etag: conditional.etag,
          lastModified: conditional.lastModified,
          accept: conditional.accept ?? DOCUMENT_TYPES,
        }),
      {
        policy,
        sleep,
        random: deps.random ?? Math.random,
        onRetry: deps.onRetry ? (error, delay) => deps.onRetry?.(url, error, delay) : undefined,
      },
    );
  const token = robotsToken(options.userAgent);
  return {
    userAgentHeader: header,
    robotsToken: token,
    maxBytes,
    fetch,
    robots: createRobotsCache(token, (url, accept, cap) => fetch(url, { accept, maxBytes: cap })),
    sleep,
    close: () => agent.close(),
  };
};
