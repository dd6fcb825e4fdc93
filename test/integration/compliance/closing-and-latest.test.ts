// Closing verdicts end to end on the real store (Sydney, east of UTC): the week holding 31 March
// grades April to date and all of March, stores March under "2026-03", and the API, the digest and
// the default week all show it; an empty week graded later never displaces the week with data.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../packages/api/index.ts';
import { createBusinessCalendar } from '../../../packages/calendar/index.ts';
import { DEFAULT_EVALUATION_RULES, evaluateWindow } from '../../../packages/compliance/index.ts';
import type {
  CalendarConfig,
  MetricSample,
  ServicePromise,
  Store,
  Verdict,
} from '../../../packages/core/index.ts';
import { loadConfigFile, silentLogger, weekWindow } from '../../../packages/core/index.ts';
import { buildDigest, digestInputFromStore, latestEvaluatedWeek } from '../../../packages/digest/index.ts';
import { createApiKey } from '../../../packages/keys/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';

const calendarConfig: CalendarConfig = {
  timezone: 'Australia/Sydney',
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
};
const calendar = createBusinessCalendar(calendarConfig);
// Monday 27 April 2026 07:00 in Sydney (AEST, UTC+10): weeks up to W17 have ended locally.
const NOW = new Date('2026-04-26T21:00:00Z');

const uptime: ServicePromise = {
  id: 'p_uptime',
  sourceUrl: 'http://127.0.0.1/sla',
  sourceKind: 'sla',
  meaningHash: 'p_uptime',
  firstSeen: '2026-01-01T00:00:00.000Z',
  lastSeen: '2026-04-20T00:00:00.000Z',
  quote: 'We keep the service up 99.9% of each month.',
  category: 'uptime',
  metric: 'uptime',
  operator: '>=',
  threshold: 99.9,
  unit: 'percent',
  qualifiers: { window: 'monthly' },
  confidence: 0.9,
};

/** One uptime sample per local day, at local noon (01:00 or 02:00 UTC in Sydney). */
const day = (month0: number, date: number, value: number): MetricSample => ({
  metric: 'uptime',
  value,
  unit: 'percent',
  at: calendar.fromLocal(2026, month0 + 1, date, 12).toISOString(),
  dimensions: {},
  ref: `day ${month0 + 1}-${date}`,
});

let embedded: EmbeddedStore;
let store: Store;
let week14: Verdict[];

beforeAll(async () => {
  embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  store = embedded.store;
  await store.putPromises([uptime]);
  // March: 30 days at 100%, 31 March at 96% (58 minutes down). April 1-5: 100%.
  await store.ingestSamples([
    ...Array.from({ length: 31 }, (_, i) => day(2, i + 1, i === 30 ? 96 : 100)),
    ...Array.from({ length: 5 }, (_, i) => day(3, i + 1, 100)),
  ]);
  const deps = {
    store,
    calendar,
    rules: { ...DEFAULT_EVALUATION_RULES },
    now: () => NOW,
    logger: silentLogger,
  };
  week14 = await evaluateWindow(deps, weekWindow('2026-W14'));
  // Week 16 (13-19 April) has no sample at all: graded anyway, it is an empty window.
  await evaluateWindow(deps, weekWindow('2026-W16'));
});

afterAll(async () => {
  await embedded?.close();
});

describe('a closing month', () => {
  it('grades the week on April to date and carries March’s closing verdict', () => {
    const [weekly] = week14;
    // W14 in Sydney: Monday 30 March 00:00 AEDT (29 March 13:00 UTC) to Monday 6 April 00:00
    // AEST (5 April 14:00 UTC): DST ends inside it.
    expect(weekly?.window).toMatchObject({
      id: '2026-W14',
      start: '2026-03-29T13:00:00.000Z',
      end: '2026-04-05T14:00:00.000Z',
    });
    expect(weekly?.status).toBe('kept');
    expect(weekly?.delivery?.samples).toBe(5);
    expect(weekly?.closing).toEqual([
      expect.objectContaining({
        window: expect.objectContaining({ id: '2026-03' }),
        status: 'breached',
        target: 99.9,
      }),
    ]);
  });

  it('stores the closing verdict under the month, on the whole local month', async () => {
    const [march] = await store.verdictsForWindow('2026-03');
    // 1 March 00:00 AEDT is 28 February 13:00 UTC. Mean (30 × 100 + 96) / 31 = 99.871%.
    expect(march?.window).toMatchObject({
      id: '2026-03',
      start: '2026-02-28T13:00:00.000Z',
      end: '2026-03-31T13:00:00.000Z',
    });
    expect(march?.status).toBe('breached');
    expect(march?.delivery?.samples).toBe(31);
    expect(march?.delivery?.attainment).toBeCloseTo(99.871, 3);
  });

  it('shows it in the API under window=2026-03', async () => {
    const key = (await createApiKey(store, { scope: 'read', now: () => NOW })).key;
    const app = createApp({ store, now: () => NOW, logger: silentLogger });
    const res = await app.request('/v1/compliance?window=2026-03', {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { window: { id: string }; verdicts: Verdict[] };
    expect(body.window.id).toBe('2026-03');
    expect(body.verdicts.map((v) => v.status)).toEqual(['breached']);
  });

  it('says it in the digest of the week that closed it: "March: 99.87%, promise 99.9%: broken"', async () => {
    const { config } = loadConfigFile('examples/promisegap.config.json');
    const window = week14[0]?.window;
    if (!window) throw new Error('no week 14 verdict');
    const digest = buildDigest(
      await digestInputFromStore(store, { ...config, calendar: calendarConfig }, window),
    );
    expect(digest.text).toContain('March: 99.87%, promise 99.9%: broken');
    expect(digest.html).toContain('March: 99.87%, promise 99.9%: broken');
    // The week's dates are Sydney's: Monday 30 March to Sunday 5 April.
    expect(digest.text).toContain('30 Mar – 5 Apr 2026 (Australia/Sydney)');
  });
});

describe('an empty week graded later', () => {
  it('never displaces the latest week with data: API default, gaps and digest all stay on W14', async () => {
    expect(await store.listWindows()).toContain('2026-W16');
    const key = (await createApiKey(store, { scope: 'read', now: () => NOW })).key;
    const app = createApp({ store, now: () => NOW, logger: silentLogger });
    const headers = { authorization: `Bearer ${key}` };
    const compliance = (await (await app.request('/v1/compliance', { headers })).json()) as {
      window: { id: string };
    };
    expect(compliance.window.id).toBe('2026-W14');
    const gaps = (await (await app.request('/v1/gaps', { headers })).json()) as { window: { id: string } };
    expect(gaps.window.id).toBe('2026-W14');
    expect((await latestEvaluatedWeek(store, NOW)).id).toBe('2026-W14');
  });
});
