// The evidence pack's report opened as a file in headless Chromium, offline: its figures are the
// verdicts' figures, it fetches nothing, and a screenshot stays in test-artifacts for a person to see.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verdict } from '../../../packages/core/index.ts';
import { buildEvidencePack, zipEvidence } from '../../../packages/export/index.ts';
import { verdict } from '../../unit/export/fixtures.ts';

const ARTIFACTS = 'test-artifacts/export';
const W47 = { id: '2026-W47', start: '2026-11-16T05:00:00.000Z', end: '2026-11-23T05:00:00.000Z' };

const verdicts: Verdict[] = [
  { ...verdict({ id: 'p_pro', series: ['first_response_business_time{tier=pro}'] }), status: 'breached' },
  {
    ...verdict({
      id: 'p_uptime',
      quote: '99.9% monthly uptime',
      category: 'uptime',
      operator: '>=',
      threshold: 99.9,
      unit: 'percent',
      qualifiers: { window: 'monthly' },
      series: ['uptime_percent{}'],
    }),
    status: 'kept',
  },
  {
    ...verdict({
      id: 'p_phone',
      quote: '24/7 phone support',
      category: 'availability_hours',
      operator: '>=',
      threshold: 168,
      unit: 'hours_per_week',
      qualifiers: {},
    }),
    status: 'no_data',
  },
];
const delivered = verdicts[1]?.delivery;
if (delivered) Object.assign(delivered, { attainment: 99.93, target: 99.9, samples: 7, p95: null });

describe('the evidence report in a browser', () => {
  let browser: Browser;
  let reportUrl: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const pack = buildEvidencePack({
      company: 'Ferngrove Tools, Inc.',
      window: W47,
      timezone: 'America/New_York',
      generatedAt: '2026-11-23T12:00:00.000Z',
      verdicts,
      statements: [],
      snapshots: [],
      rules: { version: '3', text: 'rules' },
    });
    // Unpacked from the zip a user receives, to open the report as they would.
    const dir = mkdtempSync(join(tmpdir(), 'pg-evidence-'));
    for (const [name, content] of Object.entries(unzipSync(zipEvidence(pack, 'pack')))) {
      if (name.endsWith('/')) continue;
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    reportUrl = pathToFileURL(join(dir, 'pack', 'report.html')).href;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows each verdict and its figures as the verdicts state them, fetching nothing', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(reportUrl, { waitUntil: 'load' });
    const rows = await page.$$eval('#commitments tbody tr', (trs) =>
      trs.map((tr) => {
        const cell = (field: string) => tr.querySelector(`[data-field="${field}"]`)?.textContent?.trim();
        return {
          id: tr.getAttribute('data-promise'),
          status: cell('status'),
          samples: cell('samples'),
          attainment: cell('attainment'),
          target: cell('target'),
        };
      }),
    );
    expect(rows).toEqual([
      { id: 'p_phone', status: 'no data', samples: '—', attainment: '—', target: '—' },
      { id: 'p_pro', status: 'broken', samples: '120', attainment: '97', target: '100' },
      { id: 'p_uptime', status: 'kept', samples: '7', attainment: '99.93', target: '99.9' },
    ]);
    expect(await page.textContent('[data-count="breached"]')).toBe('1');
    expect(await page.textContent('#window')).toBe('2026-W47');
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/evidence-report.png`, fullPage: true });
    await page.close();
  });
});
