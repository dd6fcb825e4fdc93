import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../../packages/calendar/index.ts';
import type { HelpDeskPolicy, PolicyTarget, Qualifiers, Unit } from '../../../packages/core/index.ts';
import { compareTarget, governingTargets, pageName, policyGaps } from '../../../packages/policy/index.ts';

// Mon–Fri 09:00–18:00 New York: a 9-hour business day, weekends closed.
const calendar = createBusinessCalendar({
  timezone: 'America/New_York',
  hours: {
    mon: ['09:00', '18:00'],
    tue: ['09:00', '18:00'],
    wed: ['09:00', '18:00'],
    thu: ['09:00', '18:00'],
    fri: ['09:00', '18:00'],
    sat: null,
    sun: null,
  },
  holidays: [],
} as Parameters<typeof createBusinessCalendar>[0]);
const WEEK = new Date('2026-11-16T05:00:00Z');

const target = (minutes: number, businessHours: boolean, severity?: string): PolicyTarget => ({
  vendorMetric: 'first_reply_time',
  category: 'response_time',
  minutes,
  businessHours,
  ...(severity ? { severity } : {}),
});

const policy = (
  id: string,
  position: number,
  all: HelpDeskPolicy['all'],
  targets: PolicyTarget[],
): HelpDeskPolicy => ({
  id,
  format: 'zendesk',
  title: id,
  position,
  file: 'desk.json',
  all,
  targets,
  contentHash: id,
  importedAt: '2026-11-23T00:00:00Z',
});

const commitment = (
  threshold: number,
  unit: Unit,
  qualifiers: Qualifiers,
  sourceUrl = 'https://shop.example/pricing.html',
) => ({
  id: `c-${threshold}-${unit}-${JSON.stringify(qualifiers)}`,
  quote: `within ${threshold} ${unit}`,
  sourceUrl,
  category: 'response_time' as const,
  operator: '<=' as const,
  threshold,
  unit,
  qualifiers,
});

const desk = [
  policy('chat', 1, { channel: ['chat'] }, [target(5, false)]),
  policy('pro', 2, { tier: ['pro'] }, [
    target(60, true, 'p1'),
    target(240, true, 'p2'),
    target(480, true, 'p3'),
    target(480, true, 'p4'),
  ]),
  policy('everyone', 3, {}, [target(1080, true)]),
];

describe('which help-desk targets govern a commitment', () => {
  it('takes policies in order and stops at the first that covers every ticket of the commitment', () => {
    const found = governingTargets(desk, commitment(2, 'business_hours', { tier: 'Pro' }));
    // chat covers some Pro tickets, pro covers all of them: the catch-all is never reached.
    expect(found.map((f) => f.policy.id)).toEqual(['chat', 'pro', 'pro', 'pro', 'pro']);
  });

  it('narrows to the priority the commitment names (P1 = urgent)', () => {
    const found = governingTargets(
      desk,
      commitment(1, 'business_hours', { tier: 'Pro', severity: 'Urgent' }),
    );
    expect(found.map((f) => [f.policy.id, f.target.minutes])).toEqual([
      ['chat', 5],
      ['pro', 60],
    ]);
  });

  it('skips a policy for another plan or channel', () => {
    const found = governingTargets(
      desk,
      commitment(2, 'business_days', { tier: 'Starter', channel: 'email' }),
    );
    expect(found.map((f) => f.policy.id)).toEqual(['everyone']);
  });
});

describe('comparing a target with a promise on the promise’s clock', () => {
  it('compares business time with business time directly', () => {
    expect(compareTarget(target(480, true), { minutes: 120, business: true }, calendar, WEEK).laxer).toBe(
      true,
    );
    expect(compareTarget(target(120, true), { minutes: 120, business: true }, calendar, WEEK).laxer).toBe(
      false,
    );
  });

  it('reads a business-hour target on the wall clock: one business hour can span a weekend', () => {
    const r = compareTarget(target(60, true), { minutes: 60, business: false }, calendar, WEEK);
    expect(r.laxer).toBe(true);
    // Friday 18:00 to Monday 10:00 is 64 hours.
    expect(r.allowed).toBeGreaterThanOrEqual(64 * 60 - 1);
    expect(r.allowed).toBeLessThanOrEqual(64 * 60 + 15);
  });

  it('reads a wall-clock target in business time: 90 minutes hold at most 90 business minutes', () => {
    expect(compareTarget(target(90, false), { minutes: 60, business: true }, calendar, WEEK).laxer).toBe(
      true,
    );
    expect(compareTarget(target(60, false), { minutes: 240, business: true }, calendar, WEEK).laxer).toBe(
      false,
    );
    // Three calendar days hold at most three business days (27 business hours), not 72 hours.
    const days = compareTarget(target(3 * 1440, false), { minutes: 30 * 60, business: true }, calendar, WEEK);
    expect(days.laxer).toBe(false);
    expect(days.allowed).toBe(27 * 60);
  });
});

describe('the policy gap of each commitment', () => {
  it('flags a laxer internal target and says it in the digest’s words', () => {
    const [gap] = policyGaps([commitment(2, 'business_hours', { tier: 'Pro' })], desk, calendar, WEEK);
    expect(gap?.status).toBe('laxer');
    expect(gap?.governing?.stated).toBe('8 business hours');
    expect(gap?.sentence).toMatch(
      /^your help desk aims for 8 business hours \(Zendesk policy “pro”, P3\); the pricing page promises 2$/,
    );
    expect(gap?.scope).toBe('Pro tickets, first reply');
  });

  it('finds an aligned one aligned, and a commitment no policy governs missing', () => {
    const gaps = policyGaps(
      [
        commitment(1, 'business_days', { tier: 'Pro', severity: 'P3' }),
        commitment(30, 'minutes', { tier: 'Pro', severity: 'P1' }),
      ],
      [policy('pro', 1, { tier: ['pro'] }, [target(480, true, 'p3')])],
      calendar,
      WEEK,
    );
    expect(gaps.map((g) => g.status)).toEqual(['missing', 'aligned']);
    expect(gaps[0]?.sentence).toBe(
      'your help desk has no first-reply target for Pro P1 tickets; the pricing page promises 30 minutes',
    );
  });

  it('reads a promise stated during business hours in business time', () => {
    const chat = commitment(5, 'minutes', { channel: 'chat', condition: 'during business hours' });
    const [gap] = policyGaps(
      [chat],
      [policy('chat', 1, { channel: ['chat'] }, [target(5, true)])],
      calendar,
      WEEK,
    );
    expect(gap?.status).toBe('aligned');
    const [night] = policyGaps(
      [{ ...chat, qualifiers: { channel: 'chat' } }],
      [policy('chat', 1, { channel: ['chat'] }, [target(5, true)])],
      calendar,
      WEEK,
    );
    expect(night?.status).toBe('laxer');
    expect(night?.sentence).toMatch(/on the wall clock/);
  });

  it('compares nothing without policies, and only reply and resolution promises with a figure', () => {
    expect(policyGaps([commitment(2, 'business_hours', {})], [], calendar, WEEK)).toEqual([]);
    const uptime = {
      ...commitment(99.9, 'percent', {}),
      category: 'uptime' as const,
      operator: '>=' as const,
    };
    expect(policyGaps([uptime], desk, calendar, WEEK)).toEqual([]);
  });

  it('names pages as readers do', () => {
    expect(pageName('http://127.0.0.1:4780/index.html')).toBe('the home page');
    expect(pageName('https://x.example/')).toBe('the home page');
    expect(pageName('https://x.example/sla.pdf')).toBe('the SLA document');
    expect(pageName('https://x.example/support-plans.html')).toBe('the support plans page');
  });
});
