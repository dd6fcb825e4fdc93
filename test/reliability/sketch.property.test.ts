// The hourly rollup sketch (packages/rollups) under thousands of generated series: however the
// samples are split into hours and in whatever order the hours are merged, counts, sums and
// extremes are exact and every quantile is within the stated relative accuracy of the exact one.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MetricSample } from '../../packages/core/index.ts';
import { mergeIntoRollup, RELATIVE_ACCURACY, summarise } from '../../packages/rollups/index.ts';

const RUNS = 1000;
const values = fc.array(fc.double({ min: 0.5, max: 1e6, noNaN: true }), { minLength: 11, maxLength: 300 });

const sampleAt = (value: number, hour: number, i: number): MetricSample => ({
  metric: 'first_response_minutes',
  value,
  unit: 'minutes',
  at: new Date(Date.UTC(2026, 10, 16, hour, i % 60)).toISOString(),
  dimensions: { tier: 'pro' },
});

/** The exact quantile the summary's definition names: the smallest value with at least q of the samples at or under it. */
const exactQuantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;

describe('rollup sketch', () => {
  it(`keeps counts, sums and extremes exact and quantiles within ${RELATIVE_ACCURACY * 100}% (${RUNS} series)`, () => {
    fc.assert(
      fc.property(values, fc.integer({ min: 1, max: 6 }), fc.boolean(), (xs, hours, reverse) => {
        const byHour = Array.from({ length: hours }, () => [] as MetricSample[]);
        for (const [i, v] of xs.entries()) byHour[i % hours]?.push(sampleAt(v, i % hours, i));
        const rollups = byHour.filter((s) => s.length > 0).map((s) => mergeIntoRollup(undefined, s));
        const summary = summarise(reverse ? rollups.reverse() : rollups);
        expect(summary).not.toBeNull();
        if (!summary) return;
        const sorted = [...xs].sort((a, b) => a - b);
        expect(summary.count).toBe(xs.length);
        expect(summary.min).toBe(sorted[0]);
        expect(summary.max).toBe(sorted.at(-1));
        expect(summary.sum).toBeCloseTo(
          xs.reduce((n, v) => n + v, 0),
          3,
        );
        for (const q of [0.5, 0.9, 0.95, 0.99]) {
          // DDSketch ranks at q·(n−1), the exact summary at ⌈q·n⌉−1: either order statistic is a
          // fair answer, and the estimate must be within the relative accuracy of that range.
          const low = sorted[Math.floor(q * (xs.length - 1))] ?? 0;
          const high = exactQuantile(sorted, q);
          const estimate = summary.quantile(q);
          const alpha = RELATIVE_ACCURACY * 1.001;
          expect(estimate).toBeGreaterThanOrEqual(low * (1 - alpha) - 1e-9);
          expect(estimate).toBeLessThanOrEqual(high * (1 + alpha) + 1e-9);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it(`gives the same figures whether samples arrive in one merge or one at a time (${RUNS} series)`, () => {
    fc.assert(
      fc.property(values, (xs) => {
        const samples = xs.map((v, i) => sampleAt(v, 10, i));
        const whole = mergeIntoRollup(undefined, samples);
        let stepwise = mergeIntoRollup(undefined, samples.slice(0, 1));
        for (const s of samples.slice(1)) stepwise = mergeIntoRollup(stepwise, [s]);
        expect(stepwise.count).toBe(whole.count);
        expect(stepwise.sketch).toBe(whole.sketch);
        expect(stepwise.min).toBe(whole.min);
        expect(stepwise.max).toBe(whole.max);
      }),
      { numRuns: RUNS },
    );
  });

  it(`never counts more samples at or under x than there are, and counts monotonically (${RUNS} series)`, () => {
    fc.assert(
      fc.property(values, fc.double({ min: 0, max: 2e6, noNaN: true }), (xs, x) => {
        const summary = summarise([
          mergeIntoRollup(
            undefined,
            xs.map((v, i) => sampleAt(v, 3, i)),
          ),
        ]);
        if (!summary) return;
        const atMost = summary.countAtMost(x);
        expect(atMost).toBeGreaterThanOrEqual(0);
        expect(atMost).toBeLessThanOrEqual(xs.length);
        expect(summary.countAtMost(x * 2 + 1)).toBeGreaterThanOrEqual(atMost);
      }),
      { numRuns: RUNS },
    );
  });
});
