import { describe, expect, it } from 'vitest';
import type { ExtractedPromise } from '../../../packages/core/index.ts';
import { extractFromText } from '../../../packages/extract/index.ts';

const only = (text: string): ExtractedPromise => {
  const { promises } = extractFromText(text, 'test://doc');
  expect(promises).toHaveLength(1);
  return promises[0] as ExtractedPromise;
};

const value = (p: ExtractedPromise) => [p.category, p.operator, p.threshold, p.unit];

describe('numbers as people write them', () => {
  it.each([
    ['We answer every email within one hour.', ['response_time', '<=', 1, 'hours']],
    ['Tickets get a first reply within two business days.', ['response_time', '<=', 2, 'business_days']],
    ['Parcels are dispatched within 2–3 business days.', ['delivery_time', '<=', 3, 'business_days']],
    ['Replacements are shipped in 8-24 hours.', ['delivery_time', '<=', 24, 'hours']],
    ['Our engineers respond within the hour.', ['response_time', '<=', 1, 'hours']],
    ['Orders placed by noon ship the same day.', ['delivery_time', '<=', 1, 'days']],
    ['Hardware faults are repaired by the next business day.', ['resolution_time', '<=', 1, 'business_days']],
    ['Calls are answered within 45 seconds.', ['response_time', '<=', 0.75, 'minutes']],
    ['Refunds reach your card within 2 weeks of approval.', ['refund_guarantee', '<=', 14, 'days']],
    ['Every request is acknowledged within twenty-four (24) hours.', ['response_time', '<=', 24, 'hours']],
  ])('reads "%s"', (text, expected) => {
    expect(value(only(text))).toEqual(expected);
  });
});

describe('uptime, credits and support hours', () => {
  it.each([
    ['The platform is guaranteed to be available 99.95% of each month.', ['uptime', '>=', 99.95, 'percent']],
    ['We commit to three nines of uptime.', ['uptime', '>=', 99.9, 'percent']],
    ['Support is open around the clock.', ['availability_hours', '>=', 168, 'hours_per_week']],
    ['Live chat is staffed 24/7/365.', ['availability_hours', '>=', 168, 'hours_per_week']],
    ['Phone support is available Mon–Fri 9am–6pm ET.', ['availability_hours', '>=', 45, 'hours_per_week']],
    [
      'Our help desk is open Monday to Saturday, 8:00 to 16:00.',
      ['availability_hours', '>=', 48, 'hours_per_week'],
    ],
    [
      'If monthly uptime falls below the target you receive a 15% service credit.',
      ['credit_compensation', '==', 15, 'percent'],
    ],
    ['Try us risk-free with our 45-day money-back guarantee.', ['refund_guarantee', '>=', 45, 'days']],
  ])('reads "%s"', (text, expected) => {
    expect(value(only(text))).toEqual(expected);
  });

  it('keeps the time zone of a support schedule as a qualifier', () => {
    expect(only('Phone support is available Mon–Fri 9am–6pm ET.').qualifiers.timezone).toBe('ET');
  });
});

describe('quantifiers and hedges', () => {
  it('reads "every" as a target of 100', () => {
    expect(only('Every ticket receives a reply within 4 hours.').qualifiers.target).toBe(100);
  });

  it('reads "95% of tickets" as a target of 95', () => {
    const p = only('We respond to 95% of tickets within 2 hours.');
    expect(value(p)).toEqual(['response_time', '<=', 2, 'hours']);
    expect(p.qualifiers.target).toBe(95);
  });

  it.each([
    ['Orders typically ship within 2 days.', 'median', 'typically'],
    ['On average we reply within 3 hours.', 'mean', 'on average'],
  ])('keeps the hedge of "%s" as a qualifier', (text, statistic, hedge) => {
    const p = only(text);
    expect(p.qualifiers.statistic).toBe(statistic);
    expect(p.qualifiers.hedge).toBe(hedge);
  });
});

describe('negations, conditions and what is not a promise', () => {
  it.each([
    'We do not offer 24/7 phone support.',
    'No refunds are given after 30 days.',
    'For example, a ticket opened at 4 pm on Friday is answered within 2 hours on Monday.',
    'Customers must report an outage within 5 days to claim a credit.',
    'Couriers may take up to 10 days to deliver to remote areas.',
    'Last year we averaged a first response of 3 hours.',
    'Total credits cannot exceed 50% of the monthly fee.',
  ])('extracts nothing from "%s"', (text) => {
    expect(extractFromText(text, 'test://doc').promises).toEqual([]);
  });

  it('keeps a condition on the promise', () => {
    const p = only('Orders placed before 2 pm ship the same day.');
    expect(p.qualifiers.condition).toBe('Orders placed before 2 pm');
  });

  it('keeps the remedy but not the breach that triggers it', () => {
    const { promises } = extractFromText(
      'If we do not reply within 8 hours, you receive a 20% credit on that month.',
      'test://doc',
    );
    expect(promises.map(value)).toEqual([['credit_compensation', '==', 20, 'percent']]);
  });

  it('reads a percentage band as the condition of a credit, not as an uptime promise', () => {
    const { promises } = extractFromText('Service credits\n- 97.0% – 99.0% uptime: 20% credit', 'test://doc');
    expect(promises.map(value)).toEqual([['credit_compensation', '==', 20, 'percent']]);
  });
});

describe('unmeasurable claims', () => {
  it.each([
    ['Our world-class team is always on your side.', 'superlative without a measure'],
    ['Enjoy lightning-fast support from real people.', 'speed claim without a figure'],
    ['We always go the extra mile for our clients.', 'effort claim nobody can check'],
  ])('sends "%s" to claims', (text, reason) => {
    const result = extractFromText(text, 'test://doc');
    expect(result.promises).toEqual([]);
    expect(result.claims).toEqual([{ quote: text, reason }]);
  });
});

describe('structure in plain text', () => {
  it('reads a severity × plan table as one promise per cell, qualified by row and column', () => {
    const text = [
      '| Severity | Basic | Premium |',
      '|---|---|---|',
      '| Urgent | 4 hours | 1 hour |',
      '| Normal | 2 business days | 8 business hours |',
      '',
      'Initial response times are measured from ticket creation.',
    ].join('\n');
    const { promises } = extractFromText(`Response times\n${text}`, 'test://doc');
    expect(promises.map((p) => [...value(p), p.qualifiers.severity, p.qualifiers.tier, p.quote])).toEqual([
      ['response_time', '<=', 4, 'hours', 'Urgent', 'Basic', 'Urgent | 4 hours'],
      ['response_time', '<=', 1, 'hours', 'Urgent', 'Premium', 'Urgent | 4 hours | 1 hour'],
      ['response_time', '<=', 2, 'business_days', 'Normal', 'Basic', 'Normal | 2 business days'],
      [
        'response_time',
        '<=',
        8,
        'business_hours',
        'Normal',
        'Premium',
        'Normal | 2 business days | 8 business hours',
      ],
    ]);
  });

  it('takes the category of a bare figure from the label line above it', () => {
    const { promises } = extractFromText(
      'Critical\nTime to resolve\n6 hours\nTime to first reply\n30 minutes',
      'x',
    );
    expect(promises.map((p) => [...value(p), p.quote])).toEqual([
      ['resolution_time', '<=', 6, 'hours', 'Time to resolve 6 hours'],
      ['response_time', '<=', 30, 'minutes', 'Time to first reply 30 minutes'],
    ]);
  });

  it('merges repeats of one promise and keeps the first quote', () => {
    const { promises } = extractFromText(
      '30-day money-back guarantee\nEvery plan comes with our 30-day money-back guarantee.',
      'x',
    );
    expect(promises.map((p) => p.quote)).toEqual(['30-day money-back guarantee']);
  });

  it('reads rows without borders by the column names of the header line above them', () => {
    const text =
      'Targets\nSeverity First reply Time to restore\nS1 - Critical 15 minutes 2 hours\nS2 - Major 1 hour 1 business day';
    const { promises } = extractFromText(text, 'x');
    expect(promises.map((p) => [...value(p), p.qualifiers.severity])).toEqual([
      ['response_time', '<=', 15, 'minutes', 'S1'],
      ['resolution_time', '<=', 2, 'hours', 'S1'],
      ['response_time', '<=', 1, 'hours', 'S2'],
      ['resolution_time', '<=', 1, 'business_days', 'S2'],
    ]);
  });

  it('reads a credits table without borders, uptime band then credit', () => {
    const text = 'Credits\nMonthly uptime Credit\n98.0% to below 99.5% 5%\nBelow 98.0% 15%';
    expect(extractFromText(text, 'x').promises.map(value)).toEqual([
      ['credit_compensation', '==', 5, 'percent'],
      ['credit_compensation', '==', 15, 'percent'],
    ]);
  });

  it('joins a sentence that a layout wrapped over two lines', () => {
    const p = only('Your money back if you ask within 21\ndays of purchase, no questions asked.');
    expect(value(p)).toEqual(['refund_guarantee', '>=', 21, 'days']);
  });
});
