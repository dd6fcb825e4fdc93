import { describe, expect, it } from 'vitest';
import { claimCategory, claimsEvidence } from '../../../packages/claims/index.ts';
import type {
  MetricSample,
  Rollup,
  SeriesKey,
  StoredComplaint,
  Unit,
  Window,
} from '../../../packages/core/index.ts';
import { hourOf, mergeIntoRollup, seriesId } from '../../../packages/rollups/index.ts';

const window: Window = { id: '2026-W47', start: '2026-11-16T05:00:00.000Z', end: '2026-11-23T05:00:00.000Z' };

/** A store holding the given samples as hourly rollups, and the given complaints. */
const fakeStore = (samples: MetricSample[], complaints: StoredComplaint[] = []) => {
  const rollups = new Map<string, Rollup>();
  for (const s of samples) {
    const key = `${seriesId(s.metric, s.dimensions)}|${hourOf(s.at)}`;
    rollups.set(key, mergeIntoRollup(rollups.get(key), [s]));
  }
  const all = [...rollups.values()];
  return {
    listSeries: async (metric: string): Promise<SeriesKey[]> => [
      ...new Map(
        all.filter((r) => r.metric === metric).map((r) => [r.series, { metric, dimensions: r.dimensions }]),
      ).values(),
    ],
    rollupsFor: async (series: SeriesKey, from: string, to: string) =>
      all.filter(
        (r) =>
          r.series === seriesId(series.metric, series.dimensions) &&
          r.hour >= from.slice(0, 13) &&
          r.hour < to.slice(0, 13),
      ),
    complaintsBetween: async () => complaints,
  };
};

/** `n` tickets in the week, each answered after `value` (in `unit`), spread an hour apart. */
const tickets = (metric: string, unit: Unit, values: number[], tier = 'Pro'): MetricSample[] =>
  values.map((value, i) => ({
    metric,
    value,
    unit,
    at: new Date(Date.parse('2026-11-17T14:00:00Z') + i * 3_600_000).toISOString(),
    dimensions: { tier },
    ref: `t${i}`,
  }));

const slowReplies = (
  n: number,
  text = 'I waited two days for anyone to reply to my ticket',
): StoredComplaint[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `c${i}`,
    at: '2026-11-18T15:00:00Z',
    text,
    dimensions: {},
    analysis: { isComplaint: true, categories: ['response_time'], durations: [], sentiment: -0.6 },
  }));

const deps = (store: ReturnType<typeof fakeStore>) => ({
  store,
  minSamples: 20,
  minComplaints: 3,
  businessDayHours: 9,
});
const claim = (quote: string) => [
  {
    sourceUrl: 'https://shop.example/blog.html',
    claims: [{ quote, reason: 'speed claim without a figure' }],
  },
];

describe('what a vague claim is about', () => {
  it.each([
    ['Our support is lightning-fast.', 'response_time'],
    ['We answer quickly, every time.', 'response_time'],
    ['Best-in-class reliability', 'uptime'],
    ['Our platform delivers industry-leading uptime', 'uptime'],
    ['Problems get fixed in a flash', 'resolution_time'],
    ['Blazing-fast shipping', 'delivery_time'],
    ['We always go the extra mile.', null],
  ])('%s → %s', (quote, category) => {
    expect(claimCategory(quote)?.category ?? null).toBe(category);
  });
});

describe('the contradiction rule', () => {
  // Business-hour replies: median 4.5; calendar replies: 8 of 40 over a day (20%).
  const business = tickets(
    'first_response_business_time',
    'business_hours',
    Array.from({ length: 40 }, (_, i) => 0.5 + (i % 10)),
  );
  const calendar = tickets(
    'first_response_time',
    'minutes',
    Array.from({ length: 40 }, (_, i) => (i < 8 ? 2000 : 120)),
  );

  it('contradicts a speed claim when the median reply is over a business hour or >10% wait over a day', async () => {
    const [e] = await claimsEvidence(
      deps(fakeStore([...business, ...calendar], slowReplies(12))),
      claim('That is why our support is lightning-fast.'),
      window,
    );
    expect(e?.status).toBe('contradicted');
    expect(e?.because).toEqual([
      'median first reply over a business hour',
      'more than 10% of tickets over a day',
      '12 complaints about slow replies',
    ]);
    expect(e?.sentence).toMatch(
      /^‘lightning-fast’ — median first reply 4\.\d business hours, 20% of tickets over a day; 12 complaints about slow replies$/,
    );
    // The suggestion is the digest's rewording of the same figures: p90 rounded up to copy.
    // p90 8.5 business hours, with the 1% sketch cushion, is under one 9-hour business day.
    expect(e?.suggestion).toBe('90% of tickets answered within 1 business day');
    expect(e?.suggestionBasis).toBe('p90 8.5 business hours, rounded up to the next whole business day');
  });

  it('supports a speed claim the figures bear out, with fewer complaints than the minimum', async () => {
    const fast = tickets(
      'first_response_business_time',
      'business_hours',
      Array.from({ length: 30 }, () => 0.4),
    );
    const fastCal = tickets(
      'first_response_time',
      'minutes',
      Array.from({ length: 30 }, () => 25),
    );
    const [e] = await claimsEvidence(
      deps(fakeStore([...fast, ...fastCal], slowReplies(2))),
      claim('Our support is lightning-fast.'),
      window,
    );
    expect(e?.status).toBe('supported');
    expect(e?.because).toEqual([]);
    expect(e?.suggestion).toBeNull();
    expect(e?.sentence).toContain('2 complaints about slow replies');
  });

  it('lets complaints alone contradict it when nothing is measured', async () => {
    const [e] = await claimsEvidence(
      deps(fakeStore([], slowReplies(3))),
      claim('We always answer quickly.'),
      window,
    );
    expect(e?.status).toBe('contradicted');
    expect(e?.figures).toEqual([]);
  });

  it('does not count fewer samples than the minimum, and says when nothing is known', async () => {
    const few = tickets('first_response_business_time', 'business_hours', [9, 9, 9]);
    const [e] = await claimsEvidence(deps(fakeStore(few)), claim('Lightning-fast support.'), window);
    expect(e?.status).toBe('no_evidence');
    expect(e?.sentence).toBe('‘Lightning-fast’ — nothing measured or said about reply speed this week');
  });

  it('holds an uptime claim to a 99.9% mean', async () => {
    const days = (values: number[]) =>
      values.map((value, i) => ({
        metric: 'uptime',
        value,
        unit: 'percent' as Unit,
        at: new Date(Date.parse('2026-11-16T12:00:00Z') + i * 86_400_000).toISOString(),
        dimensions: { service: 'api' },
        ref: `d${i}`,
      }));
    const [good] = await claimsEvidence(
      deps(fakeStore(days([100, 99.99, 99.95, 100, 100, 99.98, 100]))),
      claim('Best-in-class reliability'),
      window,
    );
    expect(good?.status).toBe('supported');
    const [bad] = await claimsEvidence(
      deps(fakeStore(days([100, 99.2, 99.5, 100, 100, 99.9, 100]))),
      claim('Best-in-class reliability'),
      window,
    );
    expect(bad?.status).toBe('contradicted');
    expect(bad?.because).toEqual(['mean uptime under 99.9%']);
  });

  it('lists claims nobody can check as such, after the ones it judged', async () => {
    const out = await claimsEvidence(
      deps(fakeStore([], slowReplies(4))),
      [
        {
          sourceUrl: 'https://shop.example/',
          claims: [
            { quote: 'We go the extra mile.', reason: 'effort' },
            { quote: 'Support that answers fast.', reason: 'speed' },
          ],
        },
      ],
      window,
    );
    expect(out.map((e) => e.status)).toEqual(['contradicted', 'not_checkable']);
  });

  it('takes survey scores from a plugged-in source', async () => {
    const fast = tickets(
      'first_response_business_time',
      'business_hours',
      Array.from({ length: 30 }, () => 0.4),
    );
    const [e] = await claimsEvidence(
      {
        ...deps(fakeStore(fast)),
        surveys: async (category) =>
          category === 'response_time'
            ? { label: 'CSAT 61% satisfied (40 responses)', responses: 40, belowFloor: true }
            : null,
      },
      claim('Lightning-fast support'),
      window,
    );
    expect(e?.status).toBe('contradicted');
    expect(e?.because).toEqual(['survey score under its floor (CSAT 61% satisfied (40 responses))']);
    expect(e?.sentence).toContain('CSAT 61% satisfied');
  });
});
