// From configured sources to crawl sources: relative URLs resolved against the locally served
// site, everything checked once so a bad source fails before the crawl starts.

import type { SourceConfig } from '../core/index.ts';
import { CrawlSourceError } from './errors.ts';
import type { CrawlSource } from './types.ts';
import { compilePattern } from './url.ts';

export const validateSource = (source: CrawlSource): void => {
  let url: URL;
  try {
    url = new URL(source.url);
  } catch (cause) {
    throw new CrawlSourceError(source.url, 'the URL is not absolute', { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CrawlSourceError(source.url, `scheme ${url.protocol} (only http and https are crawled)`);
  if (!Number.isInteger(source.maxPages) || source.maxPages < 1)
    throw new CrawlSourceError(source.url, `maxPages must be a positive integer, got ${source.maxPages}`);
  if (!Number.isInteger(source.maxDepth) || source.maxDepth < 0)
    throw new CrawlSourceError(source.url, `maxDepth must be a non-negative integer, got ${source.maxDepth}`);
  for (const pattern of [...source.include, ...source.exclude]) {
    try {
      compilePattern(pattern);
    } catch (cause) {
      throw new CrawlSourceError(source.url, `pattern "${pattern}" is not usable`, { cause });
    }
  }
};

/**
 * Makes configured sources crawlable: a relative `url` (or `sitemap`) resolves against `baseUrl`,
 * the address the example site is served on. Without a base, relative URLs are an error.
 */
export const toCrawlSources = (configured: readonly SourceConfig[], baseUrl?: string): CrawlSource[] =>
  configured.map((s) => {
    let url: string;
    try {
      url = new URL(s.url, baseUrl).href;
    } catch (cause) {
      throw new CrawlSourceError(
        s.url,
        baseUrl
          ? `cannot resolve against ${baseUrl}`
          : 'a relative URL needs a served site (site.dir) to resolve against',
        { cause },
      );
    }
    const source: CrawlSource = {
      url,
      kind: s.kind,
      include: [...s.include],
      exclude: [...s.exclude],
      maxPages: s.maxPages,
      maxDepth: s.maxDepth,
    };
    if (s.sitemap) source.sitemap = new URL(s.sitemap, url).href;
    validateSource(source);
    return source;
  });
