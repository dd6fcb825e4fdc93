// Verdicts made for the export tests: one helper so each test states only what it varies.

import type { Verdict } from '../../../packages/core/index.ts';

export const verdict = (
  over: Partial<Verdict['promise']> & { id: string; series?: string[]; target?: number; window?: string },
): Verdict => {
  const { id, series, target, window, ...promise } = over;
  return {
    promiseId: id,
    window: { id: window ?? '2026-W47', start: '2026-11-16T05:00:00.000Z', end: '2026-11-23T05:00:00.000Z' },
    status: 'kept',
    reason: '',
    promise: {
      quote: 'Pro: first reply within 2 business hours',
      sourceUrl: 'https://example.test/pricing',
      seenAt: '2026-11-20T10:00:00.000Z',
      category: 'response_time',
      operator: '<=',
      threshold: 2,
      unit: 'business_hours',
      qualifiers: { tier: 'Pro' },
      version: 1,
      ...promise,
    },
    delivery:
      series === undefined
        ? null
        : {
            series,
            samples: 120,
            attainment: 97,
            target: target ?? 100,
            p50: 1,
            p90: 1.8,
            p95: 2.1,
            max: 5,
            unit: promise.unit ?? 'business_hours',
            breaches: 4,
            errorBudgetLeft: 0,
            burnRate: 1,
            worst: [],
          },
    complaints: null,
    trend: null,
    rules: '',
    evaluatedAt: '2026-11-23T12:00:00.000Z',
  };
};
