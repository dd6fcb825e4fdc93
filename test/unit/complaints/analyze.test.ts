import { describe, expect, it } from 'vitest';
import { analyzeComplaint } from '../../../packages/complaints/index.ts';

const minutesOf = (d: { value: number; unit: string }): number =>
  d.value * ({ minutes: 1, hours: 60, days: 1440, weeks: 10080, months: 43200 }[d.unit] ?? Number.NaN);

describe('analyzeComplaint', () => {
  it.each([
    ['a negation before the reply', 'Not once did they reply to my three emails.', ['response_time']],
    ['a denial after the reply', 'I asked about my invoice. Response? None!', ['response_time']],
    ['a refund that never came', 'I returned the kettle and still no refund.', ['refund_guarantee']],
    ['a service that went down', 'The portal was down all afternoon and nobody told us.', ['uptime']],
    [
      'a parcel that never shipped',
      'My order has never shipped and the tracking page says nothing.',
      ['delivery_time'],
    ],
    ['a fault still not fixed', 'The bug I reported is still not fixed.', ['resolution_time']],
    [
      'support closed when it should be open',
      'The helpline is only open until 5, so no one is around after work.',
      ['availability_hours'],
    ],
    [
      'compensation refused',
      'They refused any compensation for the outage.',
      ['credit_compensation', 'uptime'],
    ],
    ['a billing error', 'I cancelled my plan and they keep charging my card.', ['other']],
  ])('reads %s as a complaint in its category', (_name, text, categories) => {
    const result = analyzeComplaint(text);
    expect(result.isComplaint).toBe(true);
    expect(new Set(result.categories)).toEqual(new Set(categories));
  });

  it('reads several complaints in one message', () => {
    const result = analyzeComplaint(
      'The app was down for 3 hours. When I called, I was on hold for 40 minutes and nobody could help.',
    );
    expect(result.categories).toEqual(expect.arrayContaining(['uptime', 'response_time']));
    expect(result.durations.map(minutesOf).sort((a, b) => a - b)).toEqual([40, 180]);
  });

  it.each([
    ['praise', 'Thanks, the issue was fixed within the hour, great support!'],
    ['a neutral how-to question', 'How do I export my invoices as a spreadsheet?'],
    ['a polite question about an order', 'Could you share an estimated shipping date for my order? Thanks!'],
  ])('does not read %s as a complaint', (_name, text) => {
    const result = analyzeComplaint(text);
    expect(result.isComplaint).toBe(false);
    expect(result.categories).toEqual([]);
    expect(result.durations).toEqual([]);
  });

  it('reads plain sarcasm as a complaint with negative sentiment', () => {
    const result = analyzeComplaint('Oh great, no internet for the whole weekend again. Thanks for nothing.');
    expect(result.isComplaint).toBe(true);
    expect(result.categories).toContain('uptime');
    expect(result.sentiment).toBeLessThan(0);
  });

  it('scores praise above a complaint', () => {
    const happy = analyzeComplaint('Great service, the engineer was friendly and fixed it fast.').sentiment;
    const angry = analyzeComplaint('Terrible service, I am furious and disappointed.').sentiment;
    expect(happy).toBeGreaterThan(0);
    expect(angry).toBeLessThan(0);
  });

  it.each([
    ['digits', 'I waited 3 days for an answer.', [3 * 1440]],
    ['number words', 'Two weeks and still no refund, unacceptable.', [2 * 10080]],
    ['a compound figure', 'After 2 hours and 27 minutes of hold music I gave up.', [147]],
    ['half an hour', 'Half an hour on hold, then they hung up on me.', [30]],
    ['an hour and a half', 'The site was down for an hour and a half.', [90]],
    ['an adjective between number and unit', 'Six long days without a reply.', [6 * 1440]],
    ['"a week ago" as a wait', 'I sent the form a week ago and heard nothing back.', [10080]],
    ['a wait stated twice, once', 'I emailed 2 days ago and after 48 hours there is still no reply.', [2880]],
    [
      'what they got, not what was promised',
      'They promise a reply within 24 hours, but I waited 3 days.',
      [3 * 1440],
    ],
  ])('reports durations written with %s', (_name, text, minutes) => {
    expect(analyzeComplaint(text).durations.map(minutesOf)).toEqual(minutes);
  });

  it.each([
    ['customer tenure', 'I have been a customer for 6 months and the app is down again, terrible.'],
    ['a hypothetical', 'They said the repair would take 5 days and it is still broken, ridiculous.'],
    ['a margin', 'The late train made me miss the connection by 5 minutes, awful.'],
    ['a frequency', 'The connection drops every 10 minutes, it is unusable and I am fed up.'],
    ['a price per period', 'They still charge me $20 a month although I cancelled, unacceptable.'],
    ['a time of day and a date', 'The courier never came on 12 March at 5:30 pm, still no parcel.'],
    ['a policy name', 'They refused my refund under the 30 day return policy, disgraceful.'],
    ['a future appointment', 'Still no internet and the first appointment is in two days, awful.'],
  ])('does not report %s as a duration', (_name, text) => {
    const result = analyzeComplaint(text);
    expect(result.isComplaint).toBe(true);
    expect(result.durations).toEqual([]);
  });

  it('gives each duration a short quote from the text', () => {
    const [d] = analyzeComplaint('Honestly, I spent 45 minutes on hold before anyone answered.').durations;
    expect(d).toEqual({ value: 45, unit: 'minutes', quote: expect.stringContaining('45 minutes on hold') });
  });

  it('explains what it needs when the text is not a string', () => {
    expect(() => analyzeComplaint(42 as unknown as string)).toThrow(/must be a string/);
  });
});
