// Crawl benchmark: a generated site of linked pages served on loopback with a few milliseconds
// of latency per response, crawled by promisegap's crawler and by Crawlee's CheerioCrawler at the
// same concurrency, each in its own child process that reports its own peak RSS.
//
//   npm run bench:crawl [-- --pages 2000 --concurrency 16 --latency 3 --json]

import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';

interface Args {
  pages: number;
  concurrency: number;
  latencyMs: number;
  json: boolean;
  child?: 'ours' | 'crawlee';
  url?: string;
}

const parseArgs = (argv: string[]): Args => {
  const args: Args = { pages: 2000, concurrency: 16, latencyMs: 3, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`bench:crawl: ${a} needs a value`);
      return v;
    };
    if (a === '--pages') args.pages = Number(next());
    else if (a === '--concurrency') args.concurrency = Number(next());
    else if (a === '--latency') args.latencyMs = Number(next());
    else if (a === '--json') args.json = true;
    else if (a === '--child') args.child = next() as Args['child'];
    else if (a === '--url') args.url = next();
    else throw new Error(`bench:crawl: unknown argument ${a}`);
  }
  for (const k of ['pages', 'concurrency', 'latencyMs'] as const) {
    if (!Number.isFinite(args[k]) || args[k] < 0)
      throw new Error(`bench:crawl: --${k} must be a number >= 0`);
  }
  return args;
};

// ---------------------------------------------------------------- the generated site

const WORDS =
  'service support reply ticket plan team hours uptime delivery order refund credit response priority customer account billing status update contact policy'.split(
    ' ',
  );

const paragraph = (seed: number, words: number): string => {
  let x = seed * 2654435761;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out.push(WORDS[x % WORDS.length] as string);
  }
  return out.join(' ');
};

/** Page n links to its children in a 4-ary tree, a fixed navigation, and two pseudo-random pages. */
const renderPage = (n: number, total: number): string => {
  const links: number[] = [];
  for (let k = 1; k <= 4; k++) links.push(4 * n + k);
  links.push((n * 7 + 3) % total, (n * 13 + 5) % total);
  const nav = Array.from({ length: 12 }, (_, i) => `<li><a href="/p/${i}">Section ${i}</a></li>`).join('');
  const body = links
    .filter((l) => l < total)
    .map((l) => `<li><a href="/p/${l}?utm_source=bench#top">Page ${l}</a></li>`)
    .join('');
  const text = Array.from({ length: 8 }, (_, i) => `<p>${paragraph(n * 10 + i, 80)}</p>`).join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Page ${n}</title>
<link rel="canonical" href="/p/${n}"></head><body><nav><ul>${nav}</ul></nav><main><h1>Page ${n}</h1>
${text}<ul>${body}</ul></main><footer><a href="/about">About</a></footer></body></html>`;
};

const startSite = (pages: number, latencyMs: number): Promise<{ server: Server; url: string }> => {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    const respond = () => {
      if (path === '/robots.txt') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('User-agent: *\nDisallow: /private/\n');
        return;
      }
      const m = /^\/p\/(\d+)$/.exec(path);
      const n = m ? Number(m[1]) : path === '/about' ? 0 : -1;
      if (n < 0 || n >= pages) {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<html><body>not found</body></html>');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(renderPage(n, pages));
    };
    if (latencyMs > 0) setTimeout(respond, latencyMs);
    else respond();
  });
  server.keepAliveTimeout = 10_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({ server, url: `http://127.0.0.1:${port}/p/0` });
    }),
  );
};

// ---------------------------------------------------------------- the children

interface ChildResult {
  pages: number;
  ms: number;
  peakRssMb: number;
}

const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

const runOurs = async (url: string, args: Args): Promise<ChildResult> => {
  const { crawlSources } = await import('../packages/crawl/index.ts');
  const { silentLogger } = await import('../packages/core/index.ts');
  // The store keeps only what a conditional GET and the change check need.
  const metas = new Map<string, { url: string; fetchedAt: string; contentHash: string; etag?: string }>();
  const store = {
    getSnapshotMeta: async (u: string) => metas.get(u),
    putSnapshot: async (s: { url: string; fetchedAt: string; contentHash: string; etag?: string }) => {
      const previous = metas.get(s.url);
      metas.set(s.url, { url: s.url, fetchedAt: s.fetchedAt, contentHash: s.contentHash, etag: s.etag });
      return { stored: previous?.contentHash !== s.contentHash, previous };
    },
    touchSnapshot: async () => {},
  };
  const started = performance.now();
  const report = await crawlSources(
    [{ url, kind: 'marketing', include: [], exclude: [], maxPages: args.pages, maxDepth: 100 }],
    {
      store,
      now: () => new Date(),
      logger: silentLogger,
      options: {
        userAgent: 'promisegap-bot/0.1',
        contactUrl: 'https://github.com/promisegap/promisegap',
        concurrency: args.concurrency,
        perHostConcurrency: args.concurrency,
        perHostDelayMs: 0,
        allowPrivateAddresses: true,
        retries: 0,
      },
    },
  );
  const ms = performance.now() - started;
  const fetched = report.pages.filter((p) => p.outcome === 'new' || p.outcome === 'changed').length;
  return { pages: fetched, ms, peakRssMb: peakRssMb() };
};

const runCrawlee = async (url: string, args: Args): Promise<ChildResult> => {
  const { CheerioCrawler, Configuration, log, LogLevel } = await import('crawlee');
  log.setLevel(LogLevel.OFF);
  let pages = 0;
  const crawler = new CheerioCrawler(
    {
      minConcurrency: args.concurrency,
      maxConcurrency: args.concurrency,
      maxRequestsPerCrawl: args.pages,
      maxRequestRetries: 0,
      async requestHandler({ enqueueLinks }) {
        pages++;
        await enqueueLinks({ strategy: 'same-hostname' });
      },
    },
    new Configuration({ persistStorage: false }),
  );
  const started = performance.now();
  await crawler.run([url]);
  const ms = performance.now() - started;
  return { pages, ms, peakRssMb: peakRssMb() };
};

const runChild = (which: 'ours' | 'crawlee', url: string, args: Args): Promise<ChildResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        '--child',
        which,
        '--url',
        url,
        '--pages',
        String(args.pages),
        '--concurrency',
        String(args.concurrency),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`bench:crawl: the ${which} child exited with ${code}: ${out}`));
      try {
        resolve(JSON.parse(last) as ChildResult);
      } catch (cause) {
        reject(new Error(`bench:crawl: the ${which} child printed no result: ${out}`, { cause }));
      }
    });
  });

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) {
    if (!args.url) throw new Error('bench:crawl: a child needs --url');
    const result = args.child === 'ours' ? await runOurs(args.url, args) : await runCrawlee(args.url, args);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  }
  const { server, url } = await startSite(args.pages, args.latencyMs);
  try {
    // Crawlee first, ours second: any warm-up of the server favours the baseline, not us.
    const crawlee = await runChild('crawlee', url, args);
    const ours = await runChild('ours', url, args);
    const pagesPerSecond = ours.pages / (ours.ms / 1000);
    const crawleePagesPerSecond = crawlee.pages / (crawlee.ms / 1000);
    const summary = {
      pages: ours.pages,
      pagesPerSecond: round(pagesPerSecond, 1),
      crawleePagesPerSecond: round(crawleePagesPerSecond, 1),
      throughputRatio: round(pagesPerSecond / crawleePagesPerSecond),
      peakRssMb: round(ours.peakRssMb, 1),
      crawleePeakRssMb: round(crawlee.peakRssMb, 1),
      rssRatio: round(ours.peakRssMb / crawlee.peakRssMb),
    };
    const table = new Table({ head: ['crawler', 'pages', 'seconds', 'pages/s', 'peak RSS MB'] });
    table.push(
      ['promisegap', ours.pages, round(ours.ms / 1000), summary.pagesPerSecond, summary.peakRssMb],
      [
        'crawlee CheerioCrawler',
        crawlee.pages,
        round(crawlee.ms / 1000),
        summary.crawleePagesPerSecond,
        summary.crawleePeakRssMb,
      ],
    );
    process.stdout.write(
      `site: ${args.pages} pages on loopback, ${args.latencyMs} ms latency, concurrency ${args.concurrency}\n${table.toString()}\n` +
        `throughput ratio ${summary.throughputRatio} (target >= 1.0), RSS ratio ${summary.rssRatio} (target <= 0.6)\n`,
    );
    if (args.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    server.close();
    server.closeAllConnections();
  }
};

await main();
