import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../packages/core/index.ts';
import {
  type CrawlOptions,
  type CrawlSource,
  crawlSources,
  createFetchAgent,
  fetchDocument,
} from '../../../packages/crawl/index.ts';
import { html, memoryStore, startSite, type TestSite, text } from './site.ts';

const options: CrawlOptions = {
  userAgent: 'promisegap-bot/0.1',
  contactUrl: 'https://example.org/bot',
  concurrency: 4,
  perHostConcurrency: 2,
  perHostDelayMs: 0,
  allowPrivateAddresses: true,
  timeoutMs: 2000,
  retries: 2,
};

const source = (url: string, extra: Partial<CrawlSource> = {}): CrawlSource => ({
  url,
  kind: 'marketing',
  include: [],
  exclude: [],
  maxPages: 50,
  maxDepth: 5,
  ...extra,
});

const clock = () => new Date('2031-03-03T06:00:00Z');
const sites: TestSite[] = [];
const site = async (...args: Parameters<typeof startSite>) => {
  const s = await startSite(...args);
  sites.push(s);
  return s;
};
afterEach(async () => {
  for (const s of sites.splice(0)) await s.close();
});

const paths = (urls: string[]) => urls.map((u) => new URL(u).pathname + new URL(u).search);

describe('crawlSources', () => {
  it('follows same-site links once each, respecting robots.txt, depth, patterns and the user agent', async () => {
    const agents: string[] = [];
    const s = await site({
      '/robots.txt': text('User-agent: promisegap-bot\nDisallow: /private\n', 'text/plain'),
      '/': (req, res) => {
        agents.push(req.headers['user-agent'] ?? '');
        html(
          '<a href="/a">a</a><a href="/a/">a again</a><a href="/a?utm_source=x#frag">a tracked</a>' +
            '<a href="/private/x">p</a><a href="/careers/1">c</a><a href="https://elsewhere.example/">x</a><a href="/b">b</a>',
        )(req, res);
      },
      '/a': html('<a href="/deep/1">d</a>'),
      '/b': html('<p>b</p>'),
      '/deep/1': html('<a href="/deep/2">d2</a>'),
      '/deep/2': html('<p>too deep to follow</p>'),
    });
    const report = await crawlSources([source(s.url('/'), { exclude: ['/careers/'], maxDepth: 2 })], {
      store: memoryStore(),
      now: clock,
      logger: silentLogger,
      options,
    });
    expect(paths(report.pages.filter((p) => p.outcome === 'new').map((p) => p.url)).sort()).toEqual([
      '/',
      '/a',
      '/b',
      '/deep/1',
    ]);
    expect(report.pages.find((p) => p.url.endsWith('/private/x'))).toMatchObject({
      outcome: 'skipped',
      error: expect.stringMatching(/disallowed by robots\.txt/),
    });
    expect(s.requests.filter((r) => r.startsWith('/a')).length).toBe(1);
    expect(s.requests).not.toContain('/careers/1');
    expect(agents[0]).toBe('promisegap-bot/0.1 (+https://example.org/bot)');
  });

  it('asks again conditionally: an unchanged page costs a 304, no snapshot, and its links still lead on', async () => {
    let version = 1;
    const s = await site({
      '/': (req, res) => {
        if (req.headers['if-none-match'] === '"v1"') {
          res.writeHead(304, { etag: '"v1"' });
          res.end();
          return;
        }
        html('<a href="/news">news</a>', { etag: '"v1"' })(req, res);
      },
      '/news': (req, res) => html(`<p>version ${version}</p>`)(req, res),
    });
    const store = memoryStore();
    const deps = { store, now: clock, logger: silentLogger, options };
    const first = await crawlSources([source(s.url('/'))], deps);
    expect(first.pages.map((p) => p.outcome)).toEqual(['new', 'new']);
    version = 2;
    const second = await crawlSources([source(s.url('/'))], deps);
    const home = second.pages.find((p) => p.url === s.url('/'));
    const news = second.pages.find((p) => p.url === s.url('/news'));
    expect(home).toMatchObject({ outcome: 'unchanged', status: 304 });
    expect(home?.snapshot).toBeUndefined();
    expect(news?.outcome).toBe('changed');
    expect(news?.previous?.contentHash).toBe(first.pages[1]?.snapshot?.contentHash);
    expect(Buffer.from(news?.snapshot?.body ?? []).toString()).toContain('version 2');
    const third = await crawlSources([source(s.url('/'))], deps);
    expect(third.pages.map((p) => p.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(third.pages.every((p) => p.snapshot === undefined)).toBe(true);
  });

  it('keeps per-host concurrency and honours Crawl-delay between requests', async () => {
    const slept: number[] = [];
    const s = await site(
      {
        '/robots.txt': text('User-agent: *\nCrawl-delay: 1.5\n', 'text/plain'),
        '/': html(Array.from({ length: 12 }, (_, i) => `<a href="/p${i}">${i}</a>`).join('')),
      },
      (req, res) => setTimeout(() => html('<p>page</p>')(req, res), 20),
    );
    await crawlSources([source(s.url('/'))], {
      store: memoryStore(),
      now: clock,
      logger: silentLogger,
      options: { ...options, concurrency: 8, perHostConcurrency: 2, perHostDelayMs: 100 },
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    expect(s.maxInFlight).toBeLessThanOrEqual(2);
    expect(slept[0]).toBe(100);
    expect(slept.slice(1).every((ms) => ms === 1500)).toBe(true);
    expect(slept.length).toBe(13);
  });

  it('retries a busy server after the Retry-After it asks for', async () => {
    let calls = 0;
    const slept: number[] = [];
    const s = await site({
      '/': (req, res) => {
        calls++;
        if (calls < 3) {
          res.writeHead(503, { 'retry-after': '2' });
          res.end();
          return;
        }
        html('<p>finally</p>')(req, res);
      },
    });
    const report = await crawlSources([source(s.url('/'))], {
      store: memoryStore(),
      now: clock,
      logger: silentLogger,
      options,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    expect(report.pages[0]?.outcome).toBe('new');
    expect(slept).toEqual([2000, 2000]);
  });

  it('reads a gzipped sitemap through a sitemap index', async () => {
    const urlset = (paths: string[], origin: string) =>
      `<?xml version="1.0"?><urlset>${paths.map((p) => `<url><loc>${origin}${p}</loc></url>`).join('')}</urlset>`;
    const s = await site({
      '/': html('<p>home without links</p>'),
      '/sitemap.xml': (req, res) =>
        text(
          `<sitemapindex><sitemap><loc>${s.url('/pages.xml.gz')}</loc></sitemap></sitemapindex>`,
          'application/xml',
        )(req, res),
      '/pages.xml.gz': (req, res) =>
        text(gzipSync(urlset(['/sla', '/support', '/blog/x'], s.origin)), 'application/gzip')(req, res),
      '/sla': html('<p>sla</p>'),
      '/support': html('<p>support</p>'),
      '/blog/x': html('<p>blog</p>'),
    });
    const report = await crawlSources(
      [source(s.url('/'), { sitemap: '/sitemap.xml', exclude: ['/blog/'] })],
      {
        store: memoryStore(),
        now: clock,
        logger: silentLogger,
        options,
      },
    );
    expect(paths(report.pages.map((p) => p.url)).sort()).toEqual(['/', '/sla', '/support']);
  });

  it('reports a robots.txt that is an HTML page and a sitemap that is not XML, and crawls on', async () => {
    const s = await site({
      '/robots.txt': html('<h1>Welcome!</h1>'),
      '/sitemap.xml': html('<h1>Page not found</h1>'),
      '/': html('<a href="/next">next</a>'),
      '/next': html('<p>next</p>'),
    });
    const report = await crawlSources([source(s.url('/'), { sitemap: '/sitemap.xml' })], {
      store: memoryStore(),
      now: clock,
      logger: silentLogger,
      options,
    });
    const failed = report.pages.filter((p) => p.outcome === 'failed');
    expect(failed.map((p) => p.error).sort()).toEqual([
      expect.stringMatching(/robots\.txt: robots\.txt is text\/html, not a robots file: no rules applied/),
      expect.stringMatching(/sitemap\.xml: (unsupported content type "text\/html"|not a sitemap)/),
    ]);
    expect(report.pages.filter((p) => p.outcome === 'new')).toHaveLength(2);
  });

  it('fetches a page once when it is reached by a redirect or named as canonical', async () => {
    const s = await site({
      '/': html(
        '<a href="/old">old</a><a href="/new">new</a><a href="/print">print</a><a href="/article">article</a>',
      ),
      '/old': (_req, res) => {
        res.writeHead(301, { location: '/new' });
        res.end();
      },
      '/new': html('<p>new</p>'),
      '/print': (req, res) => html('<link rel="canonical" href="/article"><p>print</p>')(req, res),
      '/article': html('<p>article</p>'),
    });
    const report = await crawlSources([source(s.url('/'))], {
      store: memoryStore(),
      now: clock,
      logger: silentLogger,
      options: { ...options, concurrency: 1, perHostConcurrency: 1 },
    });
    const stored = report.pages.filter((p) => p.outcome === 'new').map((p) => p.url);
    expect(paths(stored).sort()).toEqual(['/', '/article', '/new']);
    expect(report.pages.find((p) => p.url.endsWith('/print'))).toMatchObject({
      outcome: 'skipped',
      error: expect.stringMatching(/duplicate of its canonical .*\/article/),
    });
    expect(report.pages.find((p) => p.url.endsWith('/old'))).toMatchObject({
      outcome: 'skipped',
      error: expect.stringMatching(/already crawled/),
    });
  });

  it('reports progress after every page', async () => {
    const s = await site({ '/': html('<a href="/x">x</a>'), '/x': html('<p>x</p>') });
    const seen: { done: number; queued: number }[] = [];
    await crawlSources([source(s.url('/'))], {
      store: memoryStore(),
      now: clock,
      logger: silentLogger,
      options,
      onProgress: ({ done, queued }) => seen.push({ done, queued }),
    });
    expect(seen).toEqual([
      { done: 1, queued: 1 },
      { done: 2, queued: 0 },
    ]);
  });

  it('lets unexpected store failures stop the crawl instead of hiding them', async () => {
    const s = await site({ '/': html('<p>x</p>') });
    const store = memoryStore();
    store.putSnapshot = async () => {
      throw new Error('table is gone');
    };
    await expect(
      crawlSources([source(s.url('/'))], { store, now: clock, logger: silentLogger, options }),
    ).rejects.toThrow('table is gone');
  });

  it('refuses a source that is not an absolute http(s) URL', async () => {
    await expect(
      crawlSources([source('/relative')], {
        store: memoryStore(),
        now: clock,
        logger: silentLogger,
        options,
      }),
    ).rejects.toThrow(/crawl source \/relative: the URL is not absolute/);
  });
});

describe('the guarded connection', () => {
  it('connects to the address its lookup checked, and refuses a host resolving to a blocked one', async () => {
    const s = await site({ '/': html('<p>via name</p>') });
    const port = new URL(s.origin).port;
    const resolveTo = (address: string) =>
      createFetchAgent({ allowPrivateAddresses: true, resolver: async () => [{ address, family: 4 }] });
    const ok = resolveTo('127.0.0.1');
    const doc = await fetchDocument(`http://site.test:${port}/`, { agent: ok, allowPrivateAddresses: true });
    expect(Buffer.from(doc.body).toString()).toContain('via name');
    const blocked = resolveTo('169.254.169.254');
    await expect(
      fetchDocument(`http://metadata.test:${port}/`, { agent: blocked, allowPrivateAddresses: true }),
    ).rejects.toThrow(
      /http:\/\/metadata\.test:\d+\/: refused to connect to 169\.254\.169\.254: cloud metadata/,
    );
    await ok.close();
    await blocked.close();
  });
});
