// A commitment's identity: which wordings are one commitment and which are two.

import { describe, expect, it } from 'vitest';
import type { PromiseTerms } from '../../../packages/core/index.ts';
import {
  commitmentId,
  describeFigure,
  findContradictions,
  subjectKey,
} from '../../../packages/register/index.ts';

const terms = (over: Partial<PromiseTerms> = {}): PromiseTerms => ({
  category: 'response_time',
  metric: 'first_response_time',
  operator: '<=',
  threshold: 2,
  unit: 'business_hours',
  qualifiers: { tier: 'Pro' },
  ...over,
});

describe('commitmentId', () => {
  it.each([
    ['the plan in other casing', { qualifiers: { tier: 'PRO ' } }],
    ['"every ticket" (target 100)', { qualifiers: { tier: 'Pro', target: 100 } }],
    [
      'a row heading that only names the measure',
      { qualifiers: { tier: 'Pro', scope: 'First response time' } },
    ],
    ['"response" for "first response"', { metric: 'response_time' }],
  ])('is the same for %s', (_what, over) => {
    expect(commitmentId(terms(over as Partial<PromiseTerms>))).toBe(commitmentId(terms()));
  });

  it.each([
    ['another threshold', { threshold: 4 }],
    ['another unit', { unit: 'hours' as const }],
    ['another plan', { qualifiers: { tier: 'Starter' } }],
    ['a channel', { qualifiers: { tier: 'Pro', channel: 'email' } }],
    ['a share below every case', { qualifiers: { tier: 'Pro', target: 95 } }],
    ['a scope that names a service', { qualifiers: { tier: 'Pro', scope: 'payments API' } }],
    ['another operator', { operator: '>=' as const }],
  ])('differs for %s', (_what, over) => {
    expect(commitmentId(terms(over as Partial<PromiseTerms>))).not.toBe(commitmentId(terms()));
  });

  it('keeps the subject when only the figure differs, so the two can be named as a contradiction', () => {
    expect(subjectKey(terms({ threshold: 4 }))).toBe(subjectKey(terms()));
    expect(subjectKey(terms({ qualifiers: { tier: 'Starter' } }))).not.toBe(subjectKey(terms()));
  });
});

describe('describeFigure', () => {
  it.each([
    [terms(), '2 business hours'],
    [terms({ threshold: 1, unit: 'hours' }), '1 hour'],
    [terms({ operator: '>=', threshold: 99.95, unit: 'percent' }), '99.95%'],
    [terms({ operator: '>=', threshold: 30, unit: 'days' }), 'at least 30 days'],
    [terms({ threshold: null, unit: null }), 'no figure'],
  ])('says %j as "%s"', (t, text) => {
    expect(describeFigure(t)).toBe(text);
  });
});

describe('findContradictions', () => {
  const commitment = (id: string, t: PromiseTerms, urls: string[]) => ({
    ...t,
    id,
    quote: `quote ${id}`,
    sourceUrl: urls[0] ?? '',
    sourceKind: 'marketing' as const,
    confidence: 1,
    meaningHash: id,
    firstSeen: '2026-11-01T00:00:00Z',
    lastSeen: '2026-11-01T00:00:00Z',
    register: {
      state: 'proposed' as const,
      origin: 'extracted' as const,
      identity: t,
      statements: urls.map((url, i) => ({
        statementId: `${id}-${i}`,
        quote: `quote ${id}`,
        url,
        firstSeen: '2026-11-01T00:00:00Z',
        lastSeen: '2026-11-01T00:00:00Z',
        contentHash: 'abc',
      })),
      reviews: [],
      revision: 1,
    },
  });

  it('names two pages that give the same plan different figures', () => {
    const found = findContradictions([
      commitment('a', terms(), ['https://x.test/pricing']),
      commitment('b', terms({ threshold: 4 }), ['https://x.test/support']),
    ]);
    expect(found.map((c) => c.sentence)).toEqual([
      'pricing says 2 business hours, support says 4 business hours',
    ]);
  });

  it('does not call two rows of one page a contradiction (bands, tiers read without their label)', () => {
    expect(
      findContradictions([
        commitment('a', terms(), ['https://x.test/sla']),
        commitment('b', terms({ threshold: 4 }), ['https://x.test/sla']),
      ]),
    ).toEqual([]);
  });

  it('ignores a rejected commitment', () => {
    const rejected = commitment('b', terms({ threshold: 4 }), ['https://x.test/support']);
    rejected.register = { ...rejected.register, state: 'rejected' as never };
    expect(findContradictions([commitment('a', terms(), ['https://x.test/pricing']), rejected])).toEqual([]);
  });
});
