// robots.txt per origin: fetched once, parsed with robots-parser, with Crawl-delay. A robots.txt
// that is missing allows everything; one the server cannot serve (5xx, timeout) stops the site
// for this run; one that is not a robots file (an HTML page) is reported and ignored.

import robotsParserModule from 'robots-parser';
import { ROBOTS_TYPES } from './content.ts';
import { CrawlFetchError, HttpStatusError, RobotsFileError, UnsupportedContentTypeError } from './errors.ts';
import type { FetchedDocument } from './fetch-document.ts';

export interface RobotsRules {
  /** The robots.txt URL. */
  url: string;
  isAllowed(url: string): boolean;
  /** Crawl-delay for our user agent, in milliseconds. */
  crawlDelayMs?: number;
  sitemaps: string[];
  /** Why the file was ignored or the site refused, for the crawl report. */
  problem?: CrawlFetchError;
}

export type RobotsFetch = (
  url: string,
  accept: readonly string[],
  maxBytes: number,
) => Promise<FetchedDocument>;

// robots-parser is CommonJS with an ESM-style type declaration: at run time the default import is
// the parser function itself.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** Google reads the first 500 KiB of a robots.txt; so do we. */
const ROBOTS_MAX_BYTES = 500 * 1024;

const allowAll = (url: string, problem?: CrawlFetchError): RobotsRules => ({
  url,
  isAllowed: () => true,
  sitemaps: [],
  problem,
});

const disallowAll = (url: string, problem: CrawlFetchError): RobotsRules => ({
  url,
  isAllowed: () => false,
  sitemaps: [],
  problem,
});

export const parseRobots = (url: string, text: string, userAgent: string): RobotsRules => {
  const robots = robotsParser(url, text);
  const delay = robots.getCrawlDelay(userAgent);
  return {
    url,
    // robots-parser answers undefined for URLs of another origin: those are not ours to judge.
    isAllowed: (page) => robots.isAllowed(page, userAgent) !== false,
    crawlDelayMs: delay !== undefined && Number.isFinite(delay) && delay > 0 ? delay * 1000 : undefined,
    sitemaps: robots.getSitemaps(),
  };
};

export const loadRobots = async (
  origin: string,
  userAgent: string,
  fetch: RobotsFetch,
): Promise<RobotsRules> => {
  const url = `${origin}/robots.txt`;
  try {
    const doc = await fetch(url, ROBOTS_TYPES, ROBOTS_MAX_BYTES);
    const text = new TextDecoder(doc.charset ?? 'utf-8').decode(doc.body);
    if (/^\s*(<!doctype|<html|<head|<body|<\?xml)/i.test(text)) {
      return allowAll(
        url,
        new RobotsFileError(url, 'robots.txt is an HTML or XML page, not a robots file: no rules applied'),
      );
    }
    return parseRobots(url, text, userAgent);
  } catch (error) {
    if (
      error instanceof HttpStatusError &&
      error.status >= 400 &&
      error.status < 500 &&
      error.status !== 429
    ) {
      return allowAll(url);
    }
    if (error instanceof UnsupportedContentTypeError) {
      return allowAll(
        url,
        new RobotsFileError(
          url,
          `robots.txt is ${error.contentType || 'untyped'}, not a robots file: no rules applied`,
          {
            cause: error,
          },
        ),
      );
    }
    if (error instanceof CrawlFetchError) {
      return disallowAll(
        url,
        new RobotsFileError(
          url,
          `robots.txt could not be read, so the site is not crawled this run: ${error.message}`,
          {
            cause: error,
          },
        ),
      );
    }
    throw error;
  }
};

/** One robots.txt per origin, loaded once even when many pages ask at the same time. */
export const createRobotsCache = (userAgent: string, fetch: RobotsFetch) => {
  const cache = new Map<string, Promise<RobotsRules>>();
  return {
    rulesFor(origin: string): Promise<RobotsRules> {
      let rules = cache.get(origin);
      if (!rules) {
        rules = loadRobots(origin, userAgent, fetch);
        cache.set(origin, rules);
      }
      return rules;
    },
  };
};

export type RobotsCache = ReturnType<typeof createRobotsCache>;
