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
    [7, 'minutes', 10, 'minutes'],
    [52, 'minutes', 60, 'minutes'],
    [75, 'minutes', 2, 'hours'],
    [0.3, 'hours', 20, 'minutes'],
    [0.95, 'hours', 1, 'hours'],
    [2.4, 'hours', 3, 'hours'],
    [5.2, 'hours', 6, 'hours'],
    [13, 'hours', 24, 'hours'],
    [30, 'hours', 2, 'days'],
    [69.1, 'hours', 3, 'days'],
    [5.2, 'business_hours', 6, 'business_hours'],
    [41, 'business_hours', 41, 'business_hours'],
    [2.1, 'days', 3, 'days'],
    [0.2, 'business_days', 1, 'business_days'],
    [4, 'hours', 4, 'hours'],
  ] as const)('rounds %s %s up to %s %s', (value, unit, expected, expectedUnit) => {
    expect(roundUpToCopy(value, unit)).toEqual({ value: expected, unit: expectedUnit });
  });

  it('never rounds below the measured figure, for any duration unit', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10_000, noNaN: true }),
        fc.constantFrom<Unit>('minutes', 'hours', 'business_hours', 'days', 'business_days'),
        (value, unit) => {
          expect(inUnit(roundUpToCopy(value, unit), unit)).toBeGreaterThanOrEqual(value - 1e-9);
        },
      ),
    );
  });
});

describe('rewordPromise', () => {
  it('words the p95 of a broken "within" promise, rounded up, for the promised plan', () => {
    const r = rewordPromise(
      verdict('a', { promise: { unit: 'business_hours' }, delivery: { unit: 'business_hours', p95: 5.2 } }),
    );
    expect(r.statement).toBe('95% of Pro tickets answered within 6 business hours');
    expect(r.basis).toBe('p95 5.2 business hours');
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

  it('does not invent a stricter uptime figure: only the share met is offered', () => {
    const r = rewordPromise(
      verdict('u', {
        promise: { category: 'uptime', operator: '>=', threshold: 99.9, unit: 'percent', qualifiers: {} },
        delivery: { unit: 'percent', attainment: 93.3, samples: 30, p50: 99.97 },
      }),
    );
    expect(r.statement).toBeNull();
    expect(r.alternative).toBe('90% of uptime measurements at least 99.9%');
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
            expect(inUnit(r.bound, unit)).toBeGreaterThanOrEqual(measured - 1e-9);
            expect(r.share).toBeLessThanOrEqual(Math.max(target, 50));
          }
          const altShare = r.alternative ? Number(/^(\d+)%/.exec(r.alternative)?.[1]) : null;
          if (altShare !== null) expect(altShare).toBeLessThanOrEqual(attainment + 1e-9);
        },
      ),
    );
  });
});
