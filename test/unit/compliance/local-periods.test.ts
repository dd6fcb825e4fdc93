// Issue 15's rule changes, each with its figures worked by hand in the comments: local weeks and
// months, closing periods, a mean promise at risk, the trend after a no_data week, which week is
// "latest", monthly ticket promises, and dispatch vs delivery.

import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../../packages/calendar/index.ts';
import {
  chooseEvaluationWeek,
  closingPeriods,
  DEFAULT_EVALUATION_RULES,
  evaluatePromise,
  metricsForPromise,
  PartialWindowError,
  statedPeriod,
} from '../../../packages/compliance/index.ts';
import type { CalendarConfig, MetricSample, Verdict } from '../../../packages/core/index.ts';
import {
  isoWeekId,
  latestCompleteWeek,
  monthWindow,
  parseWindow,
  periodsEndingIn,
  previousWeek,
  quarterWindow,
  verdictsHaveData,
  weekWindow,
} from '../../../packages/core/index.ts';
import { clipRollups, mergeIntoRollup } from '../../../packages/rollups/index.ts';
import { evaluatedAt, promise, rollupsOf } from './helpers.ts';

const weekdays = (open: string, close: string): CalendarConfig['hours'] => ({
  mon: [open, close],
  tue: [open, close],
  wed: [open, close],
  thu: [open, close],
  fri: [open, close],
  sat: null,
  sun: null,
});
const calendarIn = (timezone: string) =>
  createBusinessCalendar({ timezone, hours: weekdays('09:00', '17:00'), holidays: [] });
const rules = { ...DEFAULT_EVALUATION_RULES };

const sample = (metric: string, value: number, at: string, unit: MetricSample['unit'] = 'minutes') => ({
  metric,
  value,
  unit,
  at,
  dimensions: {},
  ref: at,
});
const seriesOf = (list: MetricSample[]) => {
  const first = list[0];
  return first ? [{ key: { metric: first.metric, dimensions: {} }, rollups: rollupsOf(list) }] : [];
};

describe('weeks and months are the company’s', () => {
  it.each([
    // 2026-W12 is Monday 16 March to Monday 23 March. Los Angeles is on PDT (UTC-7) since 8 March:
    // local midnight is 07:00 UTC.
    ['America/Los_Angeles', '2026-03-16T07:00:00.000Z', '2026-03-23T07:00:00.000Z'],
    // Sydney is on AEDT (UTC+11) until 5 April: Monday 00:00 local is Sunday 13:00 UTC.
    ['Australia/Sydney', '2026-03-15T13:00:00.000Z', '2026-03-22T13:00:00.000Z'],
    // Kolkata is UTC+5:30 all year: 18:30 UTC the evening before.
    ['Asia/Kolkata', '2026-03-15T18:30:00.000Z', '2026-03-22T18:30:00.000Z'],
    ['UTC', '2026-03-16T00:00:00.000Z', '2026-03-23T00:00:00.000Z'],
  ])('runs an ISO week from Monday 00:00 to Monday 00:00 in %s', (zone, start, end) => {
    expect(weekWindow('2026-W12', zone)).toEqual({ id: '2026-W12', start, end, timeZone: zone });
  });

  it.each([
    // Sunday 22 March 18:00 PDT is Monday 01:00 UTC: still the week that ends that Sunday.
    ['America/Los_Angeles', '2026-03-23T01:00:00Z', '2026-W12', '2026-W13'],
    // Monday 16 March 09:00 AEDT, opening time, is Sunday 22:00 UTC: already that Monday's week.
    ['Australia/Sydney', '2026-03-15T22:00:00Z', '2026-W12', '2026-W11'],
  ])('puts %s local time %s in %s (UTC says %s)', (zone, at, local, utc) => {
    expect(isoWeekId(new Date(at), zone)).toBe(local);
    expect(isoWeekId(new Date(at))).toBe(utc);
  });

  it('grades a Los Angeles Sunday evening in the week it belongs to, not the next one', () => {
    const la = calendarIn('America/Los_Angeles');
    // 20 replies within the hour on Tuesday 17 March, and one of 90 minutes on Sunday 22 March
    // 18:00 PDT (Monday 01:00 UTC). Locally all 21 are W12: 20 of 21 within 1 hour, breached.
    const onTime = Array.from({ length: 20 }, (_, i) =>
      sample(
        'first_response_time',
        30,
        new Date(Date.parse('2026-03-17T17:00:00Z') + i * 60_000).toISOString(),
      ),
    );
    const late = sample('first_response_time', 90, '2026-03-23T01:00:00.000Z');
    const series = seriesOf([...onTime, late]);
    const w12 = evaluatePromise({
      promise: promise(),
      window: weekWindow('2026-W12'),
      series,
      calendar: la,
      rules,
      evaluatedAt,
    });
    expect(w12.window.start).toBe('2026-03-16T07:00:00.000Z');
    expect(w12.status).toBe('breached');
    expect(w12.delivery).toMatchObject({ samples: 21, breaches: 1 });
    // In W13 (Monday 23 March 07:00 UTC on) the late reply is not there: no sample at all.
    const w13 = evaluatePromise({
      promise: promise(),
      window: weekWindow('2026-W13'),
      series,
      calendar: la,
      rules,
      evaluatedAt,
    });
    expect(w13.status).toBe('no_data');
    expect(w13.windowSamples).toBe(0);
  });

  it('opens a Sydney month at local midnight of the 1st', () => {
    // 1 April 00:00 AEDT (UTC+11) is 31 March 13:00 UTC; 1 May 00:00 AEST (UTC+10) is 30 April 14:00.
    expect(monthWindow('2026-04', 'Australia/Sydney')).toMatchObject({
      start: '2026-03-31T13:00:00.000Z',
      end: '2026-04-30T14:00:00.000Z',
    });
    expect(quarterWindow('2026-Q2', 'America/New_York')).toMatchObject({
      start: '2026-04-01T04:00:00.000Z',
      end: '2026-07-01T04:00:00.000Z',
    });
    expect(parseWindow('2026', 'UTC')).toMatchObject({
      start: '2026-01-01T00:00:00.000Z',
      end: '2027-01-01T00:00:00.000Z',
    });
  });

  it('takes the week before in the same zone, and the latest complete week where the company is', () => {
    expect(previousWeek(weekWindow('2026-W01', 'Australia/Sydney'))).toEqual(
      weekWindow('2025-W52', 'Australia/Sydney'),
    );
    // Monday 23 March 07:00 in Sydney is Sunday 22 March 20:00 UTC. The local week W12 ended seven
    // hours before; in UTC, W12 has not ended yet and the "latest" would be W11.
    const now = new Date('2026-03-22T20:00:00Z');
    expect(latestCompleteWeek(now, 'Australia/Sydney').id).toBe('2026-W12');
    expect(latestCompleteWeek(now).id).toBe('2026-W11');
    // Monday 07:00 in Los Angeles (14:00 UTC): the local W12 ended seven hours before.
    expect(latestCompleteWeek(new Date('2026-03-23T14:00:00Z'), 'America/Los_Angeles').id).toBe('2026-W12');
  });
});

describe('every period is graded whole', () => {
  it('closes March in the week holding 31 March, and nothing in the weeks before', () => {
    // W14 is Monday 30 March to Sunday 5 April: March ends inside it.
    const w14 = weekWindow('2026-W14', 'Europe/Berlin');
    expect(closingPeriods('month', w14).map((p) => p.id)).toEqual(['2026-03']);
    expect(closingPeriods('quarter', w14).map((p) => p.id)).toEqual(['2026-Q1']);
    expect(closingPeriods('year', w14)).toEqual([]);
    expect(closingPeriods('month', weekWindow('2026-W13', 'Europe/Berlin'))).toEqual([]);
    // A week that ends exactly at a month's end (Monday 1 June 2026 00:00) closes that month.
    expect(periodsEndingIn('month', weekWindow('2026-W22', 'UTC')).map((p) => p.id)).toEqual(['2026-05']);
  });

  it('grades the whole of March in its closing verdict: 99.87% against 99.9% is broken', () => {
    const berlin = calendarIn('Europe/Berlin');
    // One sample per local day at noon: 30 days at 100%, 31 March at 96% (58 minutes down).
    const march = Array.from({ length: 31 }, (_, i) =>
      sample('uptime', i === 30 ? 96 : 100, new Date(Date.UTC(2026, 2, i + 1, 10)).toISOString(), 'percent'),
    );
    const april = Array.from({ length: 5 }, (_, i) =>
      sample('uptime', 100, new Date(Date.UTC(2026, 3, i + 1, 10)).toISOString(), 'percent'),
    );
    const uptime = promise({
      quote: '99.9% monthly uptime.',
      category: 'uptime',
      metric: 'uptime',
      operator: '>=',
      threshold: 99.9,
      unit: 'percent',
      qualifiers: { window: 'monthly' },
    });
    const series = seriesOf([...march, ...april]);
    const w14 = weekWindow('2026-W14', 'Europe/Berlin');
    // The week's own verdict is April to date: 5 samples at 100%, kept (5 of the 5 days needed).
    const weekly = evaluatePromise({
      promise: uptime,
      window: w14,
      series,
      calendar: berlin,
      rules,
      evaluatedAt,
    });
    expect(weekly.status).toBe('kept');
    expect(weekly.delivery?.samples).toBe(5);
    const [march2026] = closingPeriods('month', w14);
    if (!march2026) throw new Error('no closing period');
    const closing = evaluatePromise({
      promise: uptime,
      window: march2026,
      series,
      calendar: berlin,
      rules,
      evaluatedAt,
    });
    // Mean (30 × 100 + 96) / 31 = 99.8710%: the whole month's budget (0.1 point) is overspent.
    expect(closing.window.id).toBe('2026-03');
    expect(closing.status).toBe('breached');
    expect(closing.delivery?.samples).toBe(31);
    expect(closing.delivery?.attainment).toBeCloseTo(99.871, 3);
    expect(closing.reason).toContain('closing verdict for the whole month, 2026-03-01 to 2026-03-31');
  });

  it('keeps a monthly ticket promise on its month: "Each month we answer 95% of tickets within 4 hours"', () => {
    const quote = 'Each month we answer 95% of tickets within 4 hours.';
    expect(statedPeriod({ quote, qualifiers: {} })).toBe('month');
    expect(statedPeriod({ quote: 'Refunds within a month of the return.', qualifiers: {} })).toBeNull();
    expect(statedPeriod({ quote: 'Per calendar quarter, 99% of orders ship on time.', qualifiers: {} })).toBe(
      'quarter',
    );
    expect(statedPeriod({ quote, qualifiers: { window: 'weekly' } })).toBeNull();
    const utc = calendarIn('UTC');
    // 19 tickets on 2 November at 1 hour, and 19 in week 47 (16–22 November) at 1 hour, one of
    // them at 5 hours. Weekly: 18 of 19, fewer than the 20 needed. Month to date (1–22 Nov):
    // 37 of 38 = 97.4% within 4 hours, target 95%: kept, 52.6% of the budget spent.
    const early = Array.from({ length: 19 }, (_, i) =>
      sample('first_response_time', 60, new Date(Date.UTC(2026, 10, 2, 9, i)).toISOString()),
    );
    const week = Array.from({ length: 19 }, (_, i) =>
      sample('first_response_time', i === 0 ? 300 : 60, new Date(Date.UTC(2026, 10, 17, 9, i)).toISOString()),
    );
    const v = evaluatePromise({
      promise: promise({ quote, threshold: 4, qualifiers: { target: 95 } }),
      window: weekWindow('2026-W47'),
      series: seriesOf([...early, ...week]),
      calendar: utc,
      rules,
      evaluatedAt,
    });
    expect(v.status).toBe('kept');
    expect(v.delivery?.samples).toBe(38);
    expect(v.delivery?.attainment).toBeCloseTo((37 / 38) * 100, 3);
    expect(v.reason).toContain('measured over the month to date, 2026-11-01 to 2026-11-22');
    expect(v.windowSamples).toBe(19);
  });
});

describe('a promise on the mean', () => {
  it('is at risk when more than the configured share of its budget is spent: 6.51 h against 8 h', () => {
    // 40 replies, half at 6.01 h and half at 7.01 h: mean 6.51 h. Spent 6.51 / 8 = 81.375%, left
    // 18.625%: over the 75% at-risk line. Its target is none: it covers no share of tickets.
    const values = Array.from({ length: 40 }, (_, i) => (i % 2 ? 7.01 : 6.01) * 60);
    const list = values.map((v, i) =>
      sample('first_response_time', v, new Date(Date.UTC(2026, 10, 17, 8, i * 7)).toISOString()),
    );
    const v = evaluatePromise({
      promise: promise({
        quote: 'On average we reply within 8 hours.',
        threshold: 8,
        qualifiers: { statistic: 'mean' },
      }),
      window: weekWindow('2026-W47'),
      series: seriesOf(list),
      calendar: calendarIn('UTC'),
      rules,
      evaluatedAt,
    });
    expect(v.status).toBe('at_risk');
    expect(v.delivery?.target).toBeNull();
    expect(v.delivery?.errorBudgetLeft).toBeCloseTo(18.63, 2);
    expect(v.reason).toContain('the mean is 81.38% of the threshold');
  });

  it('stays kept when the mean uses less of the budget: 5.5 h against 8 h is 68.75%', () => {
    const list = Array.from({ length: 30 }, (_, i) =>
      sample('first_response_time', 330, new Date(Date.UTC(2026, 10, 17, 8, i * 7)).toISOString()),
    );
    const v = evaluatePromise({
      promise: promise({ threshold: 8, qualifiers: { statistic: 'mean' } }),
      window: weekWindow('2026-W47'),
      series: seriesOf(list),
      calendar: calendarIn('UTC'),
      rules,
      evaluatedAt,
    });
    expect(v.status).toBe('kept');
    expect(v.delivery?.errorBudgetLeft).toBeCloseTo(31.25, 2);
  });
});

describe('the trend after a week too small to grade', () => {
  it('is empty, and the decline rule does not apply', () => {
    // Previous week: 5 tickets (below the 20 needed), attainment 100%: no_data. This week: 96 of
    // 100 within a 95% promise. Against 100% that would be a 4-point decline to 92% next week,
    // under the target: at risk by trend. Against no_data there is nothing to compare: 80% of the
    // budget is spent (4 of 5 points), over 75%, so at risk by budget alone, and the trend is null.
    const previous = { status: 'no_data', delivery: { attainment: 100 } } as unknown as Verdict;
    const list = Array.from({ length: 100 }, (_, i) =>
      sample(
        'first_response_time',
        i < 96 ? 30 : 90,
        new Date(Date.UTC(2026, 10, 17, 8, i * 3)).toISOString(),
      ),
    );
    const v = evaluatePromise({
      promise: promise({ qualifiers: { target: 95 } }),
      window: weekWindow('2026-W47'),
      series: seriesOf(list),
      previous,
      calendar: calendarIn('UTC'),
      rules,
      evaluatedAt,
    });
    expect(v.trend).toEqual({ previousAttainment: null, delta: null });
    expect(v.reason).not.toContain('since the previous window');
    expect(v.reason).toContain('80% of the error budget is spent');
  });
});

describe('which week is "latest"', () => {
  const zone = 'America/New_York';
  // Data ends Sunday 22 November 2026 20:00 EST; today is Thursday 3 December.
  const now = new Date('2026-12-03T12:00:00Z');
  const last = '2026-11-23T01:00:00.000Z';

  it('grades the latest complete local week with data when no week is named', () => {
    expect(chooseEvaluationWeek({ now, latestDataAt: last, timeZone: zone }).id).toBe('2026-W47');
  });

  it.each([
    [
      'a week after the last data',
      '2026-W48',
      /the stored data ends 2026-11-22.*latest complete week with data is 2026-W47/,
    ],
    ['a week that has not ended', '2026-W49', /has not ended yet/],
  ])('refuses %s unless --allow-partial', (_name, week, message) => {
    expect(() => chooseEvaluationWeek({ now, latestDataAt: last, timeZone: zone, week })).toThrow(
      PartialWindowError,
    );
    expect(() => chooseEvaluationWeek({ now, latestDataAt: last, timeZone: zone, week })).toThrow(message);
    expect(
      chooseEvaluationWeek({ now, latestDataAt: last, timeZone: zone, week, allowPartial: true }).id,
    ).toBe(week);
  });

  it('refuses to grade anything when no data is stored at all', () => {
    expect(() => chooseEvaluationWeek({ now, latestDataAt: undefined, timeZone: zone })).toThrow(
      /no samples are stored/,
    );
  });

  it('tells a window with data from an empty one by the samples dated inside it', () => {
    const v = (status: Verdict['status'], windowSamples: number | undefined, samples: number | null) =>
      ({ status, windowSamples, delivery: samples === null ? null : { samples } }) as unknown as Verdict;
    // Kept on the month to date, but no sample of its own: an empty week.
    expect(verdictsHaveData([v('no_data', 0, null), v('kept', 0, 40)])).toBe(false);
    // Three stray tickets solved on the Monday: too few to grade anything.
    expect(verdictsHaveData([v('no_data', 3, 3), v('kept', 0, 40)])).toBe(false);
    expect(verdictsHaveData([v('no_data', 0, null), v('breached', 25, 25)])).toBe(true);
    expect(verdictsHaveData([v('kept', undefined, 12)])).toBe(true); // stored before windowSamples existed
  });
});

describe('what is measured is what is promised', () => {
  it.each([
    ['dispatch_time', 'dispatch_time'],
    ['delivery_time', 'delivery_time'],
    [undefined, 'delivery_time'],
    ['handling_time', 'handling_time'],
  ])('grades a delivery promise the extractor read as %s on %s', (metric, expected) => {
    const terms = {
      category: 'delivery_time' as const,
      operator: '<=' as const,
      threshold: 3,
      unit: 'business_days' as const,
      ...(metric ? { metric } : {}),
    };
    expect(metricsForPromise(terms).map((m) => m.metric)).toEqual([expected]);
  });

  it('does not grade a delivery promise on dispatch data, and says why', () => {
    const shipped = Array.from({ length: 30 }, (_, i) =>
      sample('dispatch_time', 0.5, new Date(Date.UTC(2026, 10, 17, 8, i * 7)).toISOString(), 'business_days'),
    );
    const delivery = promise({
      quote: 'Delivery in 2–3 business days.',
      category: 'delivery_time',
      metric: 'delivery_time',
      threshold: 3,
      unit: 'business_days',
    });
    const v = evaluatePromise({
      promise: delivery,
      window: weekWindow('2026-W47'),
      series: seriesOf(shipped),
      calendar: calendarIn('UTC'),
      rules,
      evaluatedAt,
    });
    expect(v.status).toBe('no_data');
    expect(v.reason).toMatch(
      /^no delivery_time samples from 2026-11-16 to 2026-11-22: a promise to ship is graded on dispatch_time/,
    );
    const ship = evaluatePromise({
      promise: {
        ...delivery,
        quote: 'Orders ship the same business day.',
        metric: 'dispatch_time',
        threshold: 1,
      },
      window: weekWindow('2026-W47'),
      series: seriesOf(shipped),
      calendar: calendarIn('UTC'),
      rules,
      evaluatedAt,
    });
    expect(ship.status).toBe('kept');
  });
});

describe('hourly rollups in a half-hour zone', () => {
  // Kolkata's week starts at 18:30 UTC on Sunday: the UTC hour 18:00–19:00 straddles it.
  const boundary = '2026-11-15T18:30:00.000Z';
  const at = (minute: number) => new Date(Date.parse('2026-11-15T18:00:00Z') + minute * 60_000).toISOString();

  it('splits a straddling hour by sample time when it kept all its samples', () => {
    // 4 samples at 18:10, 18:20 (Sunday, the earlier week) and 18:40, 18:50 (Monday, this week).
    const rollups = rollupsOf([10, 20, 40, 50].map((m) => sample('first_response_time', m, at(m))));
    const inside = clipRollups(rollups, boundary, '2026-11-22T18:30:00.000Z');
    expect(inside.unsplit).toBe(0);
    expect(inside.rollups.map((r) => r.count)).toEqual([2]);
    expect(inside.rollups[0]?.min).toBe(40);
    const before = clipRollups(rollups, '2026-11-08T18:30:00.000Z', boundary);
    expect(before.rollups.map((r) => r.count)).toEqual([2]);
  });

  it('counts a busy straddling hour whole in the window holding its first minute, and says so', () => {
    // 30 samples (more than the 10 an hour keeps): the sketch cannot be split.
    const busy = [
      mergeIntoRollup(
        undefined,
        Array.from({ length: 30 }, (_, m) => sample('first_response_time', 5, at(m * 2))),
      ),
    ];
    expect(clipRollups(busy, '2026-11-08T18:30:00.000Z', boundary)).toMatchObject({ unsplit: 30 });
    expect(clipRollups(busy, '2026-11-08T18:30:00.000Z', boundary).rollups).toHaveLength(1);
    expect(clipRollups(busy, boundary, '2026-11-22T18:30:00.000Z')).toMatchObject({
      rollups: [],
      unsplit: 30,
    });
  });
});
