import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../../packages/calendar/index.ts';
import { DEFAULT_EVALUATION_RULES, evaluateWindow } from '../../../packages/compliance/index.ts';
import type {
  ComplaintEvidence,
  ServicePromise,
  Store,
  StoredComplaint,
  VerdictStatus,
  Window,
} from '../../../packages/core/index.ts';
import { silentLogger, weekWindow } from '../../../packages/core/index.ts';
import { parseMetricSamplesCsv, parseTicketsCsv } from '../../../packages/ingest/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';

const calendar = createBusinessCalendar({
  timezone: 'UTC',
  hours: {
    mon: ['09:00', '17:00'],
    tue: ['09:00', '17:00'],
    wed: ['09:00', '17:00'],
    thu: ['09:00', '17:00'],
    fri: ['09:00', '17:00'],
    sat: null,
    sun: null,
  },
  holidays: [],
});
const w46 = weekWindow('2026-W46'); // 2026-11-09 .. 16
const w47 = weekWindow('2026-W47'); // 2026-11-16 .. 23

/** A help-desk export: per weekday of both weeks, 6 pro tickets; in W47 a quarter of them are late. */
const ticketsCsv = (): string => {
  const rows = ['Id,Created at,First reply at,Solved at,Priority,Via,Plan'];
  let id = 1000;
  for (const monday of [w46.start, w47.start]) {
    for (let day = 0; day < 5; day++) {
      for (let n = 0; n < 6; n++) {
        const created = new Date(new Date(monday).getTime() + day * 86_400_000 + (10 + n) * 3_600_000);
        const late = monday === w47.start && n >= 4 && day < 4;
        const reply = new Date(created.getTime() + (late ? 150 : 20) * 60_000);
        const fmt = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19);
        rows.push(`${id++},${fmt(created)},${fmt(reply)},,${n % 2 ? 'Urgent' : 'Normal'},Email,Pro`);
      }
    }
  }
  return rows.join('\n');
};

const uptimeCsv = (): string =>
  [
    'metric,value,unit,at,service',
    ...Array.from(
      { length: 22 },
      (_, i) => `uptime,${i === 20 ? 99.5 : 100},percent,2026-11-${String(i + 1).padStart(2, '0')},api`,
    ),
  ].join('\n');

const promise = (id: string, overrides: Partial<ServicePromise>): ServicePromise => ({
  id,
  sourceUrl: 'http://127.0.0.1/support',
  sourceKind: 'support-plan',
  meaningHash: id,
  firstSeen: '2026-10-01T00:00:00.000Z',
  lastSeen: '2026-11-20T00:00:00.000Z',
  quote: 'q',
  category: 'response_time',
  metric: 'first_response_time',
  operator: '<=',
  threshold: 1,
  unit: 'hours',
  qualifiers: {},
  confidence: 0.9,
  ...overrides,
});

const promises = [
  promise('p_pro', {
    quote: 'Pro: 90% of tickets answered within 1 hour.',
    qualifiers: { tier: 'Pro', target: 90 },
  }),
  promise('p_urgent', {
    quote: 'Urgent tickets within 4 business hours.',
    threshold: 4,
    unit: 'business_hours',
    qualifiers: { severity: 'P1' },
  }),
  promise('p_enterprise', {
    quote: 'Enterprise: within 30 minutes.',
    threshold: 30,
    unit: 'minutes',
    qualifiers: { tier: 'Enterprise' },
  }),
  promise('p_uptime', {
    quote: '99.9% monthly uptime.',
    category: 'uptime',
    operator: '>=',
    threshold: 99.9,
    unit: 'percent',
    qualifiers: { window: 'monthly' },
  }),
  promise('p_hours', {
    quote: 'Support 24/7.',
    category: 'availability_hours',
    operator: '>=',
    threshold: 168,
    unit: 'hours_per_week',
  }),
  promise('p_removed', { quote: 'Gone.', removedAt: '2026-11-01T00:00:00.000Z' }),
];

let embedded: EmbeddedStore;
let store: Store;
beforeAll(async () => {
  embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  store = embedded.store;
  await store.putPromises(promises);
  const complaint: StoredComplaint = {
    id: 'c1',
    at: '2026-11-18T10:00:00.000Z',
    text: 'No answer for hours.',
    dimensions: {},
    analysis: { isComplaint: true, categories: ['response_time'], durations: [], sentiment: -2 },
  };
  await store.putComplaints([complaint]);
});
afterAll(async () => {
  await embedded?.close();
});

describe('evaluating a week on the embedded store', () => {
  it('imports a ticket export and an uptime file once, however often they are imported', async () => {
    const tickets = parseTicketsCsv(ticketsCsv(), { calendar, file: 'tickets.csv' });
    const uptime = parseMetricSamplesCsv(uptimeCsv(), { file: 'uptime.csv' });
    expect([tickets.errors, uptime.errors]).toEqual([[], []]);
    const first = await store.ingestSamples([...tickets.samples, ...uptime.samples]);
    const again = await store.ingestSamples([...tickets.samples, ...uptime.samples]);
    expect(first).toEqual({ accepted: 60 * 2 + 22, duplicates: 0 });
    expect(again).toEqual({ accepted: 0, duplicates: 60 * 2 + 22 });
  });

  it('writes a verdict per live promise, with the trend against the previous week and linked complaints', async () => {
    const linked: string[] = [];
    const link = (p: ServicePromise, complaints: StoredComplaint[], window: Window): ComplaintEvidence => {
      linked.push(`${p.id}:${window.id}:${complaints.length}`);
      return {
        matched: complaints.length,
        allegingBreach: complaints.length,
        quotes: [],
        perceptionGap: false,
      };
    };
    const perceptionGap = (status: VerdictStatus, evidence: ComplaintEvidence) =>
      status === 'kept' && evidence.allegingBreach > 0;
    const deps = {
      store,
      calendar,
      rules: { ...DEFAULT_EVALUATION_RULES, minSamples: 10 },
      now: () => new Date('2026-11-23T07:00:00Z'),
      logger: silentLogger,
      link,
      perceptionGap,
    };
    await evaluateWindow(deps, w46);
    const verdicts = await evaluateWindow(deps, w47);
    const byId = Object.fromEntries(verdicts.map((v) => [v.promiseId, v]));
    expect(Object.keys(byId).sort()).toEqual(['p_enterprise', 'p_hours', 'p_pro', 'p_uptime', 'p_urgent']);

    // W47: 8 of 30 pro tickets late (73%), target 90%; W46 was 100%.
    expect(byId.p_pro?.status).toBe('breached');
    expect(byId.p_pro?.delivery).toMatchObject({ samples: 30, breaches: 8, series: expect.any(Array) });
    expect(byId.p_pro?.trend).toEqual({ previousAttainment: 100, delta: expect.closeTo(-26.67, 1) });
    // Urgent tickets (half of them) in business hours: 150 minutes = 2.5 business hours, within 4.
    expect(byId.p_urgent?.status).toBe('kept');
    expect(byId.p_urgent?.delivery?.samples).toBe(15);
    expect(byId.p_urgent?.complaints?.perceptionGap).toBe(true);
    expect(byId.p_enterprise?.status).toBe('no_data');
    expect(byId.p_hours?.reason).toMatch(/^no metric backs this promise/);
    // Monthly uptime on November to date: one day at 99.5 over 22 days.
    expect(byId.p_uptime?.delivery?.samples).toBe(22);
    expect(byId.p_uptime?.reason).toMatch(/month to date/);
    expect(linked).toContain('p_pro:2026-W47:1');

    const stored = await store.verdictsForWindow('2026-W47');
    expect(stored.map((v) => v.promiseId).sort()).toEqual(Object.keys(byId).sort());
  });
});
