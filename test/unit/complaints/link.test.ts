import { describe, expect, it } from 'vitest';
import {
  analyzeComplaint,
  assessPerceptionGap,
  complaintThemes,
  linkComplaints,
  linkRelevance,
  normaliseQualifier,
  PERCEPTION_GAP_RULE,
  thresholdMinutes,
} from '../../../packages/complaints/index.ts';
import type { ComplaintEvidence, StoredComplaint, Verdict } from '../../../packages/core/index.ts';
import { weekWindow } from '../../../packages/core/index.ts';

const window = weekWindow('2026-W47'); // 2026-11-16 .. 2026-11-23

const promise = (over: Partial<Verdict['promise']> = {}): Verdict['promise'] & { id?: string } => ({
  quote: 'We answer every email within 4 hours.',
  sourceUrl: 'https://example.test/support',
  seenAt: '2026-11-01T00:00:00.000Z',
  category: 'response_time',
  operator: '<=',
  threshold: 4,
  unit: 'hours',
  qualifiers: { channel: 'email' },
  version: 1,
  ...over,
});

let n = 0;
const complaint = (text: string, over: Partial<StoredComplaint> = {}): StoredComplaint => ({
  id: `c${++n}`,
  at: '2026-11-18T10:00:00.000Z',
  text,
  channel: 'email',
  dimensions: {},
  analysis: analyzeComplaint(text),
  ...over,
});

describe('linkComplaints', () => {
  it('counts a reported wait beyond the threshold as an alleged breach, and one within it as not', () => {
    const evidence = linkComplaints(
      promise(),
      [
        complaint('I emailed support and waited 3 days for a reply. Unacceptable.'),
        complaint('No reply for 2 hours so far, a bit annoying.'),
      ],
      window,
    );
    expect(evidence).toMatchObject({ matched: 2, allegingBreach: 1, perceptionGap: false });
    expect(evidence.quotes).toHaveLength(1);
    expect(evidence.quotes[0]?.quote).toMatch(/waited 3 days/);
  });

  it('counts a complaint with no duration that says the reply never came', () => {
    const evidence = linkComplaints(promise(), [complaint('Not once did they reply to my emails.')], window);
    expect(evidence).toMatchObject({ matched: 1, allegingBreach: 1 });
  });

  it('leaves out complaints outside the window, in another category or not complaints at all', () => {
    const evidence = linkComplaints(
      promise(),
      [
        complaint('Waited 3 days for a reply, awful.', { at: '2026-11-24T00:00:00.000Z' }),
        complaint('My parcel never arrived, still waiting for my order.'),
        complaint('Thanks, your reply came quickly and was really helpful!'),
      ],
      window,
    );
    expect(evidence).toMatchObject({
      matched: 0,
      allegingBreach: 0,
      quotes: [],
      perceptionGap: false,
      linked: [],
    });
  });

  it.each([
    ['a different channel', { channel: 'phone' }, 0],
    ['the same channel spelt differently', { channel: 'E-mail' }, 1],
    ['no channel stated', { channel: undefined }, 1],
  ])('matches qualifiers: %s', (_name, over, matched) => {
    const c = complaint('Waited 3 days for a reply, awful.', over as Partial<StoredComplaint>);
    expect(linkComplaints(promise(), [c], window).matched).toBe(matched);
  });

  it('compares tier and severity with priority, case-insensitively', () => {
    const p = promise({ qualifiers: { tier: 'Pro plan', severity: 'P1' } });
    const text = 'Waited 3 days for a reply, awful.';
    const evidence = linkComplaints(
      p,
      [
        complaint(text, { dimensions: { tier: 'pro', priority: 'Urgent' } }),
        complaint(text, { dimensions: { tier: 'Starter' } }),
        complaint(text, { dimensions: { priority: 'low' } }),
      ],
      window,
    );
    expect(evidence.matched).toBe(1);
  });

  it('keeps the three most telling quotes, worst first, with personal data masked', () => {
    const texts = [
      'I waited 5 hours for a reply from support, poor.',
      'I waited 2 weeks for a reply to jane@example.com, terrible.',
      'I waited 3 days for an answer, reach me on +44 20 7946 0958, awful.',
      'I waited 6 hours for a reply, not good.',
    ];
    const evidence = linkComplaints(
      promise(),
      texts.map((t) => complaint(t)),
      window,
    );
    expect(evidence.allegingBreach).toBe(4);
    expect(evidence.quotes.map((q) => q.quote)).toEqual([
      expect.stringContaining('2 weeks'),
      expect.stringContaining('3 days'),
      expect.stringContaining('6 hours'),
    ]);
    expect(evidence.quotes[0]?.quote).toContain('[email]');
    expect(evidence.quotes[1]?.quote).toContain('[phone]');
    expect(evidence.quotes.every((q) => q.quote.length <= 170)).toBe(true);
  });

  it('reads a reported outage against an uptime percentage over the window', () => {
    const uptime = promise({
      category: 'uptime',
      operator: '>=',
      threshold: 99.9,
      unit: 'percent',
      qualifiers: {},
    });
    // 0.1% of a week is about 10 minutes.
    const evidence = linkComplaints(
      uptime,
      [
        complaint('The site was down for 3 hours, terrible.'),
        complaint('The site was down for 5 minutes, meh.'),
      ],
      window,
    );
    expect(evidence.matched).toBe(2);
    expect(evidence.allegingBreach).toBe(1);
  });

  it('approximates business units by their longest wall-clock span', () => {
    expect(thresholdMinutes(2, 'business_days')).toBe(4 * 1440);
    expect(thresholdMinutes(8, 'business_hours')).toBe(3 * 1440);
    expect(thresholdMinutes(4, 'hours')).toBe(240);
    expect(thresholdMinutes(99.9, 'percent')).toBeNull();
  });
});

describe('normaliseQualifier', () => {
  it.each([
    ['Pro plan', 'pro'],
    ['P1', '1'],
    ['Sev 2', '2'],
    ['Priority-3', '3'],
    ['urgent', '1'],
    ['E-mail', 'email'],
    ['Live chat', 'chat'],
  ])('reads %s as %s', (raw, normal) => {
    expect(normaliseQualifier(raw)).toBe(normal);
  });
});

describe('assessPerceptionGap', () => {
  const evidence = (matched: number, allegingBreach: number): ComplaintEvidence => ({
    matched,
    allegingBreach,
    quotes: [],
    perceptionGap: false,
  });
  const rule = { rate: 20, minComplaints: 3 };

  it.each([
    ['kept, with enough complaints at a material rate', 'kept', 10, 3, true],
    ['at risk, with enough complaints at a material rate', 'at_risk', 5, 5, true],
    ['kept, with too few complaints', 'kept', 3, 2, false],
    ['kept, with complaints below the rate', 'kept', 20, 3, false],
    ['already breached (a delivery gap, not a perception gap)', 'breached', 10, 10, false],
    ['no data', 'no_data', 10, 10, false],
  ] as const)('%s → %s', (_name, status, matched, alleging, expected) => {
    expect(assessPerceptionGap(status, evidence(matched, alleging), rule)).toBe(expected);
  });

  it('states its rule in one sentence for the digest footer', () => {
    expect(PERCEPTION_GAP_RULE).toMatch(/kept.*allege a breach.*share/);
  });
});

describe('linking a person would agree with', () => {
  const shipping = promise({
    quote: 'Orders placed before 2 pm ship the same business day.',
    category: 'delivery_time',
    threshold: 1,
    unit: 'business_days',
    qualifiers: {},
  });
  const p3 = promise({
    quote: 'P3 Normal | first response within 1 business day',
    threshold: 1,
    unit: 'business_days',
    qualifiers: { tier: 'Pro', severity: 'P3' },
  });
  const maintenance = promise({
    quote: 'Planned maintenance is announced at least 72 hours ahead.',
    category: 'other',
    operator: '>=',
    threshold: 72,
    unit: 'hours',
    qualifiers: { scope: 'maintenance notice' },
  });

  it('never links a refund complaint to a shipping promise, even when it names the delivery', () => {
    const c = complaint('Still no refund 12 days after my return was delivered to you.', {
      channel: 'review',
    });
    expect(linkRelevance(shipping, c)).toMatchObject({ linked: false });
    expect(linkComplaints(shipping, [c], window).quotes).toEqual([]);
  });

  it('links nothing to a bare number that names no subject', () => {
    const c = complaint('Five hours, again.', { channel: 'social' });
    expect(linkRelevance(promise(), c).linked).toBe(false);
  });

  it("does not compare a wait for another kind of promise: a parcel's days are no slow reply", () => {
    const c = complaint(
      'My parcel took 4 days to arrive, and support replied after 2 hours, which is fine I suppose, but the parcel was awful.',
      { dimensions: { tier: 'Pro' }, channel: 'email' },
    );
    const evidence = linkComplaints(p3, [c], window);
    expect(evidence.matched).toBe(1);
    expect(evidence.allegingBreach).toBe(0);
  });

  it.each([
    ['names another priority', { dimensions: { tier: 'Pro', priority: 'P1' } }, false, 0],
    ['names another plan', { dimensions: { tier: 'Starter' } }, false, 0],
    ['names the same plan and priority', { dimensions: { tier: 'Pro plan', priority: 'Sev 3' } }, true, 1],
    ['names the plan but no priority', { dimensions: { tier: 'Pro' } }, true, 0.5],
    ['names neither', { dimensions: {} }, true, 0.25],
  ])('a complaint that %s links %s with weight %s', (_name, over, linked, weight) => {
    const c = complaint('I waited 3 days for a reply to my ticket.', {
      ...(over as Partial<StoredComplaint>),
      channel: 'survey',
    });
    expect(linkRelevance(p3, c)).toMatchObject({ linked, weight });
  });

  it('reads a named region from the text: a Canadian delivery is not the US promise', () => {
    const us = promise({
      quote: 'Delivery takes 2-3 business days in the contiguous US.',
      category: 'delivery_time',
      threshold: 3,
      unit: 'business_days',
      qualifiers: { region: 'contiguous US' },
    });
    const toronto = complaint('My order to Toronto took 9 business days to arrive.', { channel: 'email' });
    const ohio = complaint('My order took 9 business days to arrive in Ohio.', { channel: 'email' });
    expect(linkRelevance(us, toronto).linked).toBe(false);
    expect(linkRelevance(us, ohio)).toMatchObject({ linked: true, weight: 1 });
  });

  it('finds a promise of kind "other" by its subject, not by its kind alone', () => {
    const bug = complaint('The CSV export in the dashboard has been broken for weeks.', { channel: 'email' });
    const notice = complaint('No notice at all before the maintenance: the dashboard just went offline.', {
      channel: 'email',
    });
    expect(linkRelevance(maintenance, bug).linked).toBe(false);
    expect(linkRelevance(maintenance, notice).linked).toBe(true);
  });

  it('computes the perception gap from the linked complaints only, counted by weight, and says which', () => {
    const texts = [
      'I waited 5 days for a reply to my ticket.',
      'No reply to my ticket for 6 days, terrible.',
      'Waited seven days for any answer on my ticket.',
    ];
    const weak = texts.map((t) => complaint(t, { channel: 'survey', dimensions: {} }));
    const sure = texts.map((t) =>
      complaint(t, { channel: 'survey', dimensions: { tier: 'Pro', priority: 'P3' } }),
    );
    const parcel = complaint('My parcel is lost and the courier says 6 days.', { channel: 'survey' });
    const rule = { rate: 20, minComplaints: 3 };
    const weakEvidence = linkComplaints(p3, [...weak, parcel], window);
    expect(weakEvidence.matched).toBe(3);
    expect(weakEvidence.weighted).toEqual({ matched: 0.75, allegingBreach: 0.75 });
    expect(assessPerceptionGap('kept', weakEvidence, rule)).toBe(false);
    const sureEvidence = linkComplaints(p3, [...sure, parcel], window);
    expect(assessPerceptionGap('kept', sureEvidence, rule)).toBe(true);
    expect(sureEvidence.linked?.map((l) => l.id).sort()).toEqual(sure.map((c) => c.id).sort());
    expect(sureEvidence.quotes.every((q) => sure.some((c) => c.id === q.id))).toBe(true);
    expect(sureEvidence.themes?.map((t) => t.phrase)).toContain('ticket');
  });
});

describe('complaintThemes', () => {
  it("lists the phrases several complaints share, not one writer's words or the promise's own plan", () => {
    const themes = complaintThemes(
      [
        'Pro plan: the tracking number never updated.',
        'My tracking number shows nothing since Monday, Pro customer.',
        'Tracking number is wrong again. Pro.',
        'The courier was rude.',
      ],
      5,
      ['Pro'],
    );
    expect(themes[0]).toEqual({ phrase: 'tracking number', complaints: 3 });
    expect(themes.map((t) => t.phrase)).not.toContain('pro');
    expect(themes.map((t) => t.phrase)).not.toContain('courier');
  });
});
