import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Unit } from '../../../packages/core/index.ts';
import { rewordPromise, roundUpToCopy } from '../../../packages/digest/index.ts';
import { verdict } from './fixtures.ts';

const MINUTES: Partial<Record<Unit, number>> = { minutes: 1, hours: 60, days: 1440 };
const inUnit = (bound: { value: number; unit: Unit }, unit: Unit): number => {
  if (bound.unit === unit) return bound.value;
  const from = MINUTES[bound.unit];
  const to = MINUTES[unit];
  if (from === undefined || to === undefined) throw new Error(`cannot compare ${bound.unit} with ${unit}`);
  return (bound.value * from) / to;
};

describe('roundUpToCopy', () => {
  it.each([
    [7, 'minutes', 10, 'minutes', 'rounded up to the next 5 minutes'],
    [52, 'minutes', 1, 'hours', 'rounded up to the next quarter hour'],
    [75, 'minutes', 2, 'hours', 'rounded up to the next whole hour'],
    [0.3, 'hours', 20, 'minutes', 'rounded up to the next 5 minutes'],
    [0.95, 'hours', 1, 'hours', 'rounded up to the next quarter hour'],
    [2.4, 'hours', 3, 'hours', 'rounded up to the next whole hour'],
    [13, 'hours', 1, 'days', 'rounded up to a day'],
    [24.3, 'hours', 2, 'days', 'rounded up to the next whole day'],
    [69.1, 'hours', 3, 'days', 'rounded up to the next whole day'],
    [3.2, 'business_hours', 4, 'business_hours', 'rounded up to the next whole business hour'],
    [8.75, 'business_hours', 1, 'business_days', 'rounded up to the next whole business day'],
    [12, 'business_hours', 2, 'business_days', 'rounded up to the next whole business day'],
    [2.1, 'days', 3, 'days', 'rounded up to the next whole day'],
    [0.2, 'business_days', 1, 'business_days', 'rounded up to the next whole business day'],
    [4, 'hours', 4, 'hours', 'rounded up to the next whole hour'],
  ] as const)(
    'writes %s %s as %s %s, %s (9-hour business days)',
    (value, unit, expected, expectedUnit, rounding) => {
      expect(roundUpToCopy(value, unit, 9)).toEqual({ value: expected, unit: expectedUnit, rounding });
    },
  );

  it('never rounds below the measured figure, for any duration unit', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10_000, noNaN: true }),
        fc.constantFrom<Unit>('minutes', 'hours', 'business_hours', 'days', 'business_days'),
        fc.constantFrom(7.5, 8, 9, 24),
        (value, unit, dayHours) => {
          const copy = roundUpToCopy(value, unit, dayHours);
          const covered =
            copy.unit === 'business_days' && unit === 'business_hours'
              ? copy.value * dayHours
              : inUnit(copy, unit);
          expect(covered).toBeGreaterThanOrEqual(value - 1e-9);
        },
      ),
    );
  });
});

describe('rewordPromise', () => {
  it('words the p95 of a broken "within" promise in whole business days, and says how it was rounded', () => {
    const r = rewordPromise(
      verdict('a', {
        promise: { unit: 'business_hours', threshold: 2 },
        delivery: { unit: 'business_hours', p95: 8.75, series: ['first_response_business_time{tier=pro}'] },
      }),
      { businessDayHours: 9 },
    );
    expect(r.statement).toBe('95% of Pro tickets answered within 1 business day');
    expect(r.basis).toBe('p95 8.75 business hours, rounded up to the next whole business day');
  });

  it('says "within a day", not "within 24 hours", for a p95 under a day', () => {
    const r = rewordPromise(verdict('a', { delivery: { p95: 20.1 } }));
    expect(r.statement).toBe('95% of Pro tickets answered within a day');
  });

  it('describes what was measured: an order-to-dispatch metric gives "dispatched", not "delivered"', () => {
    const r = rewordPromise(
      verdict('s', {
        promise: {
          quote: 'Orders placed before noon ship the same business day.',
          category: 'delivery_time',
          unit: 'business_days',
          threshold: 1,
          qualifiers: {},
        },
        delivery: { unit: 'business_days', p95: 3.15, attainment: 46, series: ['dispatch_time{region=us}'] },
      }),
    );
    expect(r.statement).toBe('95% of orders dispatched within 4 business days');
  });

  it('offers no arrival figure for an arrival promise when only dispatch was measured', () => {
    const r = rewordPromise(
      verdict('s', {
        promise: {
          quote: 'Most parcels arrive in 2–3 business days.',
          category: 'delivery_time',
          unit: 'business_days',
          threshold: 3,
          qualifiers: {},
        },
        delivery: { unit: 'business_days', p95: 3.15, attainment: 93, series: ['dispatch_time{region=us}'] },
      }),
    );
    expect(r.statement).toBeNull();
    expect(r.alternative).toBeNull();
    expect(r.basis).toContain('only order to dispatch is measured');
  });

  it('uses p90 for a promise that only covers 90% of cases', () => {
    const r = rewordPromise(verdict('a', { delivery: { target: 90, p90: 2.4, p95: 5.2 } }));
    expect(r.statement).toBe('90% of Pro tickets answered within 3 hours');
  });

  it('keeps a "typically" promise about the median', () => {
    const r = rewordPromise(
      verdict('a', {
        promise: { qualifiers: { statistic: 'median', hedge: 'typically' } },
        delivery: { p50: 1.3 },
      }),
    );
    expect(r.statement).toBe('Half of tickets answered within 2 hours');
  });

  it('offers the share actually met at the promised figure, rounded down to 5%', () => {
    expect(rewordPromise(verdict('a', { delivery: { attainment: 79.9 } })).alternative).toBe(
      '75% of Pro tickets answered within 1 hour',
    );
    expect(rewordPromise(verdict('a', { delivery: { attainment: 31 } })).alternative).toBeNull();
  });

  it("words a broken uptime promise as the uptime measured, rounded down to the promise's precision", () => {
    const r = rewordPromise(
      verdict('u', {
        promise: {
          category: 'uptime',
          operator: '>=',
          threshold: 99.9,
          unit: 'percent',
          qualifiers: { window: 'monthly' },
        },
        delivery: {
          unit: 'percent',
          attainment: 99.866,
          target: 99.9,
          samples: 31,
          series: ['uptime{service=api}'],
        },
      }),
    );
    expect(r.statement).toBe('at least 99.8% monthly uptime');
    expect(r.alternative).toBeNull();
    expect(r.basis).toBe('measured 99.866% over 31 daily samples, rounded down');
  });

  it.each([
    ['no metric', verdict('n', { delivery: null })],
    ['no samples', verdict('z', { delivery: { samples: 0 } })],
    ['no percentiles', verdict('p', { delivery: { p50: null, p90: null, p95: null, attainment: 20 } })],
  ])('says none can be drawn when there is %s', (_, v) => {
    const r = rewordPromise(v);
    expect(r.statement).toBeNull();
    expect(r.basis).not.toBe('');
  });

  it('never promises better than measured: the bound covers the percentile, the share is at most attainment', () => {
    fc.assert(
      fc.property(
        fc.record({
          p50: fc.double({ min: 0.01, max: 500, noNaN: true }),
          spread90: fc.double({ min: 1, max: 5, noNaN: true }),
          spread95: fc.double({ min: 1, max: 3, noNaN: true }),
          attainment: fc.double({ min: 0, max: 100, noNaN: true }),
          target: fc.constantFrom(50, 80, 90, 95, 99, 100),
          unit: fc.constantFrom<Unit>('minutes', 'hours', 'business_hours', 'days', 'business_days'),
        }),
        ({ p50, spread90, spread95, attainment, target, unit }) => {
          const p90 = p50 * spread90;
          const p95 = p90 * spread95;
          const r = rewordPromise(
            verdict('x', {
              promise: { unit, threshold: 1 },
              delivery: { unit, p50, p90, p95, attainment, target },
            }),
          );
          if (r.bound && r.share !== null) {
            const measured = r.share === 95 ? p95 : r.share === 90 ? p90 : p50;
            const covered =
              r.bound.unit === 'business_days' && unit === 'business_hours'
                ? r.bound.value * 8
                : inUnit(r.bound, unit);
            // Covers the percentile and its 1% sketch error.
            expect(covered).toBeGreaterThanOrEqual(measured * 1.01 - 1e-9);
            expect(r.share).toBeLessThanOrEqual(Math.max(target, 50));
          }
          const altShare = r.alternative ? Number(/^(\d+)%/.exec(r.alternative)?.[1]) : null;
          if (altShare !== null) expect(altShare).toBeLessThanOrEqual(attainment + 1e-9);
        },
      ),
    );
  });
});
