// The example company through every surface a user sees, from one `promisegap run`: the digest fits in
// an inbox (under Gmail's ~102 KB clip), `run --json`, `evaluate --json`, GET /v1/compliance and the
// digest's input carry one verdict shape (one JSON schema validates them all), and the digest and the
// dashboard are photographed in Chromium at phone and desktop widths (test-artifacts/).

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createApp, type RunningServer, startServer } from '../../../packages/api/index.ts';
import { ComplianceSchema, VerdictSchema } from '../../../packages/api/schemas.ts';
import { loadConfigFile, parseWindow, silentLogger } from '../../../packages/core/index.ts';
import { digestInputFromStore } from '../../../packages/digest/index.ts';
import { createApiKey } from '../../../packages/keys/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';

const BIN = new URL('../../../bin/promisegap.mjs', import.meta.url).pathname;
const CONFIG = 'examples/promisegap.config.json';
const DIGEST_ARTIFACTS = 'test-artifacts/digest';
const DASHBOARD_ARTIFACTS = 'test-artifacts/dashboard';
const GMAIL_CLIP_BYTES = 100 * 1024;

const cli = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
        timeout: 240_000,
        maxBuffer: 64 << 20,
      },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });

/** Parses with the schema and checks nothing was dropped: zod strips unknown keys, so equality means none. */
const expectShape = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 5))).toBe(true);
  expect(parsed.data).toEqual(value);
};

let dir: string;
let runJson: Record<string, unknown> & {
  verdicts: { promiseId: string; rulesVersion: string }[];
  window: { id: string };
};
let html: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'promisegap-surfaces-'));
  const run = await cli(['run', '--config', CONFIG, '--data-dir', dir, '--json']);
  expect(run.code, run.stderr.slice(-2000)).toBe(0);
  runJson = JSON.parse(run.stdout);
  html = readFileSync(join(dir, 'digest', 'digest.html'), 'utf8');
}, 300_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the example digest', () => {
  it('fits in an inbox: under 100 KB of HTML, so Gmail does not clip it', () => {
    expect(Buffer.byteLength(html)).toBeLessThan(GMAIL_CLIP_BYTES);
  });

  it('states the rules once, as a three-line summary and a link, not the full text', () => {
    expect(html).toContain('How these figures were counted');
    expect(html).not.toContain('What pauses the clock');
    expect(html).toMatch(/href="http:\/\/127\.0\.0\.1:8787\/rules\?version=[0-9a-f]{12}"/);
  });

  it('describes dispatch as dispatch, and words the cushion in business days', () => {
    expect(html).toContain('orders dispatched within 1 business day');
    expect(html).not.toContain('orders delivered within 1 business day');
    expect(html).toMatch(/p95 [\d.]+ business hours, rounded up to the next whole business day/);
    expect(html).not.toMatch(/within 12 business hours/);
  });
});

describe('one verdict shape everywhere', () => {
  it('run --json states the rules once, and each verdict names their version', () => {
    // `evaluations` is the run --json contract's flat list beside the one shape; the rest is the shape.
    const { evaluations, ...body } = runJson as typeof runJson & { evaluations: unknown[] };
    expect(evaluations).toHaveLength(runJson.verdicts.length);
    expectShape(ComplianceSchema, body);
    const rules = runJson.rules as { version: string; text: string };
    expect(rules.text).toContain('How promisegap grades a promise');
    expect(new Set(runJson.verdicts.map((v) => v.rulesVersion))).toEqual(new Set([rules.version]));
    expect(JSON.stringify(runJson.verdicts)).not.toContain('How promisegap grades a promise');
  });

  it('evaluate --json has the same shape and the same verdicts', async () => {
    const evaluated = await cli([
      'evaluate',
      '--config',
      CONFIG,
      '--data-dir',
      dir,
      '--week',
      runJson.window.id,
      '--json',
    ]);
    expect(evaluated.code, evaluated.stderr.slice(-2000)).toBe(0);
    const body = JSON.parse(evaluated.stdout);
    expectShape(ComplianceSchema, body);
    expect(body.verdicts.map((v: { promiseId: string }) => v.promiseId)).toEqual(
      runJson.verdicts.map((v) => v.promiseId),
    );
  }, 240_000);

  it('GET /v1/compliance and the digest input carry it too', async () => {
    const embedded = await openEmbeddedStore({ dataDir: dir });
    try {
      const now = () => new Date();
      const { key } = await createApiKey(embedded.store, { scope: 'read', now });
      const app = createApp({ store: embedded.store, now, logger: silentLogger });
      const res = await app.request(`/v1/compliance?window=${runJson.window.id}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      expectShape(ComplianceSchema, body);
      expect(body.rules).toEqual(runJson.rules);
      const input = await digestInputFromStore(
        embedded.store,
        loadConfigFile(CONFIG).config,
        parseWindow(runJson.window.id),
      );
      for (const v of input.verdicts) expectShape(VerdictSchema, v);
    } finally {
      await embedded.close();
    }
  });
});

describe('in Chromium', () => {
  let browser: Browser;
  let embedded: EmbeddedStore;
  let server: RunningServer;
  let key: string;

  beforeAll(async () => {
    mkdirSync(DIGEST_ARTIFACTS, { recursive: true });
    mkdirSync(DASHBOARD_ARTIFACTS, { recursive: true });
    embedded = await openEmbeddedStore({ dataDir: dir });
    const now = () => new Date();
    key = (await createApiKey(embedded.store, { scope: 'read', now })).key;
    server = await startServer(createApp({ store: embedded.store, now, logger: silentLogger }), 0);
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

  it.each([600, 375])('shows the example digest at %i px without sideways scrolling', async (width) => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.setContent(html, { waitUntil: 'load' });
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^\d+ promises? broken/);
    await page.screenshot({ path: `${DIGEST_ARTIFACTS}/example-digest-${width}.png`, fullPage: true });
    await page.close();
  });

  it.each([1400, 375])('shows the example dashboard list and a detail page at %i px', async (width) => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/?key=${key}`);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^\d+ promises? broken this week$/);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: `${DASHBOARD_ARTIFACTS}/example-list-${width}.png`,
      fullPage: width > 1000,
    });
    // The uptime promise reads as uptime, not as "100% of 100%".
    await page.goto(`${server.url}/?q=99.95`);
    const uptime = page.locator('tbody tr:not([hidden])').filter({ hasText: 'monthly uptime' }).first();
    await expect(uptime.textContent()).resolves.toMatch(/99\.9\d\d%/);
    await page.locator('tbody tr:not([hidden]) a.quote').first().click();
    await page.waitForSelector('#history');
    await expect(page.locator('#evidence').textContent()).resolves.toMatch(
      /downtime budget used|budget used up/,
    );
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: `${DASHBOARD_ARTIFACTS}/example-detail-uptime-${width}.png`,
      fullPage: true,
    });
    await page.goto(`${server.url}/?status=breached`);
    await page.locator('tbody tr:not([hidden]) a.quote').first().click();
    await page.waitForSelector('#history');
    expect(await page.locator('#history tbody tr').count()).toBe(13);
    await page.screenshot({ path: `${DASHBOARD_ARTIFACTS}/example-detail-${width}.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
