import { describe, expect, it } from 'vitest';
import {
  ACCOUNTING_RULES,
  EvaluationInputError,
  evaluatePromise,
} from '../../../packages/compliance/index.ts';
import type { ComplaintEvidence, PromiseVersion, Verdict } from '../../../packages/core/index.ts';
import { monthWindow, weekWindow } from '../../../packages/core/index.ts';
import { calendar, evaluatedAt, minutes, promise, rules, samples, series, week } from './helpers.ts';

const base = { window: week, calendar, rules, evaluatedAt };
const frt = (ok: number, late: number) =>
  series(samples('first_response_time', 'minutes', minutes(ok, late)));

describe('the verdict for share-of-cases promises', () => {
  it.each([
    ['kept when 99 of 100 tickets meet a 95% promise', 99, 1, 'kept'],
    ['at risk when 96 of 100 meet it: 80% of the budget spent', 96, 4, 'at_risk'],
    ['breached when 90 of 100 meet it', 90, 10, 'breached'],
  ] as const)('%s', (_name, ok, late, status) => {
    const v = evaluatePromise({
      ...base,
      promise: promise({ qualifiers: { target: 95 } }),
      series: frt(ok, late),
    });
    expect(v.status).toBe(status);
    expect(v.delivery).toMatchObject({
      samples: 100,
      attainment: ok,
      target: 95,
      breaches: late,
      unit: 'hours',
    });
    expect(v.delivery?.errorBudgetLeft).toBeCloseTo(100 * (1 - late / 5), 5);
    expect(v.delivery?.burnRate).toBeCloseTo(late / 5, 5);
  });

  it('breaks an "every ticket" promise with a single late ticket and names it', () => {
    const v = evaluatePromise({ ...base, promise: promise(), series: frt(99, 1) });
    expect(v.status).toBe('breached');
    expect(v.delivery).toMatchObject({ target: 100, breaches: 1, errorBudgetLeft: -100, burnRate: null });
    expect(v.delivery?.worst[0]).toMatchObject({ value: 1.5, ref: 't99' });
    expect(v.reason).toMatch(
      /^breached: 99% of 100 tickets within 1 hour \(target 100%\); 1 missed, worst 1.5 hours/,
    );
  });

  it('keeps an "every ticket" promise when all meet it, with percentiles in the promise unit', () => {
    const v = evaluatePromise({ ...base, promise: promise(), series: frt(100, 0) });
    expect(v.status).toBe('kept');
    expect(v.delivery).toMatchObject({ attainment: 100, errorBudgetLeft: 100, burnRate: 0, max: 0.5 });
    expect(v.delivery?.p50).toBeCloseTo(0.5, 2);
  });

  it('grades a "typically" promise on the median', () => {
    const hedged = promise({ qualifiers: { statistic: 'median', hedge: 'typically' } });
    expect(evaluatePromise({ ...base, promise: hedged, series: frt(80, 20) }).status).toBe('kept');
    const v = evaluatePromise({ ...base, promise: hedged, series: frt(40, 60) });
    expect(v.status).toBe('breached');
    expect(v.delivery?.target).toBe(50);
    expect(v.reason).toMatch(/^breached: median/);
  });

  it('grades an "on average" promise on the mean, with no target share', () => {
    const v = evaluatePromise({
      ...base,
      promise: promise({ qualifiers: { statistic: 'mean' } }),
      series: series(
        samples(
          'first_response_time',
          'minutes',
          Array.from({ length: 30 }, (_, i) => (i % 2 ? 50 : 62)),
        ),
      ),
    });
    // Mean (50 + 62) / 2 = 56 minutes of the 60 allowed: 93.3% of the budget spent, over 75%.
    expect(v.status).toBe('at_risk');
    expect(v.delivery?.target).toBeNull();
    expect(v.delivery?.errorBudgetLeft).toBeCloseTo(100 * (1 - 56 / 60), 1);
  });

  it('measures a business-days promise on business-hour samples (one day = 8 opening hours)', () => {
    const v = evaluatePromise({
      ...base,
      promise: promise({ unit: 'business_days', threshold: 1, quote: 'Reply by the next business day.' }),
      series: series(samples('first_response_business_time', 'business_hours', [...Array(25).fill(4), 12])),
    });
    expect(v.status).toBe('breached');
    expect(v.delivery).toMatchObject({ unit: 'business_days', max: 1.5, breaches: 1 });
  });
});

describe('the verdict for uptime', () => {
  const uptime = (values: number[], start = week.start) =>
    series(samples('uptime', 'percent', values, { service: 'api' }, start, 1440));
  const uptimePromise = (qualifiers = {}) =>
    promise({
      category: 'uptime',
      operator: '>=',
      threshold: 99.9,
      unit: 'percent',
      qualifiers,
      metric: 'uptime',
    });

  it('compares the mean of daily samples with the promised percentage', () => {
    const kept = evaluatePromise({
      ...base,
      promise: uptimePromise(),
      series: uptime([100, 100, 99.8, 100, 100, 100, 99.9]),
    });
    expect(kept.status).toBe('kept');
    expect(kept.delivery).toMatchObject({ samples: 7, target: 99.9, breaches: 1 });
    expect(kept.delivery?.attainment).toBeCloseTo(99.96, 2);
    expect(kept.reason).toMatch(/^kept: mean 99.957% over 7 daily samples, promised at least 99.9%/);
    const broken = evaluatePromise({
      ...base,
      promise: uptimePromise(),
      series: uptime([99, 100, 100, 100, 100, 100, 100]),
    });
    expect(broken.status).toBe('breached');
  });

  it('grades a monthly promise on the month to date and says so', () => {
    // Week 47 ends on 2026-11-23: 22 days of November so far, a 30-day month.
    const monthly = uptimePromise({ window: 'monthly' });
    const days = (dip: number) => Array.from({ length: 22 }, (_, i) => (i === 3 ? dip : 100));
    const start = '2026-11-01T00:00:00.000Z';
    const mild = evaluatePromise({ ...base, promise: monthly, series: uptime(days(99), start) });
    // Mean 99.9545: 0.0455 points lost over 22/30 of the month, of a 0.1-point budget.
    expect(mild.status).toBe('kept');
    expect(mild.delivery?.samples).toBe(22);
    expect(mild.delivery?.errorBudgetLeft).toBeCloseTo(100 * (1 - ((1 / 22) * 22) / 30 / 0.1), 1);
    expect(mild.reason).toMatch(/monthly: measured over the month to date, 2026-11-01 to 2026-11-22/);
    const severe = evaluatePromise({ ...base, promise: monthly, series: uptime(days(96), start) });
    expect(severe.status).toBe('breached');
    expect(severe.reason).toMatch(/exceeds the whole month's budget/);
  });

  it('needs one sample a day of the window', () => {
    const v = evaluatePromise({ ...base, promise: uptimePromise(), series: uptime([100, 100, 100]) });
    expect(v.status).toBe('no_data');
    expect(v.reason).toMatch(/too few samples to say: 3 daily samples, at least 7 needed/);
  });
});

describe('no data, said plainly', () => {
  it.each([
    [
      'opening hours',
      promise({ category: 'availability_hours', operator: '>=', threshold: 168, unit: 'hours_per_week' }),
    ],
    [
      'a service credit',
      promise({ category: 'credit_compensation', operator: '==', threshold: 10, unit: 'percent' }),
    ],
    [
      'a money-back window',
      promise({ category: 'refund_guarantee', operator: '>=', threshold: 30, unit: 'days' }),
    ],
  ])('reports %s as unmeasured, not hidden', (_name, p) => {
    const v = evaluatePromise({ ...base, promise: p, series: [] });
    expect(v.status).toBe('no_data');
    expect(v.reason).toMatch(/^no metric backs this promise/);
    expect(v.delivery).toBeNull();
  });

  it('says which samples are missing when no series matches', () => {
    const v = evaluatePromise({
      ...base,
      promise: promise({ qualifiers: { tier: 'Enterprise' } }),
      series: [],
    });
    expect(v.status).toBe('no_data');
    expect(v.reason).toBe(
      'no first_response_time samples matching tier=Enterprise from 2026-11-16 to 2026-11-22',
    );
  });

  it('states the minimum when there are too few samples', () => {
    const v = evaluatePromise({ ...base, promise: promise(), series: frt(12, 0) });
    expect(v.status).toBe('no_data');
    expect(v.reason).toBe('too few samples to say: 12 tickets, at least 20 needed');
    expect(v.delivery?.samples).toBe(12);
  });

  it('refuses to compare business time with calendar time', () => {
    const v = evaluatePromise({
      ...base,
      promise: promise({ category: 'delivery_time', unit: 'business_days', threshold: 2 }),
      series: series(samples('delivery_time', 'days', Array(30).fill(1))),
    });
    expect(v.status).toBe('no_data');
    expect(v.reason).toMatch(
      /delivery_time\{\} is recorded in days, which cannot be compared with a promise in business_days/,
    );
  });

  it('refuses a window without valid dates', () => {
    expect(() =>
      evaluatePromise({
        ...base,
        window: { id: 'x', start: 'soon', end: 'later' },
        promise: promise(),
        series: [],
      }),
    ).toThrow(EvaluationInputError);
  });
});

describe('history, trend and evidence', () => {
  const versions: PromiseVersion[] = [
    {
      promiseId: 'prm_1',
      version: 1,
      quote: 'Replies within 2 hours.',
      operator: '<=',
      threshold: 2,
      unit: 'hours',
      qualifiers: {},
      validFrom: '2026-01-01T00:00:00.000Z',
      validTo: '2026-11-25T00:00:00.000Z',
    },
    {
      promiseId: 'prm_1',
      version: 2,
      quote: 'Replies within 1 hour.',
      operator: '<=',
      threshold: 1,
      unit: 'hours',
      qualifiers: {},
      validFrom: '2026-11-25T00:00:00.000Z',
    },
  ];

  it('grades each window against the version in force then', () => {
    const current = promise({ threshold: 1, quote: 'Replies within 1 hour.' });
    const before = evaluatePromise({ ...base, promise: current, versions, series: frt(90, 10) });
    expect(before.promise).toMatchObject({ version: 1, threshold: 2, quote: 'Replies within 2 hours.' });
    expect(before.status).toBe('kept');
    const after = evaluatePromise({
      ...base,
      window: weekWindow('2026-W48'),
      promise: current,
      versions,
      series: series(
        samples('first_response_time', 'minutes', minutes(90, 10), {}, weekWindow('2026-W48').start),
      ),
    });
    expect(after.promise.version).toBe(2);
    expect(after.status).toBe('breached');
  });

  it('reports the trend and flags a decline that would breach next window', () => {
    const previous = { delivery: { attainment: 99.5 } } as Verdict;
    const v = evaluatePromise({
      ...base,
      promise: promise({ qualifiers: { target: 95 } }),
      previous,
      series: frt(97, 3),
    });
    expect(v.trend).toEqual({ previousAttainment: 99.5, delta: -2.5 });
    expect(v.status).toBe('at_risk');
    expect(v.reason).toMatch(/down 2.5 points since the previous window/);
  });

  it('keeps complaint evidence as passed and carries the accounting rules', () => {
    const complaints: ComplaintEvidence = { matched: 2, allegingBreach: 1, quotes: [], perceptionGap: false };
    const v = evaluatePromise({ ...base, promise: promise(), complaints, series: frt(100, 0) });
    expect(v.complaints).toBe(complaints);
    expect(v.rules.startsWith(ACCOUNTING_RULES)).toBe(true);
    expect(v.rules).toMatch(
      /Settings: Business hours Mon–Fri 09:00–17:00 \(Europe\/Berlin\).*at least 20 samples/,
    );
    expect(v.evaluatedAt).toBe(evaluatedAt.toISOString());
  });

  it('reads percentiles from the sketch within its 1% accuracy', () => {
    const values = Array.from({ length: 2000 }, (_, i) => 1 + ((i * 7919) % 997) / 10);
    const v = evaluatePromise({
      ...base,
      window: monthWindow('2026-11'),
      promise: promise({ threshold: 10, qualifiers: { target: 5 } }),
      series: series(samples('first_response_time', 'minutes', values, {}, '2026-11-01T00:00:00Z', 15)),
    });
    const sorted = [...values].sort((a, b) => a - b);
    const exact = (q: number) => (sorted[Math.floor(q * (sorted.length - 1))] ?? 0) / 60;
    for (const [q, got] of [
      [0.5, v.delivery?.p50],
      [0.9, v.delivery?.p90],
      [0.95, v.delivery?.p95],
    ] as const) {
      expect(Math.abs((got ?? 0) - exact(q)) / exact(q)).toBeLessThan(0.015);
    }
  });
});
