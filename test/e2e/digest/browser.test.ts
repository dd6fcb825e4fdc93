// The digest's HTML in headless Chromium at desktop and phone widths: nothing overflows sideways, the
// headline shows, nothing is fetched from the network, no script runs. Screenshots stay in test-artifacts.

import { mkdirSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PromiseVersion, ServicePromise } from '../../../packages/core/index.ts';
import { buildDigest } from '../../../packages/digest/index.ts';
import { complaintsWith, delivery, input, verdict, W46 } from '../../unit/digest/fixtures.ts';

const ARTIFACTS = 'test-artifacts/digest';
const LONG_URL = `https://help.example.test/support/plans/${'very-long-path-segment-'.repeat(8)}end?utm_source=${'x'.repeat(60)}`;
const HOSTILE =
  '<script>window.__pwned = 1</script><img src="https://tracker.example/p.png" onerror="window.__pwned = 2">';

const sitePromise = (id: string, quote: string, threshold: number): ServicePromise => ({
  id,
  quote,
  category: 'response_time',
  metric: 'first_reply',
  operator: '<=',
  threshold,
  unit: 'hours',
  qualifiers: {},
  confidence: 0.9,
  sourceUrl: LONG_URL,
  sourceKind: 'marketing',
  meaningHash: id,
  firstSeen: '2026-11-18T00:00:00.000Z',
  lastSeen: '2026-11-20T00:00:00.000Z',
});
const version = (n: number, threshold: number): PromiseVersion => ({
  promiseId: 'v',
  version: n,
  quote: `Replies within ${threshold} hours.`,
  operator: '<=',
  threshold,
  unit: 'hours',
  qualifiers: {},
  validFrom: '2026-11-01T00:00:00.000Z',
});

/** A digest with every section filled, long unbroken text and hostile quotes: the hard case for layout. */
const digest = buildDigest(
  input({
    verdicts: [
      verdict('a', {
        promise: { quote: `Pro customers get a first reply within 1 hour. ${HOSTILE}`, sourceUrl: LONG_URL },
        complaints: complaintsWith([
          `Waited 3 days for a reply ${'a'.repeat(120)}`,
          'Two hours on hold and nobody picked up the phone',
          HOSTILE,
        ]),
        trend: { previousAttainment: 86, delta: -7.8 },
      }),
      verdict('b', {
        promise: {
          quote: 'Enterprise tickets resolved within 8 business hours.',
          category: 'resolution_time',
        },
        delivery: { attainment: 61, unit: 'business_hours', p90: 19.5, p95: 23.1, max: 40 },
      }),
      verdict('r', {
        status: 'at_risk',
        delivery: { attainment: 99.2, target: 99, errorBudgetLeft: 14, burnRate: 1.7 },
      }),
      verdict('p', {
        status: 'kept',
        promise: {
          quote: 'Orders ship within 2 days.',
          category: 'delivery_time',
          unit: 'days',
          threshold: 2,
        },
        delivery: { attainment: 98, unit: 'days', target: 95 },
        complaints: complaintsWith(['Package took 9 days to arrive'], {
          perceptionGap: true,
          matched: 8,
          allegingBreach: 5,
        }),
      }),
      verdict('n', {
        status: 'no_data',
        delivery: null,
        promise: { quote: 'Refunds within 5 business days.' },
      }),
    ],
    previous: [verdict('a', { window: W46, status: 'kept', delivery: delivery({ attainment: 86 }) })],
    claims: [
      { sourceUrl: LONG_URL, claims: [{ quote: `World-class ${HOSTILE}`, reason: 'no figure to check' }] },
    ],
    changes: [
      { kind: 'added', promise: sitePromise('n1', 'Chat replies within 1 hour.', 1) },
      {
        kind: 'changed',
        promise: sitePromise('v', 'Replies within 4 hours.', 4),
        before: version(1, 1),
        after: version(2, 4),
      },
      { kind: 'removed', promise: sitePromise('g', 'Weekend replies within 24 hours.', 24) },
    ],
  }),
);

describe('the digest in a browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ['desktop', 600],
    ['phone', 375],
  ])('fits a %s screen (%ipx) without sideways scrolling and shows the headline', async (name, width) => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.setContent(digest.html, { waitUntil: 'load' });

    const overflow = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      widest: Math.max(
        ...[...document.querySelectorAll('body *')].map((el) => el.getBoundingClientRect().right),
      ),
    }));
    expect(overflow.scroll).toBeLessThanOrEqual(overflow.client);
    expect(overflow.widest).toBeLessThanOrEqual(width + 0.5);

    const headline = page.locator('h1');
    await expect(headline.textContent()).resolves.toBe('2 promises broken, 1 at risk, 1 perception gap');
    expect(await headline.isVisible()).toBe(true);
    const box = await headline.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= width && box.y < 200).toBe(true);

    expect(requests).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.screenshot({ path: `${ARTIFACTS}/digest-${name}-${width}.png`, fullPage: true });
    await page.close();
  });
});
