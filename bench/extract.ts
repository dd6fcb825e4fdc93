// Extraction throughput on HTML pages: the example site, the labelled corpus texts rendered as pages
// (the way the promise scorer renders them: headings, lists and tables inside navigation, a cookie
// banner and a footer) and generated SLA pages. The baseline, measured in the same run on the same
// pages, is cheerio.load alone; ratio = extraction time / cheerio.load time (target <= 2.5).
//
//   npm run bench:extract [-- --rounds 60 --json]

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load as loadDefault } from 'cheerio';
import { load as loadSlim } from 'cheerio/slim';
import Table from 'cli-table3';
import { extractFromHtml } from '../packages/extract/index.ts';

interface Args {
  rounds: number;
  json: boolean;
}

const parseArgs = (argv: string[]): Args => {
  const args: Args = { rounds: 60, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rounds') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v <= 0)
        throw new Error('bench:extract: --rounds needs a positive whole number');
      args.rounds = v;
    } else if (a === '--json') args.json = true;
    else throw new Error(`bench:extract: unknown argument ${a}`);
  }
  return args;
};

const root = new URL('..', import.meta.url).pathname;

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const isTableLine = (line: string): boolean => /\S\s*\|\s*\S|^\s*\|/.test(line);
const isRule = (line: string): boolean => /^\s*\|?\s*:?-{3,}/.test(line);
const bullet = /^\s*(?:[-*•·▪]|\d+[.)])\s+/;
const cellsOf = (line: string): string[] =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
const isHeading = (line: string): boolean =>
  /^\s*#{1,6}\s/.test(line) ||
  (line.trim().length <= 60 &&
    !/[.:;,!?)]$/.test(line.trim()) &&
    !/\d/.test(line) &&
    /^[A-Z]/.test(line.trim()));

/** A text rendered as a web page, the same way the promise scorer renders corpus texts. */
const renderPage = (text: string, title: string): string => {
  const lines = text.split('\n').filter((l) => l.trim());
  const body: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const line = lines[i] ?? '';
    if (isTableLine(line)) {
      const rows: string[][] = [];
      while (i < lines.length && isTableLine(lines[i] ?? '')) {
        if (!isRule(lines[i] ?? '')) rows.push(cellsOf(lines[i] ?? ''));
        i++;
      }
      const [head = [], ...rest] = rows;
      body.push(
        `<table><thead><tr>${head.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${rest
          .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
          .join('\n')}</tbody></table>`,
      );
    } else if (bullet.test(line)) {
      const items: string[] = [];
      while (i < lines.length && bullet.test(lines[i] ?? ''))
        items.push((lines[i++] ?? '').replace(bullet, ''));
      body.push(`<ul>${items.map((t) => `<li>${escapeHtml(t.trim())}</li>`).join('')}</ul>`);
    } else {
      const t = escapeHtml(line.replace(/^\s*#+\s*/, '').trim());
      body.push(isHeading(line) ? `<h2>${t}</h2>` : `<p>${t}</p>`);
      i++;
    }
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif}</style><script>window.dataLayer=[];</script></head><body>
<div class="cookie-banner" role="dialog"><p>We use cookies. <button>Accept all</button></p></div>
<header><nav><a href="/">Home</a> <a href="/pricing">Pricing</a> <a href="/support">Support</a></nav></header>
<main><article>
${body.join('\n')}
</article></main>
<footer><p>&copy; 2026 ${escapeHtml(title)}. All rights reserved.</p></footer>
</body></html>`;
};

// Fragments written for this benchmark, combined deterministically into SLA and policy pages.
const PLANS = ['Starter', 'Team', 'Business', 'Enterprise'];
const SEVERITIES = ['P1 – Critical', 'P2 – High', 'P3 – Medium', 'P4 – Low'];
const PROSE = [
  '<p>"Downtime" means any period during which the service does not respond to requests from two monitoring locations.</p>',
  '<p>Scheduled maintenance, announced through the status page, is not counted as downtime for the purposes of this agreement.</p>',
  '<p>The customer is responsible for keeping contact details current and for naming the people who may open tickets.</p>',
  '<p>This agreement does not cover outages caused by the customer, by third-party networks or by events beyond our reasonable control.</p>',
  '<p>Credits are applied to the next invoice and are the sole remedy for any failure to meet the targets in this document.</p>',
  '<ul><li>Account administration</li><li>Billing questions</li><li>How-to questions about the dashboard</li></ul>',
  '<p>We review this agreement every year and publish each version with the date it took effect, first published on 1 March 2021.</p>',
  '<p>Requests are handled in the order received, and urgent requests are escalated to the on-call engineer by the service desk.</p>',
  '<p>All prices are shown excluding VAT; invoices are issued monthly in advance and are payable by card or bank transfer.</p>',
  '<p>For questions about this policy, contact our team through the help centre or your account manager.</p>',
];

const generatedPage = (n: number): string => {
  const hours = [1, 2, 4, 8, 12, 24, 48].map((h) => h * ((n % 3) + 1));
  const rows = SEVERITIES.map(
    (s, i) =>
      `<tr><td>${s}</td>${PLANS.map((_, j) => `<td>${hours[(i + j) % hours.length]} business hours</td>`).join('')}</tr>`,
  ).join('');
  // One block of promises per page, as on real SLA pages, among the definitions, exclusions and
  // obligations that make up most of such a page.
  const i = n % 7;
  const promises = [
    `<p>Orders placed before ${(n % 4) + 1} pm ship the same day; others ship within ${(i % 3) + 1}–${(i % 3) + 3} business days.</p>`,
    `<p>We guarantee ${99 + ((n + i) % 10) / 10}% monthly uptime. If we miss it, you receive a ${5 * ((i % 4) + 1)}% service credit.</p>`,
    '<p>Our friendly team goes the extra mile for every customer, every time.</p>',
    `<ul><li>Email: reply within ${(i % 5) + 1} hours</li><li>Chat: Monday to Friday, 8am to ${(i % 4) + 5}pm CET</li><li>Phone support 24/7 for Enterprise</li></ul>`,
    `<p>Returns are accepted within ${14 + (i % 3) * 8} days of delivery, and refunds are processed within ${(i % 7) + 3} business days.</p>`,
    '<p>We do not offer phone support on weekends, except for critical incidents affecting all users.</p>',
  ].join('\n');
  const prose = Array.from({ length: 8 + (n % 6) }, (_, k) => PROSE[(n + k) % PROSE.length]).join('\n');
  const paragraphs = [`<h2>Commitments</h2>${promises}`, `<h2>Definitions and exclusions</h2>${prose}`];
  return `<!doctype html><html><head><title>Generated SLA ${n}</title><script>var t=${n};</script></head><body>
<nav><a href="/">Home</a><a href="/docs">Docs</a></nav>
<main><h1>Service level agreement</h1><h2>Response targets</h2>
<table><thead><tr><th>Priority</th>${PLANS.map((p) => `<th>${p}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>
${paragraphs.join('\n')}</main><footer>Generated page ${n}</footer></body></html>`;
};

const collectPages = (): { name: string; html: string }[] => {
  const pages: { name: string; html: string }[] = [];
  const site = join(root, 'examples/site');
  if (existsSync(site)) {
    for (const f of readdirSync(site)
      .filter((f) => f.endsWith('.html'))
      .sort()) {
      pages.push({ name: `examples/site/${f}`, html: readFileSync(join(site, f), 'utf8') });
    }
  }
  const corpus = join(root, '../shared/corpus/promises');
  if (existsSync(corpus)) {
    for (const f of readdirSync(corpus)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const doc = JSON.parse(readFileSync(join(corpus, f), 'utf8')) as { text: string; company?: string };
      pages.push({ name: `corpus/${f}`, html: renderPage(doc.text, doc.company ?? 'Company') });
    }
  }
  for (let n = 0; pages.length < 80; n++) pages.push({ name: `generated/${n}`, html: generatedPage(n) });
  return pages;
};

const timeRounds = (rounds: number, pages: { html: string }[], work: (html: string) => unknown): number => {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (const p of pages) sink += work(p.html) ? 1 : 0;
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (sink < 0) throw new Error('unreachable');
  return ms;
};

const main = () => {
  const args = parseArgs(process.argv.slice(2));
  const pages = collectPages();
  let promises = 0;
  for (const p of pages) promises += extractFromHtml(p.html, p.name).promises.length;
  let defaultMs = 0;
  let slimMs = 0;
  let extractMs = 0;
  // Each round's own ratio too, to show how much the machine's noise moves the figure.
  const roundDefault: number[] = [];
  const roundExtract: number[] = [];
  const phases = [
    (measure: boolean) => {
      const ms = timeRounds(1, pages, (h) => loadDefault(h));
      if (measure) {
        defaultMs += ms;
        roundDefault.push(ms);
      }
    },
    (measure: boolean) => {
      const ms = timeRounds(1, pages, (h) => loadSlim(h));
      if (measure) slimMs += ms;
    },
    (measure: boolean) => {
      const ms = timeRounds(1, pages, (h) => extractFromHtml(h, 'bench'));
      if (measure) {
        extractMs += ms;
        roundExtract.push(ms);
      }
    },
  ];
  // Warm up all three paths, then interleave them so drift affects each alike. The order rotates every
  // round: a phase pays part of the garbage collection of the phase before it (cheerio.load leaves a
  // whole DOM per page behind), so a fixed order would always bill the baseline's collections to the
  // phase that follows it.
  const rounds = (measure: boolean, count: number) => {
    for (let r = 0; r < count; r++) {
      for (let k = 0; k < phases.length; k++) phases[(r + k) % phases.length]?.(measure);
    }
  };
  rounds(false, 6);
  rounds(true, args.rounds);
  const total = pages.length * args.rounds;
  const perSecond = (ms: number) => Math.round((total / ms) * 1000);
  const ratio = Math.round((extractMs / defaultMs) * 100) / 100;
  const ratioSlim = Math.round((extractMs / slimMs) * 100) / 100;
  const perRound = roundExtract.map((ms, i) => ms / (roundDefault[i] ?? ms)).sort((a, b) => a - b);
  const quantile = (q: number) =>
    perRound[Math.min(perRound.length - 1, Math.floor(q * perRound.length))] ?? 0;
  const round2 = (n: number) => Math.round(n * 100) / 100;
  const table = new Table({ head: ['what', 'pages/s', 'ms per page', 'vs cheerio.load'] });
  table.push(
    ['cheerio.load (baseline)', perSecond(defaultMs), (defaultMs / total).toFixed(3), '1.00'],
    [
      'cheerio/slim load (parser the extractor uses)',
      perSecond(slimMs),
      (slimMs / total).toFixed(3),
      (slimMs / defaultMs).toFixed(2),
    ],
    [
      'extractFromHtml (parse + extract)',
      perSecond(extractMs),
      (extractMs / total).toFixed(3),
      ratio.toFixed(2),
    ],
  );
  console.log(`${pages.length} pages × ${args.rounds} rounds; ${promises} promises per pass`);
  console.log(table.toString());
  console.log(
    `ratio extraction / cheerio.load = ${ratio} (target <= 2.5); extraction / cheerio/slim load = ${ratioSlim}`,
  );
  console.log(
    `per-round ratios: median ${round2(quantile(0.5))}, 10th–90th percentile ${round2(quantile(0.1))}–${round2(quantile(0.9))}`,
  );
  if (args.json) {
    console.log(
      JSON.stringify({
        pages: pages.length,
        pagesPerSecond: perSecond(extractMs),
        cheerioLoadOnlyPagesPerSecond: perSecond(defaultMs),
        ratio,
        cheerioSlimLoadOnlyPagesPerSecond: perSecond(slimMs),
        ratioVsSlimLoad: ratioSlim,
        roundRatioMedian: round2(quantile(0.5)),
        roundRatioP10: round2(quantile(0.1)),
        roundRatioP90: round2(quantile(0.9)),
      }),
    );
  }
};

main();
