import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type RunningServer, startServer } from '../../../packages/api/index.ts';
import type { ServicePromise } from '../../../packages/core/index.ts';
import { silentLogger } from '../../../packages/core/index.ts';
import { createApiKey } from '../../../packages/keys/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';
import { LATEST, NOW, promise, verdict } from '../../integration/api/fixtures.ts';

const ARTIFACTS = 'test-artifacts/dashboard';
const WEEKS = ['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44', '2026-W45', '2026-W46', LATEST];

let embedded: EmbeddedStore;
let server: RunningServer;
let browser: Browser;
let readKey: string;

const promises: ServicePromise[] = [
  promise('p_reply', {
    quote: 'Pro customers get a first reply within 4 hours.',
    qualifiers: { tier: 'Pro', target: 95 },
  }),
  promise('p_uptime', {
    category: 'uptime',
    quote: 'Example Co is available 99.9% of every month.',
    operator: '>=',
    threshold: 99.9,
    unit: 'percent',
  }),
  promise('p_ship', {
    category: 'delivery_time',
    quote: 'Orders placed before 2 pm ship the same day.',
    threshold: 1,
    unit: 'days',
    qualifiers: { condition: 'orders placed before 2 pm' },
  }),
  promise('p_refund', { category: 'refund_guarantee', quote: '30-day money-back guarantee.', unit: 'days' }),
  promise('p_hostile', {
    quote: '<script>document.title="pwned"</script><img src=x onerror="window.__pwned=1"> Replies fast.',
    sourceUrl: 'javascript:window.__pwned=1',
  }),
];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  const { store } = embedded;
  readKey = (await createApiKey(store, { scope: 'read', now: () => NOW })).key;
  await store.putPromises(promises);
  const [reply, uptime, ship, , hostile] = promises as [
    ServicePromise,
    ServicePromise,
    ServicePromise,
    ServicePromise,
    ServicePromise,
  ];
  for (const [i, w] of WEEKS.entries()) {
    const last = w === LATEST;
    await store.putVerdicts([
      verdict(reply, w, last ? 'breached' : 'kept', { attainment: last ? 78 : 96 + (i % 3), target: 95 }),
      verdict(uptime, w, 'kept', {
        attainment: 100,
        target: 99.9,
        ...(last ? { matched: 9, alleging: 5, gap: true } : {}),
      }),
      verdict(ship, w, last ? 'at_risk' : 'kept', { attainment: last ? 95.5 : 99, target: 95 }),
      verdict(hostile, w, 'kept', { attainment: 99 }),
    ]);
  }
  server = await startServer(createApp({ store, now: () => NOW, logger: silentLogger }), 0);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await embedded?.close();
});

const unlock = async (page: Page) => {
  await page.goto(`${server.url}/`);
  await page.fill('#key', readKey);
  await page.click('button[type=submit]');
  await page.waitForSelector('table.promises');
};

describe('the dashboard in a browser', () => {
  it('unlocks with a read key into an HttpOnly cookie and never shows the key in the URL', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    let dialogs = 0;
    page.on('dialog', async (d) => {
      dialogs++;
      await d.dismiss();
    });
    await unlock(page);
    expect(page.url()).toBe(`${server.url}/`);
    const cookie = (await context.cookies()).find((c) => c.name === 'pg_key');
    expect(cookie?.httpOnly).toBe(true);
    expect(await page.evaluate(() => document.cookie)).not.toContain('pg_key');
    // Hostile page text is shown as text, never run.
    expect(await page.title()).not.toBe('pwned');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toBe(0);
    await expect(page.locator('[data-promise="p_hostile"] a.quote').textContent()).resolves.toContain(
      '<script>',
    );
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/list-1280.png`, fullPage: true });
    await context.close();
  });

  it('says what matters in the headline and lists promises worst first, with figures, sparkline and complaints', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await unlock(page);
    await expect(page.locator('h1').textContent()).resolves.toBe('1 promise broken this week');
    const order = await page
      .locator('tbody tr')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-promise')));
    expect(order.slice(0, 2)).toEqual(['p_reply', 'p_ship']);
    const broken = page.locator('[data-promise="p_reply"]');
    await expect(broken.locator('a.quote').textContent()).resolves.toBe(
      'Pro customers get a first reply within 4 hours.',
    );
    await expect(broken.locator('td[data-label="Attainment"]').textContent()).resolves.toContain('78%');
    expect(await broken.locator('svg.spark circle').count()).toBe(8);
    // 99.9% promised, 100% delivered: the row says so instead of "100% · target 100%".
    await expect(
      page.locator('[data-promise="p_uptime"] td[data-label="Attainment"]').textContent(),
    ).resolves.toContain('of 99.9%');
    await expect(page.locator('[data-promise="p_uptime"]').textContent()).resolves.toContain(
      '5 of 9 allege a breach',
    );
    await expect(page.locator('[data-promise="p_uptime"] .badge.gap').count()).resolves.toBe(1);
    await context.close();
  });

  it('sorts by a column with the keyboard, in place, and announces it with aria-sort', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await unlock(page);
    await page.locator('th a[data-sort="attainment"]').focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('th[aria-sort="ascending"]').textContent()).resolves.toBe('Attainment');
    const first = await page.locator('tbody tr').first().getAttribute('data-promise');
    expect(first).toBe('p_reply');
    expect(page.url()).toContain('sort=attainment');
    await context.close();
  });

  it('filters as you type in the search box, without a round trip', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await unlock(page);
    let navigations = 0;
    page.on('request', (r) => {
      if (r.isNavigationRequest()) navigations++;
    });
    await page.fill('input[name=q]', 'same day');
    const shown = await page
      .locator('tbody tr:not([hidden])')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-promise')));
    expect(shown).toEqual(['p_ship']);
    await expect(page.locator('#count').textContent()).resolves.toMatch(/^Showing 1 of \d+ promises$/);
    expect(navigations).toBe(0);
    await context.close();
  });

  it('opens a detail page per promise with its 13-week history, at 375 and 1,400 px', async () => {
    for (const width of [375, 1400]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await unlock(page);
      await page.click('[data-promise="p_reply"] a.quote');
      await page.waitForSelector('#history');
      expect(await page.locator('#history tbody tr').count()).toBe(13);
      await expect(page.locator('#evidence').textContent()).resolves.toMatch(
        /error budget used|budget used up|allows no misses/,
      );
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${ARTIFACTS}/detail-${width}.png`, fullPage: true });
      await context.close();
    }
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
    const page = await context.newPage();
    await unlock(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${ARTIFACTS}/list-375.png`, fullPage: true });
    await context.close();
  });
});
