import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../packages/core/index.ts';
import { buildEvidencePack, csvCell, ExportInputError, zipEvidence } from '../../../packages/export/index.ts';
import { verdict } from './fixtures.ts';

const page = new TextEncoder().encode(
  '<html><body><p>Pro: first reply within 2 business hours</p></body></html>',
);
const hash = sha256Hex(page);
const W47 = { id: '2026-W47', start: '2026-11-16T05:00:00.000Z', end: '2026-11-23T05:00:00.000Z' };

const input = () => {
  const breached = verdict({ id: 'p_pro', series: ['first_response_business_time{tier=pro}'] });
  breached.status = 'breached';
  breached.reason = '88% of 120 tickets within 2 business hours (target 100%)';
  breached.complaints = {
    matched: 3,
    allegingBreach: 2,
    perceptionGap: false,
    quotes: [
      { id: 'c1', at: '2026-11-18T09:00:00.000Z', quote: 'No reply for two days, write to jane@example.com' },
    ],
  };
  const formula = verdict({ id: 'p_formula', quote: '=HYPERLINK("http://evil.test","click")' });
  formula.status = 'no_data';
  return {
    company: 'Ferngrove Tools, Inc.',
    window: W47,
    timezone: 'America/New_York',
    generatedAt: '2026-11-23T12:00:00.000Z',
    verdicts: [breached, formula],
    statements: [
      {
        promiseId: 'p_pro',
        quote: 'Pro: first reply within 2 business hours',
        url: 'https://example.test/pricing',
        firstSeen: '2026-10-01T00:00:00.000Z',
        lastSeen: '2026-11-20T00:00:00.000Z',
        contentHash: hash,
      },
      {
        promiseId: 'p_pro',
        quote: 'Pro customers hear from us within 2 business hours',
        url: 'https://example.test/support',
        firstSeen: '2026-10-05T00:00:00.000Z',
        lastSeen: '2026-11-20T00:00:00.000Z',
        contentHash: hash,
      },
    ],
    snapshots: [
      {
        url: 'https://example.test/pricing',
        fetchedAt: '2026-11-20T00:00:00.000Z',
        contentHash: hash,
        contentType: 'text/html; charset=utf-8',
        body: page,
      },
    ],
    rules: { version: '3', text: 'A week is Monday 00:00 to Monday 00:00 in the calendar zone.' },
  };
};

const text = (pack: ReturnType<typeof buildEvidencePack>, name: string) => {
  const file = pack.files.get(name);
  if (!file) throw new Error(`no ${name} in the pack`);
  return strFromU8(file);
};

describe('the evidence pack', () => {
  it('lists every commitment with its verdict and figures in commitments.csv', () => {
    const csv = text(buildEvidencePack(input()), 'commitments.csv').trimEnd().split('\r\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toMatch(/^promise_id,status,category,operator,threshold,unit,/);
    expect(csv[2]).toContain(
      'p_pro,breached,response_time,<=,2,business_hours,Pro,,,2026-W47,120,97,100,1,1.8,2.1,5,4,0,3,2,false,',
    );
  });

  it('keeps a quote that looks like a spreadsheet formula from running', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-5)).toBe('-5');
    expect(text(buildEvidencePack(input()), 'commitments.csv')).toContain(`"'=HYPERLINK(`);
  });

  it('names each snapshot by its content hash and links every statement to it', () => {
    const pack = buildEvidencePack(input());
    expect(pack.files.get(`snapshots/${hash}.html`)).toEqual(page);
    const statements = text(pack, 'statements.csv');
    expect(statements.match(new RegExp(`snapshots/${hash}\\.html`, 'g'))).toHaveLength(2);
  });

  it('masks personal data in the complaint quotes', () => {
    const csv = text(buildEvidencePack(input()), 'complaints.csv');
    expect(csv).toContain('[email]');
    expect(csv).not.toContain('jane@example.com');
  });

  it('records the SHA-256 of every file in the manifest, and the rules in force', () => {
    const pack = buildEvidencePack(input());
    const manifest = JSON.parse(text(pack, 'manifest.json'));
    expect(manifest.statuses).toEqual({ breached: 1, no_data: 1 });
    for (const f of manifest.files)
      expect(sha256Hex(pack.files.get(f.name) ?? new Uint8Array())).toBe(f.sha256);
    expect(text(pack, 'rules.txt')).toContain('version 3');
  });

  it('zips the same pack into the same bytes, under one folder', () => {
    const a = zipEvidence(buildEvidencePack(input()), 'evidence-2026-W47');
    const b = zipEvidence(buildEvidencePack(input()), 'evidence-2026-W47');
    expect(sha256Hex(a)).toBe(sha256Hex(b));
    expect(Object.keys(unzipSync(a))).toContain('evidence-2026-W47/report.html');
  });

  it('refuses verdicts of another window rather than mixing periods', () => {
    const bad = input();
    bad.verdicts.push(verdict({ id: 'p_old', window: '2026-W46' }));
    expect(() => buildEvidencePack(bad)).toThrow(ExportInputError);
  });

  it('escapes the page text in the report so a hostile quote cannot script it', () => {
    const hostile = input();
    const [first] = hostile.verdicts;
    if (first) first.promise.quote = '<script>alert(1)</script>';
    const html = text(buildEvidencePack(hostile), 'report.html');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;');
  });
});
