// Who speaks decides whether a text is a complaint: a company's own reply or status note, advice to other
// customers and a problem the writer says they never had are not complaints, though they name outages,
// refunds and delays; a complaint put as a question is one. None of these sentences is in a training file.

import { describe, expect, it } from 'vitest';
import { analyzeComplaint } from '../../../packages/complaints/index.ts';

describe('voices', () => {
  it.each([
    'No issues at all this year with the broadband.',
    'Not one outage with the fibre since we switched in March.',
  ])('reads a negated problem as not a complaint: %s', (text) => {
    expect(analyzeComplaint(text).isComplaint).toBe(false);
  });

  it.each([
    "@lena_p thanks for reporting this, the status page is back up and we've added monitoring.",
    'If your flight is cancelled you may be able to claim up to 600 euros.',
    'How do I request a refund for an annual plan?',
  ])('reads a company reply, advice or a how-to question as not a complaint: %s', (text) => {
    const r = analyzeComplaint(text);
    expect(r.isComplaint).toBe(false);
    expect(r.categories).toEqual([]);
  });

  it('reads a complaint put as a question, with its wait', () => {
    const r = analyzeComplaint('Will I ever see my refund? Six weeks now and nothing.');
    expect(r.isComplaint).toBe(true);
    expect(r.categories).toContain('refund_guarantee');
    expect(r.durations.map((d) => `${d.value} ${d.unit}`)).toEqual(['6 weeks']);
  });

  it('reads "a couple of days" as no stated figure, and a figure as one', () => {
    const vague = analyzeComplaint(
      'The site has been flaky for the last couple of days and support is silent.',
    );
    expect(vague.isComplaint).toBe(true);
    expect(vague.durations).toEqual([]);
    const stated = analyzeComplaint('The site has been down for 3 days and support is silent.');
    expect(stated.durations.map((d) => `${d.value} ${d.unit}`)).toEqual(['3 days']);
  });
});
