// Hostile servers and pathological documents, bounded in time and memory: the crawl's readers
// (links, sitemaps, robots.txt) and its fetch end every case quickly, with a named error or a
// capped result, and a burst of hostile fetches leaves the heap where it was.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BodyTooLargeError,
  discoverLinks,
  FetchTimeoutError,
  fetchDocument,
} from '../../packages/crawl/index.ts';
import { parseRobots } from '../../packages/crawl/robots.ts';
import { parseSitemap } from '../../packages/crawl/sitemap.ts';
import { startSite, type TestSite } from '../integration/crawl/site.ts';

const TIMEOUT_MS = 500;
const MAX_BYTES = 256 * 1024;
const fetchOpts = { allowPrivateAddresses: true, timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES };
let site: TestSite;
const timers: NodeJS.Timeout[] = [];

beforeAll(async () => {
  site = await startSite({
    // Accepts the request and never answers.
    '/silent': () => {},
    // Sends headers one byte at a time, forever.
    '/slow-headers': (_req, res) => {
      const socket = res.socket;
      socket?.write('HTTP/1.1 200 OK\r\n');
      timers.push(setInterval(() => socket?.write('X'), 20));
    },
    // A megabyte a tick, for as long as anyone reads.
    '/flood': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      const pump = () => {
        while (res.write(chunk)) {
          /* fill the socket */
        }
        res.once('drain', pump);
      };
      pump();
    },
  });
});
afterAll(async () => {
  for (const t of timers) clearInterval(t);
  await site.close();
});

const within = async <T>(ms: number, work: () => Promise<T> | T): Promise<T> => {
  const started = performance.now();
  const out = await work();
  expect(performance.now() - started).toBeLessThan(ms);
  return out;
};

describe('hostile servers', () => {
  it.each([
    ['a server that never answers', '/silent', FetchTimeoutError],
    ['headers sent a byte at a time', '/slow-headers', FetchTimeoutError],
    ['a flood of body', '/flood', BodyTooLargeError],
  ])('ends %s within the timeout with a named error', async (_name, path, type) => {
    await within(3 * TIMEOUT_MS + 1500, () =>
      expect(fetchDocument(site.url(path), fetchOpts)).rejects.toBeInstanceOf(type),
    );
  });

  it('keeps the heap bounded through 40 flooding fetches at once', async () => {
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage().heapUsed;
    await within(10_000, () =>
      Promise.all(
        Array.from({ length: 40 }, () =>
          // Forty floods from this same process may hit the timeout before the size limit: either ends it.
          expect(fetchDocument(site.url('/flood'), fetchOpts)).rejects.toSatisfy(
            (e) => e instanceof BodyTooLargeError || e instanceof FetchTimeoutError,
          ),
        ),
      ),
    );
    const grown = process.memoryUsage().heapUsed - before;
    // 40 fetches each stopped at 256 KB: far under 40 MB of growth even before any collection.
    expect(grown).toBeLessThan(40 * 1024 * 1024);
  });
});

describe('pathological documents', () => {
  const page = 'https://example.test/support';

  it('reads links out of 20,000 nested elements quickly', async () => {
    const nested = `${'<div>'.repeat(20_000)}<a href="/deep">deep</a>${'</div>'.repeat(20_000)}`;
    const links = await within(5000, () => discoverLinks(nested, page));
    expect(links.links).toContain('https://example.test/deep');
  });

  it('reads a page of 50,000 links quickly', async () => {
    const many = Array.from({ length: 50_000 }, (_, i) => `<a href="/p${i}">${i}</a>`).join('');
    const links = await within(5000, () => discoverLinks(many, page));
    expect(links.links.length).toBeGreaterThan(0);
  });

  it('reads a link whose attribute is a megabyte long, and a page of unclosed tags, quickly', async () => {
    await within(5000, () =>
      discoverLinks(`<a href="/${'x'.repeat(1_000_000)}">x</a><a href="/ok">ok</a>`, page),
    );
    await within(5000, () => discoverLinks('<a href="/a"'.repeat(20_000), page));
    await within(5000, () => discoverLinks(`${'<!-- x '.repeat(50_000)}<a href="/b">b</a>`, page));
    await within(5000, () => discoverLinks(`${'<script>x'.repeat(50_000)}<a href="/c">c</a>`, page));
    await within(5000, () => discoverLinks('<a href="/d'.repeat(50_000), page));
  });

  it('reads a sitemap of 50,000 entries and a robots.txt of 100,000 lines quickly', async () => {
    const sitemap = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${Array.from(
      { length: 50_000 },
      (_, i) => `<url><loc>https://example.test/p${i}</loc></url>`,
    ).join('')}</urlset>`;
    const parsed = await within(5000, () => parseSitemap('https://example.test/sitemap.xml', sitemap));
    expect(parsed.locations).toHaveLength(50_000);
    const robots = Array.from({ length: 100_000 }, (_, i) => `Disallow: /private-${i}/`).join('\n');
    const rules = await within(5000, () =>
      parseRobots('https://example.test/robots.txt', `User-agent: *\n${robots}`, 'promisegap-bot'),
    );
    expect(rules).toBeDefined();
  });
});
