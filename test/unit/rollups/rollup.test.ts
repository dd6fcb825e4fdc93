import { describe, expect, it } from 'vitest';
import type { MetricSample } from '../../../packages/core/index.ts';
import { mergeIntoRollup, RELATIVE_ACCURACY, seriesId, summarise } from '../../../packages/rollups/index.ts';

const sample = (
  value: number,
  at: string,
  dimensions: Record<string, string> = { tier: 'Pro' },
): MetricSample => ({
  metric: 'first_response_time',
  value,
  unit: 'minutes',
  at,
  dimensions,
});

// A deterministic spread of values (a log-normal-ish shape, like response times).
const values = Array.from({ length: 2000 }, (_, i) => Math.round(5 + (600 * ((i * 7919) % 2000) ** 2) / 4e6));

describe('rollups', () => {
  it('names a series the same whatever the case or order of its dimensions', () => {
    expect(seriesId('uptime', { Service: 'API', region: 'EU' })).toBe(
      seriesId('UPTIME', { region: 'eu', service: 'api' }),
    );
    expect(seriesId('uptime', { service: 'api' })).toBe('uptime{service=api}');
  });

  it('refuses a sample of another hour or series', () => {
    const r = mergeIntoRollup(undefined, [sample(3, '2026-11-16T10:05:00Z')]);
    expect(() => mergeIntoRollup(r, [sample(3, '2026-11-16T11:05:00Z')])).toThrow(/not in/);
    expect(() => mergeIntoRollup(r, [sample(3, '2026-11-16T10:06:00Z', { tier: 'starter' })])).toThrow(
      /not in/,
    );
  });

  it('gives quantiles within the stated relative error of the exact ones after merging many hours', () => {
    const rollups = [];
    for (let h = 0; h < 20; h++) {
      const hour = `2026-11-16T${String(h).padStart(2, '0')}`;
      const chunk = values
        .slice(h * 100, h * 100 + 100)
        .map((v, i) => sample(v, `${hour}:${String(i % 60).padStart(2, '0')}:00Z`));
      rollups.push(mergeIntoRollup(mergeIntoRollup(undefined, chunk.slice(0, 50)), chunk.slice(50)));
    }
    const summary = summarise(rollups);
    expect(summary?.count).toBe(2000);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.95, 0.99]) {
      const exact = sorted[Math.ceil(q * sorted.length) - 1] ?? 0;
      const estimate = summary?.quantile(q) ?? 0;
      expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(RELATIVE_ACCURACY * 2);
    }
    expect(summary?.max).toBe(Math.max(...values));
    expect(summary?.worst[0]?.value).toBe(Math.max(...values));
  });

  it('counts the samples within a threshold, up to the sketch accuracy at the boundary', () => {
    const r = mergeIntoRollup(
      undefined,
      [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((v) => sample(v, '2026-11-16T10:00:00Z')),
    );
    const s = summarise([r]);
    expect(s?.countAtMost(60)).toBe(6);
    expect(s?.countAtMost(5)).toBe(0);
    expect(s?.countAtMost(1000)).toBe(10);
    expect(s?.countAtLeast(60)).toBe(5);
    expect(s?.countAtLeast(100)).toBe(1);
    expect(s?.countAtLeast(101)).toBe(0);
  });

  it('summarises nothing as null rather than as zeros', () => {
    expect(summarise([])).toBeNull();
  });
});
