// Small, made-up promises and verdicts for the API tests (a fictitious shop, "Example Co").

import type {
  PromiseVersion,
  ServicePromise,
  Verdict,
  VerdictStatus,
  Window,
} from '../../../packages/core/index.ts';
import { weekWindow } from '../../../packages/core/index.ts';

/** Wednesday of ISO week 2026-W48: the latest complete week is 2026-W47. */
export const NOW = new Date('2026-11-25T10:00:00.000Z');
export const LATEST = '2026-W47';

export const promise = (id: string, overrides: Partial<ServicePromise> = {}): ServicePromise => ({
  id,
  sourceUrl: 'https://example.test/support',
  sourceKind: 'support-plan',
  quote: 'We answer every ticket within 4 hours.',
  category: 'response_time',
  metric: 'first_response_minutes',
  operator: '<=',
  threshold: 4,
  unit: 'hours',
  qualifiers: { target: 100 },
  confidence: 0.9,
  meaningHash: `m-${id}`,
  firstSeen: '2026-09-01T00:00:00.000Z',
  lastSeen: '2026-11-23T00:00:00.000Z',
  ...overrides,
});

export const verdict = (
  p: ServicePromise,
  windowId: string,
  status: VerdictStatus,
  figures: { attainment?: number; target?: number; matched?: number; alleging?: number; gap?: boolean } = {},
): Verdict => {
  const window: Window = weekWindow(windowId);
  const measured = status !== 'no_data';
  return {
    promiseId: p.id,
    window,
    status,
    reason: `${status} in ${windowId}`,
    promise: {
      quote: p.quote,
      sourceUrl: p.sourceUrl,
      seenAt: p.lastSeen,
      category: p.category,
      operator: p.operator,
      threshold: p.threshold,
      unit: p.unit,
      qualifiers: p.qualifiers,
      version: 1,
    },
    delivery: measured
      ? {
          series: [`${p.metric}{}`],
          samples: 120,
          attainment: figures.attainment ?? 100,
          target: figures.target ?? 95,
          p50: 30,
          p90: 120,
          p95: 180,
          max: 400,
          unit: p.unit,
          breaches: 3,
          errorBudgetLeft: 40,
          burnRate: 0.6,
          worst: [{ value: 400, at: window.start, ref: 'ticket-1' }],
        }
      : null,
    complaints:
      figures.matched !== undefined
        ? {
            matched: figures.matched,
            allegingBreach: figures.alleging ?? 0,
            quotes: [{ id: 'c1', at: window.start, quote: 'Nobody answered my ticket for two days.' }],
            perceptionGap: figures.gap ?? false,
          }
        : null,
    trend: null,
    rules: 'test rules',
    evaluatedAt: new Date(new Date(window.end).getTime() + 3_600_000).toISOString(),
  };
};

export const version = (
  promiseId: string,
  n: number,
  overrides: Partial<PromiseVersion> = {},
): PromiseVersion => ({
  promiseId,
  version: n,
  quote: 'We answer every ticket within 4 hours.',
  operator: '<=',
  threshold: 4,
  unit: 'hours',
  qualifiers: {},
  validFrom: '2026-09-01T00:00:00.000Z',
  ...overrides,
});
