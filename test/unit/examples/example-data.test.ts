// Checks of the bundled example: its config is valid, its committed files are exactly what the
// seeded generators write, and the data still tells the story the README tells.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPLAINT_SEEDS, NOT_COMPLAINTS, parseSeeds } from '../../../examples/complaint-texts.ts';
import {
  type GeneratedData,
  GenerateOptionsError,
  generateExampleData,
  readCalendar,
  type WeekStory,
} from '../../../examples/generate-data.ts';
import { makeSlaPdf } from '../../../examples/make-pdf.ts';
import { loadConfigFile } from '../../../packages/core/index.ts';

const examples = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples');
const configPath = join(examples, 'promisegap.config.json');
const site = join(examples, 'site');

const htmlPages = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return htmlPages(full);
    return entry.name.endsWith('.html') ? [full] : [];
  });

let data: GeneratedData;
let byWeek: Map<string, WeekStory>;

beforeAll(() => {
  data = generateExampleData({ endWeek: '2026-W47', weeks: 9, calendar: readCalendar(configPath) });
  byWeek = new Map(data.stories.map((s) => [s.week, s]));
});

const week = (id: string): WeekStory => {
  const story = byWeek.get(id);
  if (!story) throw new Error(`no figures for ${id}`);
  return story;
};

describe('the example config', () => {
  it('is valid against the config schema and names files that exist', () => {
    const { config, baseDir } = loadConfigFile(configPath);
    expect(config.company).toBe('Tallyfern Payments, Inc.');
    expect(config.crawl.allowPrivateAddresses).toBe(true);
    for (const file of [...config.metrics, ...config.complaints].map((m) => m.file)) {
      expect(existsSync(join(baseDir, file)), file).toBe(true);
    }
    for (const source of config.sources) {
      const path = source.url === '/' ? 'index.html' : source.url.slice(1);
      expect(existsSync(join(baseDir, config.site?.dir ?? '', path)), source.url).toBe(true);
    }
  });

  it('lists the 2026 US federal holidays, each on a weekday', () => {
    const { config } = loadConfigFile(configPath);
    expect(config.calendar.holidays).toHaveLength(11);
    for (const day of config.calendar.holidays) {
      expect([0, 6], day).not.toContain(new Date(`${day}T12:00:00Z`).getUTCDay());
    }
  });
});

describe('the example site', () => {
  const pages = htmlPages(site).filter((p) => !p.includes('/internal/'));

  it('has between 8 and 12 public pages, each with navigation, footer and cookie banner to drop', () => {
    expect(pages.length).toBeGreaterThanOrEqual(8);
    expect(pages.length).toBeLessThanOrEqual(12);
    for (const page of pages) {
      const html = readFileSync(page, 'utf8');
      expect(html, page).toContain('<nav');
      expect(html, page).toContain('<footer');
      expect(html, page).toContain('id="cookie-banner"');
      expect(html, page).toContain('<script');
    }
  });

  it('links only to files that exist, with relative links', () => {
    for (const page of htmlPages(site)) {
      const html = readFileSync(page, 'utf8');
      for (const [, href] of html.matchAll(/href="([^"]+)"/g)) {
        if (!href || href === '#' || href.startsWith('#')) continue;
        expect(href, `${relative(site, page)} links to ${href}`).not.toMatch(/^(https?:)?\/\//);
        expect(existsSync(resolve(dirname(page), href)), `${relative(site, page)} links to ${href}`).toBe(
          true,
        );
      }
    }
  });

  it('keeps crawlers out of /internal/ in robots.txt while a page links there', () => {
    expect(readFileSync(join(site, 'robots.txt'), 'utf8')).toMatch(/^Disallow: \/internal\/$/m);
    expect(readFileSync(join(site, 'contact.html'), 'utf8')).toContain('href="internal/draft-pricing.html"');
  });

  it('ships the PDF exactly as make-pdf.ts builds it', async () => {
    const built = await makeSlaPdf();
    expect(Buffer.from(built).equals(readFileSync(join(site, 'sla.pdf')))).toBe(true);
  });
});

describe('the generated data', () => {
  it('is exactly what is committed, so the generator is the source of every row', () => {
    for (const [name, text] of Object.entries(data.files)) {
      expect(readFileSync(join(examples, 'data', name), 'utf8'), name).toBe(text);
    }
  });

  it('holds 150 to 250 tickets in each of the nine weeks ending 2026-W47', () => {
    expect(data.stories.map((s) => s.week)).toEqual([
      '2026-W39',
      '2026-W40',
      '2026-W41',
      '2026-W42',
      '2026-W43',
      '2026-W44',
      '2026-W45',
      '2026-W46',
      '2026-W47',
    ]);
    for (const s of data.stories) {
      expect(s.tickets, s.week).toBeGreaterThanOrEqual(150);
      expect(s.tickets, s.week).toBeLessThanOrEqual(250);
      expect(s.orders, s.week).toBeGreaterThanOrEqual(60);
      expect(s.orders, s.week).toBeLessThanOrEqual(100);
    }
  });

  it('spoils exactly three ticket rows, each in the way the import must report', () => {
    const lines = (data.files['tickets.csv'] ?? '').split('\n');
    expect(data.badTicketRows.map((b) => b.problem)).toEqual([
      'missing Id',
      'First reply at before Created at',
      'malformed Created at',
    ]);
    const [missing, before, malformed] = data.badTicketRows.map((b) => (lines[b.line - 1] ?? '').split(','));
    expect(missing?.[0]).toBe('');
    expect(Date.parse(before?.[2] ?? '')).toBeLessThan(Date.parse(before?.[1] ?? ''));
    expect(malformed?.[1]).toMatch(/T25:/);
  });

  it('writes local timestamps with the offset in force: -04:00 before the DST change, -05:00 after', () => {
    const tickets = data.files['tickets.csv'] ?? '';
    expect(tickets).toMatch(/\n\d+,2026-10-30T\d\d:\d\d:00-04:00,/);
    expect(tickets).toMatch(/\n\d+,2026-11-02T\d\d:\d\d:00-05:00,/);
  });

  it.each([
    ['uptime.csv', 'metric,value,unit,at,service'],
    ['shipping.csv', 'metric,value,unit,at,region'],
    ['refunds.csv', 'metric,value,unit,at'],
    ['tickets.csv', 'Id,Created at,First reply at,Solved at,Priority,Via,Plan'],
  ])('%s starts with the header %s', (file, header) => {
    expect((data.files[file] ?? '').split('\n')[0]).toBe(header);
  });
});

describe('the story the data tells', () => {
  it('breaks the Pro 2-business-hour promise, worse in the last week than the week before', () => {
    expect(week('2026-W47').proWithin2BusinessHours).toBeLessThan(week('2026-W46').proWithin2BusinessHours);
    expect(week('2026-W46').proWithin2BusinessHours).toBeLessThan(week('2026-W45').proWithin2BusinessHours);
    expect(week('2026-W47').proMedianBusinessHours).toBeGreaterThan(3);
  });

  it('keeps the Enterprise 30-minute urgent response every week, with enough cases to judge', () => {
    for (const s of data.stories) {
      expect(s.enterpriseUrgent, s.week).toBeGreaterThanOrEqual(20);
      expect(s.enterpriseUrgentMaxMinutes, s.week).toBeLessThanOrEqual(30);
      expect(s.enterpriseWithinHour, s.week).toBe(100);
      expect(s.starterWithin2BusinessDays, s.week).toBe(100);
    }
  });

  it('lets same-day dispatch slip in the last weeks only', () => {
    for (const s of data.stories.slice(0, 6)) expect(s.dispatchedWithin1BusinessDay, s.week).toBe(100);
    expect(week('2026-W47').dispatchedWithin1BusinessDay).toBeLessThan(
      week('2026-W46').dispatchedWithin1BusinessDay,
    );
    expect(week('2026-W46').dispatchedWithin3BusinessDays).toBe(100);
    expect(week('2026-W47').dispatchedWithin3BusinessDays).toBeLessThan(100);
  });

  it('processes every refund within 5 business days while customers complain of two-week waits', () => {
    for (const s of data.stories) {
      expect(s.refundMaxBusinessDays, s.week).toBeLessThanOrEqual(5);
      expect(s.refunds, s.week).toBeGreaterThanOrEqual(20);
      expect(s.refundComplaints, s.week).toBeGreaterThanOrEqual(3);
    }
  });

  it('keeps November uptime above 99.95% month to date, after an October below 99.9% on the API', () => {
    expect(week('2026-W47').uptimeMonthToDate).toBeGreaterThanOrEqual(99.95);
    const october = (data.files['uptime.csv'] ?? '')
      .split('\n')
      .filter((l) => l.includes(',2026-10-') && l.endsWith(',api'))
      .map((l) => Number(l.split(',')[1]));
    expect(october).toHaveLength(31);
    expect(october.reduce((a, b) => a + b, 0) / october.length).toBeLessThan(99.9);
  });
});

describe('the complaints', () => {
  const lines = () =>
    (data.files['complaints.jsonl'] ?? '')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; at: string; text: string; channel: string; tier: string });

  it('holds at least 150 complaints and a few messages that are not complaints', () => {
    const notComplaints = COMPLAINT_SEEDS.filter((s) => NOT_COMPLAINTS.includes(s.theme)).length;
    expect(COMPLAINT_SEEDS.length - notComplaints).toBeGreaterThanOrEqual(150);
    expect(notComplaints).toBeGreaterThanOrEqual(5);
    expect(lines()).toHaveLength(COMPLAINT_SEEDS.length);
  });

  it('gives every message a unique id, a time inside the nine weeks and a plan', () => {
    const all = lines();
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    for (const c of all) {
      expect(Date.parse(c.at), c.id).toBeGreaterThanOrEqual(Date.parse('2026-09-21T00:00:00Z'));
      expect(Date.parse(c.at), c.id).toBeLessThan(Date.parse('2026-11-23T00:00:00Z'));
      expect(['Starter', 'Pro', 'Enterprise']).toContain(c.tier);
    }
  });

  it('includes personal data for the product to mask', () => {
    const text = lines()
      .map((c) => c.text)
      .join('\n');
    expect(text).toMatch(/[\w.]+@[\w-]+\.example/);
    expect(text).toMatch(/\(?\d{3}\)?[ -]555-01\d\d/);
  });

  it('reports a malformed line of the message table with its line number', () => {
    expect(() => parseSeeds('\n0 | refund | Gold | email | where is my money')).toThrow(/line 1: "Gold"/);
    expect(() => parseSeeds('\nlast week | refund | Pro | email | where is my money')).toThrow(/line 1/);
  });
});

describe('the generator', () => {
  it.each([
    [{ endWeek: '2026-47', weeks: 9 }, /not an ISO week/],
    [{ endWeek: '2026-W54', weeks: 9 }, /has no week 54/],
    [{ endWeek: '2026-W47', weeks: 0 }, /--weeks/],
  ])('refuses %o with a clear message', (options, message) => {
    expect(() => generateExampleData({ ...options, calendar: readCalendar(configPath) })).toThrow(
      GenerateOptionsError,
    );
    expect(() => generateExampleData({ ...options, calendar: readCalendar(configPath) })).toThrow(message);
  });

  it('moves the whole story when asked for another end week', () => {
    const later = generateExampleData({ endWeek: '2027-W10', weeks: 3, calendar: readCalendar(configPath) });
    expect(later.stories.map((s) => s.week)).toEqual(['2027-W08', '2027-W09', '2027-W10']);
    const last = later.stories[2];
    expect(last?.dispatchedWithin1BusinessDay).toBeLessThan(100);
  });
});
