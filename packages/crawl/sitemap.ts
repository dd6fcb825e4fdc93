// Sitemaps: <urlset> and <sitemapindex> (followed to a bounded number of child sitemaps),
// gzipped or not, and the plain-text form (one URL a line). Anything else is a clear error.

import { gunzipSync } from 'node:zlib';
import { isGzip, SITEMAP_TYPES } from './content.ts';
import { CrawlFetchError, DecompressionBombError, SitemapFormatError } from './errors.ts';
import type { FetchedDocument } from './fetch-document.ts';

export type SitemapFetch = (url: string, accept: readonly string[]) => Promise<FetchedDocument>;

export interface SitemapEntries {
  /** Page URLs, in the order the sitemaps list them. */
  urls: string[];
  /** Sitemaps that could not be read: the crawl reports them and goes on. */
  problems: CrawlFetchError[];
}

const LOC = /<loc>\s*(?:<!\[CDATA\[)?\s*([\s\S]*?)\s*(?:\]\]>)?\s*<\/loc>/gi;

const unescapeXml = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

export interface ParsedSitemap {
  kind: 'urlset' | 'index' | 'text';
  locations: string[];
}

/** Parses a sitemap's text. Throws SitemapFormatError for an HTML page or anything not a sitemap. */
export const parseSitemap = (url: string, text: string): ParsedSitemap => {
  const head = text.slice(0, 2048).trimStart();
  if (head.startsWith('<')) {
    if (/<sitemapindex[\s>]/i.test(text)) return { kind: 'index', locations: locations(text) };
    if (/<urlset[\s>]/i.test(text)) return { kind: 'urlset', locations: locations(text) };
    if (/^(<!doctype html|<html)|<html[\s>]/i.test(head))
      throw new SitemapFormatError(url, 'the response is an HTML page');
    throw new SitemapFormatError(url, 'no <urlset> or <sitemapindex> element');
  }
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > 0 && lines.every((l) => /^https?:\/\/\S+$/i.test(l)))
    return { kind: 'text', locations: lines };
  throw new SitemapFormatError(url, 'neither XML nor a list of URLs');
};

const locations = (xml: string): string[] => {
  const out: string[] = [];
  for (const m of xml.matchAll(LOC)) {
    const loc = m[1] ? unescapeXml(m[1].trim()) : '';
    if (loc) out.push(loc);
  }
  return out;
};

/**
 * Reads a sitemap and, for an index, its child sitemaps (breadth first, at most `maxSitemaps`
 * files), stopping once `maxUrls` page URLs are known.
 */
export const readSitemaps = async (
  root: string,
  fetch: SitemapFetch,
  limits: { maxUrls: number; maxSitemaps?: number; maxBytes: number },
): Promise<SitemapEntries> => {
  const maxSitemaps = limits.maxSitemaps ?? 20;
  const queue = [root];
  const seen = new Set(queue);
  const urls: string[] = [];
  const problems: CrawlFetchError[] = [];
  let read = 0;
  while (queue.length && read < maxSitemaps && urls.length < limits.maxUrls) {
    const url = queue.shift() as string;
    read++;
    try {
      const doc = await fetch(url, SITEMAP_TYPES);
      let body = Buffer.from(doc.body.buffer, doc.body.byteOffset, doc.body.byteLength);
      if (isGzip(body)) {
        try {
          body = gunzipSync(body, { maxOutputLength: limits.maxBytes });
        } catch (cause) {
          if (cause instanceof RangeError || (cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
            throw new DecompressionBombError(url, doc.body.byteLength, limits.maxBytes, { cause });
          throw new SitemapFormatError(url, `broken gzip: ${(cause as Error).message}`, { cause });
        }
      }
      const parsed = parseSitemap(url, new TextDecoder(doc.charset ?? 'utf-8').decode(body));
      if (parsed.kind === 'index') {
        for (const loc of parsed.locations) {
          if (!seen.has(loc)) {
            seen.add(loc);
            queue.push(loc);
          }
        }
      } else {
        for (const loc of parsed.locations) {
          if (urls.length >= limits.maxUrls) break;
          urls.push(loc);
        }
      }
    } catch (error) {
      if (error instanceof CrawlFetchError) problems.push(error);
      else throw error;
    }
  }
  return { urls, problems };
};
