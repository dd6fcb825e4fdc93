// Consumer language the rule tables and the learned reader must read right on text nobody trained on:
// sarcastic thanks for a harm, trouble denied as praise, lateness as a wait, day counts, and "offline"
// said of the support chat rather than the service.

import { describe, expect, it } from 'vitest';
import { analyzeComplaint } from '../../../packages/complaints/index.ts';

const waits = (text: string): string[] => analyzeComplaint(text).durations.map((d) => `${d.value} ${d.unit}`);

describe('consumer language', () => {
  it.each([
    'Thank you so much for losing the spare key I posted to you.',
    'Oh wow, only 80 minutes for two coffees. Thanks.',
  ])('reads sarcastic thanks as a complaint with negative sentiment: %s', (text) => {
    const r = analyzeComplaint(text);
    expect(r.isComplaint).toBe(true);
    expect(r.sentiment).toBeLessThan(0);
  });

  it.each([
    'Not a single problem with the move of my line, the new router was working by lunch.',
    'No hiccups with the courier this time, it came before noon.',
  ])('reads trouble that is denied as praise, not a complaint: %s', (text) => {
    expect(analyzeComplaint(text).isComplaint).toBe(false);
  });

  it('reads how late a delivery was as the wait the writer got', () => {
    const r = analyzeComplaint('The cot for the baby turned up nine days late and the box was soaked.');
    expect(r.categories).toContain('delivery_time');
    expect(waits('The cot for the baby turned up nine days late and the box was soaked.')).toContain(
      '9 days',
    );
  });

  it('counts "day eleven" as eleven days without the service', () => {
    const text = 'Day eleven. Still no phone line and nobody has called.';
    const r = analyzeComplaint(text);
    expect(r.isComplaint).toBe(true);
    expect(waits(text)).toEqual(['11 days']);
  });

  it('reads a power cut and silence from the operator as an outage and a missing reply', () => {
    const r = analyzeComplaint(
      'Another power cut on our road tonight, and not a single text from the operator.',
    );
    expect(r.categories).toEqual(expect.arrayContaining(['uptime', 'response_time']));
  });

  it('does not read the support chat being offline as the service being down', () => {
    const r = analyzeComplaint(
      'I emailed twice with no answer, and the support chat has shown offline all week.',
    );
    expect(r.isComplaint).toBe(true);
    expect(r.categories).toContain('response_time');
    expect(r.categories).not.toContain('uptime');
  });

  it('keeps times of day and monthly prices out of the waits', () => {
    expect(
      waits('Paying £45 a month and the engineer booked for 8am arrived at 3pm without the part.'),
    ).toEqual([]);
  });
});
