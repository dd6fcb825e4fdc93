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
        target: 100,
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
  await page.waitForSelector('h1:has-text("Promises kept")');
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
    await expect(page.locator('[data-promise="p_hostile"] blockquote').textContent()).resolves.toContain(
      '<script>',
    );
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard.png`, fullPage: true });
    await context.close();
  });

  it('shows promises worst first, each with its quote, source, figures, sparkline and complaints', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await unlock(page);
    const sections = await page.locator('main section').evaluateAll((els) => els.map((e) => e.id));
    expect(sections).toEqual(['breached', 'at_risk', 'kept', 'no_data']);
    const breached = page.locator('[data-promise="p_reply"]');
    await expect(breached.locator('blockquote').textContent()).resolves.toBe(
      'Pro customers get a first reply within 4 hours.',
    );
    await expect(breached.locator('a').getAttribute('href')).resolves.toBe('https://example.test/support');
    await expect(breached.locator('.figures').textContent()).resolves.toContain('78%');
    expect(await breached.locator('svg.spark circle').count()).toBe(8);
    const uptime = page.locator('[data-promise="p_uptime"]');
    await expect(uptime.textContent()).resolves.toContain(
      '5 of 9 matching complaints allege a breach (perception gap)',
    );
    await context.close();
  });

  it('filters by status with the form, keeping the key out of the URL', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await unlock(page);
    await page.selectOption('select[name=status]', 'breached');
    await page.click('.filters button');
    await page.waitForURL(/status=breached/);
    expect(page.url()).not.toContain('key');
    const shown = await page
      .locator('[data-promise]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-promise')));
    expect(shown).toEqual(['p_reply']);
    await context.close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await unlock(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-phone.png`, fullPage: true });
    await context.close();
  });
});
