import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../packages/core/index.ts';
import {
  BlockedAddressError,
  BodyTooLargeError,
  type CrawlOptions,
  crawlSources,
  DecompressionBombError,
  FetchTimeoutError,
  fetchDocument,
  HttpStatusError,
  TooManyRedirectsError,
  UnsupportedCharsetError,
  UnsupportedContentTypeError,
} from '../../../packages/crawl/index.ts';
import { html, memoryStore, redirect, startSite, type TestSite, text } from './site.ts';

const TIMEOUT_MS = 600;
const MAX_BYTES = 256 * 1024;
const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));

let site: TestSite;
const timers: NodeJS.Timeout[] = [];

beforeAll(async () => {
  site = await startSite({
    '/': html(
      [
        '/ok-1',
        '/slow-drip',
        '/endless',
        '/loop-a',
        '/to-metadata',
        '/bomb',
        '/image',
        '/bad-charset',
        '/ok-2',
        '/calendar?month=2031-01',
      ]
        .map((p) => `<a href="${p}">${p}</a>`)
        .join(''),
    ),
    '/robots.txt': text('User-agent: *\nAllow: /\n', 'text/plain'),
    '/ok-1': html('<p>first</p>'),
    '/ok-2': html('<p>second</p>'),
    '/slow-drip': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const t = setInterval(() => res.write('<p>drip</p>'), 50);
      timers.push(t);
      res.on('close', () => clearInterval(t));
    },
    '/endless': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (res.write(chunk)) {}
      };
      res.on('drain', pump);
      pump();
    },
    '/loop-a': redirect('/loop-b'),
    '/loop-b': redirect('/loop-a'),
    '/chain': (req, res) => {
      const n = Number(new URL(req.url ?? '', 'http://x').searchParams.get('n') ?? 0);
      redirect(`/chain?n=${n + 1}`)(req, res);
    },
    '/to-metadata': redirect('http://169.254.169.254/latest/meta-data/'),
    '/bomb': text(bomb, 'text/html', 200, { 'content-encoding': 'gzip' }),
    '/image': text(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'image/png'),
    '/fake-pdf': text('<html>not a pdf</html>', 'application/pdf'),
    '/bad-charset': text('<p>caf\xe9</p>', 'text/html; charset=x-klingon-9'),
    '/calendar': (req, res) => {
      const month = new URL(req.url ?? '', 'http://x').searchParams.get('month') ?? '2031-01';
      const [y, m] = month.split('-').map(Number) as [number, number];
      const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
      html(`<a href="/calendar?month=${next}">next</a>`)(req, res);
    },
  });
});

afterAll(async () => {
  for (const t of timers) clearInterval(t);
  await site.close();
});

const fetchOpts = { allowPrivateAddresses: true, timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES };

describe('fetchDocument against hostile servers', () => {
  it.each([
    ['a slow drip', '/slow-drip', FetchTimeoutError, /timed out \(total\) after 600 ms/],
    ['an endless body', '/endless', BodyTooLargeError, /larger than the 262144-byte limit/],
    ['a redirect loop', '/loop-a', TooManyRedirectsError, /redirect loop: .*loop-a -> .*loop-b -> .*loop-a/],
    ['a redirect chain', '/chain', TooManyRedirectsError, /more than 5 redirects/],
    [
      'a redirect to the metadata address',
      '/to-metadata',
      BlockedAddressError,
      /refused to connect to 169\.254\.169\.254: cloud metadata.*after a redirect to http:\/\/169/,
    ],
    ['a gzip bomb', '/bomb', DecompressionBombError, /decompression bomb: \d+ compressed bytes expand past/],
    ['a wrong content type', '/image', UnsupportedContentTypeError, /"image\/png"/],
    ['a PDF that is not one', '/fake-pdf', UnsupportedContentTypeError, /not a PDF/],
    ['a broken charset', '/bad-charset', UnsupportedCharsetError, /"x-klingon-9"/],
    ['a missing page', '/nowhere', HttpStatusError, /HTTP 404/],
  ])('ends %s in bounded time with a clear error naming the URL', async (_, path, type, message) => {
    const started = performance.now();
    const attempt = fetchDocument(site.url(path), fetchOpts);
    await expect(attempt).rejects.toBeInstanceOf(type);
    await expect(fetchDocument(site.url(path), fetchOpts)).rejects.toThrow(message);
    await expect(fetchDocument(site.url(path), fetchOpts)).rejects.toThrow(site.origin);
    expect(performance.now() - started).toBeLessThan(3 * TIMEOUT_MS + 2000);
  });

  it('refuses loopback by default, before connecting', async () => {
    const before = site.requests.length;
    await expect(fetchDocument(site.url('/ok-1'))).rejects.toThrow(
      /refused to connect to 127\.0\.0\.1: loopback/,
    );
    expect(site.requests.length).toBe(before);
  });

  it('refuses a decimal spelling of loopback by its decision, before connecting', async () => {
    await expect(fetchDocument('http://2130706433/admin')).rejects.toThrow(
      /refused to connect to 127\.0\.0\.1: loopback/,
    );
  });

  it('fetches a normal page with its charset and validators', async () => {
    const doc = await fetchDocument(site.url('/ok-1'), fetchOpts);
    expect(doc).toMatchObject({
      status: 200,
      contentType: 'text/html',
      charset: 'utf-8',
      notModified: false,
    });
    expect(Buffer.from(doc.body).toString()).toContain('first');
  });
});

const options: CrawlOptions = {
  userAgent: 'promisegap-bot/0.1',
  contactUrl: 'https://example.org/bot',
  concurrency: 4,
  perHostConcurrency: 4,
  perHostDelayMs: 0,
  allowPrivateAddresses: true,
  timeoutMs: TIMEOUT_MS,
  maxBytes: MAX_BYTES,
  retries: 0,
};

describe('a crawl through hostile pages', () => {
  it('reports a clear error per bad URL and crawls the good pages', async () => {
    const started = performance.now();
    const report = await crawlSources(
      [{ url: site.url('/'), kind: 'marketing', include: [], exclude: [], maxPages: 100, maxDepth: 50 }],
      { store: memoryStore(), now: () => new Date('2031-01-05T10:00:00Z'), logger: silentLogger, options },
    );
    expect(performance.now() - started).toBeLessThan(10_000);
    const byPath = new Map(report.pages.map((p) => [new URL(p.url).pathname + new URL(p.url).search, p]));
    expect(byPath.get('/ok-1')?.outcome).toBe('new');
    expect(byPath.get('/ok-2')?.outcome).toBe('new');
    expect(byPath.get('/slow-drip')).toMatchObject({
      outcome: 'failed',
      error: expect.stringMatching(/timed out/),
    });
    expect(byPath.get('/endless')).toMatchObject({
      outcome: 'failed',
      error: expect.stringMatching(/limit/),
    });
    expect(byPath.get('/loop-a')).toMatchObject({
      outcome: 'failed',
      error: expect.stringMatching(/redirect loop/),
    });
    expect(byPath.get('/to-metadata')).toMatchObject({
      outcome: 'failed',
      error: expect.stringMatching(/169\.254\.169\.254/),
    });
    expect(byPath.get('/bomb')).toMatchObject({
      outcome: 'failed',
      error: expect.stringMatching(/decompression bomb/),
    });
    expect(byPath.get('/image')).toMatchObject({
      outcome: 'failed',
      error: expect.stringMatching(/image\/png/),
    });
    expect(byPath.get('/bad-charset')).toMatchObject({
      outcome: 'failed',
      error: expect.stringMatching(/x-klingon-9/),
    });
    const calendar = report.pages.filter((p) => p.url.includes('/calendar'));
    expect(calendar.filter((p) => p.outcome === 'new')).toHaveLength(10);
    expect(calendar.filter((p) => p.outcome === 'skipped')[0]?.error).toMatch(
      /trap: more than 10 calendar-like pages/,
    );
  });
});
