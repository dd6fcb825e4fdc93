// Themes and links travel with the verdict: the digest's customer line shows the themes, the API's gaps
// carry them. The evidence comes from linkComplaints, as the evaluation passes it on.

import { describe, expect, it } from 'vitest';
import { rankGaps } from '../../../packages/api/index.ts';
import { analyzeComplaint, linkComplaints } from '../../../packages/complaints/index.ts';
import { type StoredComplaint, type Verdict, weekWindow } from '../../../packages/core/index.ts';
import { buildDigest } from '../../../packages/digest/index.ts';
import { input, verdict } from '../digest/fixtures.ts';

const window = weekWindow('2026-W47');
const complaint = (id: string, text: string): StoredComplaint => ({
  id,
  at: '2026-11-18T10:00:00.000Z',
  text,
  channel: 'email',
  dimensions: { tier: 'Pro' },
  analysis: analyzeComplaint(text),
});

describe('themes reach the digest and the API', () => {
  const base = verdict('p-reply');
  const evidence = linkComplaints(
    base.promise,
    [
      complaint('c1', 'Waited 9 hours for a first reply on the payouts ticket.'),
      complaint('c2', 'No reply for 8 hours about my payouts ticket.'),
      complaint('c3', 'Still no reply to the payouts ticket after a whole day.'),
      complaint('c4', 'My parcel never arrived.'),
    ],
    window,
  );
  const v: Verdict = { ...base, complaints: evidence };

  it('links only the reply complaints, and finds their theme', () => {
    expect(evidence.linked?.map((l) => l.id).sort()).toEqual(['c1', 'c2', 'c3']);
    expect(evidence.themes?.[0]).toEqual({ phrase: 'payouts ticket', complaints: 3 });
  });

  it('shows the themes on the digest customer line, in the text and the HTML', () => {
    const { text, html } = buildDigest(input({ verdicts: [v] }));
    expect(text).toMatch(
      /Customers: 3 of 3 matching complaints allege a breach; themes: payouts ticket \(3\)/,
    );
    expect(html).toContain('themes: payouts ticket (3)');
  });

  it('carries the themes in the API gaps', () => {
    const gap = rankGaps([v]).find((g) => g.promiseId === 'p-reply');
    expect(gap?.complaints?.themes?.[0]?.phrase).toBe('payouts ticket');
  });
});
