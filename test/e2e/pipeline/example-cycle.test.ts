// The whole cycle on the bundled example company, on an in-memory embedded store.

import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedConfig, loadConfigFile, silentLogger } from '../../../packages/core/index.ts';
import { type CycleResult, runCycle } from '../../../packages/pipeline/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

let embedded: EmbeddedStore;
let loaded: LoadedConfig;
let first: CycleResult;
const digestDir = mkdtempSync(join(tmpdir(), 'promisegap-digest-'));
// A fixed clock after the example's data ends: the cycle must pick the last complete week with data.
const now = () => new Date('2027-03-10T12:00:00Z');

beforeAll(async () => {
  embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  const example = loadConfigFile('examples/promisegap.config.json');
  const port = await freePort();
  loaded = {
    ...example,
    config: { ...example.config, site: { dir: example.config.site?.dir ?? 'site', port } },
  };
  first = await runCycle(loaded, { store: embedded.store, now, logger: silentLogger }, { digestDir });
}, 600_000);

afterAll(async () => {
  await embedded?.close();
});

describe('one cycle on the example company', () => {
  it('reads the site, including the PDF, and finds its promises and vague claims', () => {
    expect(first.crawl.pages.filter((p) => p.outcome === 'failed')).toEqual([]);
    expect(first.extractionFailures).toEqual([]);
    expect(first.extractions.some((e) => e.url.endsWith('/sla.pdf') && e.promises > 0)).toBe(true);
    expect(first.extractions.reduce((n, e) => n + e.claims, 0)).toBeGreaterThan(0);
  });

  it('reports the bad rows of the ticket export by line and keeps the good ones', () => {
    const tickets = first.imports.find((r) => r.file.endsWith('tickets.csv'));
    expect(tickets?.errors.length).toBeGreaterThan(0);
    expect(tickets?.errors.every((e) => e.line > 1 && e.reason.length > 0)).toBe(true);
    expect(tickets?.accepted).toBeGreaterThan(1000);
  });

  it('evaluates the last complete week that has data, with kept, breached and unmeasured promises', () => {
    expect(first.window.id).toBe('2026-W47');
    const statuses = new Set(first.verdicts.map((v) => v.status));
    expect(first.verdicts.length).toBeGreaterThanOrEqual(8);
    for (const status of ['kept', 'breached', 'no_data'] as const) expect(statuses).toContain(status);
    for (const v of first.verdicts) {
      expect(v.promise.quote.length).toBeGreaterThan(0);
      expect(v.promise.sourceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      if (v.status === 'kept' || v.status === 'breached') expect(v.delivery?.samples).toBeGreaterThan(0);
    }
  });

  it('writes a digest whose headline says how many promises are broken, in the week evaluated', () => {
    expect(first.digest.subject).toMatch(/\b[1-9]\d* promises? broken\b/);
    expect(first.digest.subject).toContain('week 47');
  });

  it('tells the story of the help desk’s own targets and of a vague claim the data contradicts', () => {
    expect(first.policyImports.map((r) => [r.file, r.policies, r.unmatchedConditions])).toEqual([
      ['data/sla-policies.json', 5, []],
    ]);
    const text = readFileSync(first.digest.textPath, 'utf8');
    const html = readFileSync(first.digest.htmlPath, 'utf8');
    // Pro: the pricing and home pages promise 2 business hours; the Pro queue aims for 8.
    expect(text).toMatch(
      /- Pro tickets, first reply: your help desk aims for 8 business hours \(Zendesk policy “Pro accounts”, P3\); the home page promises 2\n/,
    );
    // Enterprise, chat and the severity table are governed by targets at least as strict.
    expect(text).not.toMatch(/Enterprise [^\n]*tickets, first reply: your help desk aims/);
    expect(text).toMatch(
      /‘lightning-fast’ — median first reply [\d.]+ business hours, \d+% of tickets over a day; \d+ complaints about slow replies/,
    );
    expect(text).toMatch(/Say instead: “90% of tickets answered within \d+ business days?”/);
    expect(html).toContain('Claims the data contradicts');
    expect(html).toContain('your help desk aims for 8 business hours');
  });

  it('shows live chat kept by its numbers but under the survey floor: a perception gap the digest states', () => {
    const surveys = first.imports.find((r) => r.kind === 'surveys');
    expect(surveys?.errors.map((e) => e.line)).toEqual([200]);
    expect(surveys?.accepted).toBeGreaterThan(500);
    const chat = first.verdicts.find(
      (v) =>
        v.promise.qualifiers.channel?.toLowerCase().includes('chat') &&
        v.promise.qualifiers.statistic === 'median',
    );
    expect(chat?.status).toBe('kept');
    expect(chat?.surveys?.belowFloor).toBe(true);
    expect(chat?.surveys?.comments).toBeGreaterThan(0);
    expect(chat?.complaints?.perceptionGap).toBe(true);
    const text = readFileSync(first.digest.textPath, 'utf8');
    const section = text.slice(text.indexOf('PERCEPTION GAPS'));
    expect(section).toMatch(
      /Live chat[\s\S]*?Surveys: CSAT [\d.]+% satisfied on \d+ surveys[^\n]*below the 70% floor/,
    );
  });

  it('changes nothing the second time: no new pages, promises or samples', async () => {
    const again = await runCycle(loaded, { store: embedded.store, now, logger: silentLogger }, { digestDir });
    expect(again.crawl.pages.filter((p) => p.outcome === 'new' || p.outcome === 'changed')).toEqual([]);
    expect(again.extractions).toEqual([]);
    expect(again.imports.reduce((n, r) => n + r.accepted, 0)).toBe(0);
    expect(again.policyImports.map((r) => [r.added, r.updated, r.unchanged])).toEqual([[0, 0, 5]]);
    const key = (v: { promiseId: string; status: string }) => `${v.promiseId}:${v.status}`;
    expect(again.verdicts.map(key).sort()).toEqual(first.verdicts.map(key).sort());
  }, 600_000);
});
