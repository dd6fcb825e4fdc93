// Small, made-up verdicts for the digest tests (a fictitious help desk, not any real company).

import type { DeliveryFigures, Verdict, Window } from '../../../packages/core/index.ts';
import { weekWindow } from '../../../packages/core/index.ts';
import type { DigestInput } from '../../../packages/digest/index.ts';

export const W47: Window = weekWindow('2026-W47');
export const W46: Window = weekWindow('2026-W46');

type VerdictOverrides = Partial<Omit<Verdict, 'promise' | 'delivery'>> & {
  promise?: Partial<Verdict['promise']>;
  delivery?: Partial<DeliveryFigures> | null;
};

export const delivery = (over: Partial<DeliveryFigures> = {}): DeliveryFigures => ({
  series: ['first_reply_hours{tier=pro}'],
  samples: 1204,
  attainment: 78.2,
  target: 100,
  p50: 0.6,
  p90: 2.43,
  p95: 5.2,
  max: 9,
  unit: 'hours',
  breaches: 262,
  errorBudgetLeft: -2100,
  burnRate: 22,
  worst: [],
  ...over,
});

export const verdict = (id: string, over: VerdictOverrides = {}): Verdict => {
  const { promise, delivery: d, ...rest } = over;
  return {
    promiseId: id,
    window: W47,
    status: 'breached',
    reason: 'share within threshold below target',
    promise: {
      quote: 'Pro customers get a first reply within 1 hour.',
      sourceUrl: 'https://help.example.test/plans',
      seenAt: '2026-11-20T08:00:00.000Z',
      category: 'response_time',
      operator: '<=',
      threshold: 1,
      unit: 'hours',
      qualifiers: { tier: 'Pro' },
      version: 1,
      ...promise,
    },
    delivery: d === null ? null : delivery(d ?? {}),
    complaints: null,
    trend: null,
    rules: 'kept when the share within the threshold reaches the target',
    evaluatedAt: '2026-11-23T07:00:00.000Z',
    ...rest,
  };
};

export const input = (over: Partial<DigestInput> = {}): DigestInput => ({
  company: 'Examplo Help Desk',
  window: W47,
  verdicts: [],
  previous: [],
  changes: [],
  claims: [],
  calendarDescription: 'Europe/Berlin; business hours Mon–Fri 09:00–17:00',
  rules: 'kept when the share within the threshold reaches the target',
  perceptionGapRule: 'at least 20% of matched complaints, and at least 3, allege a breach',
  minSamples: 20,
  ...over,
});

/** Complaint evidence with the given quotes, dated inside week 47. */
export const complaintsWith = (
  quotes: string[],
  over: { matched?: number; allegingBreach?: number; perceptionGap?: boolean } = {},
) => ({
  matched: over.matched ?? 12,
  allegingBreach: over.allegingBreach ?? 7,
  perceptionGap: over.perceptionGap ?? false,
  quotes: quotes.map((quote, i) => ({ id: `c${i}`, at: `2026-11-${17 + (i % 5)}T10:00:00.000Z`, quote })),
});
