// Hard cases found by measuring against text labelled independently of the rules: opening hours as
// contact pages write them, refund windows versus refund processing times, several limits in one
// sentence, and figures that only describe the past or an example.

import { describe, expect, it } from 'vitest';
import type { ExtractedPromise } from '../../../packages/core/index.ts';
import { extractFromText } from '../../../packages/extract/index.ts';

const all = (text: string): ExtractedPromise[] => extractFromText(text, 'test://doc').promises;
const value = (p: ExtractedPromise) => [p.category, p.operator, p.threshold, p.unit];
const values = (text: string) => all(text).map(value);

describe('opening hours as contact pages write them', () => {
  it.each([
    // No support word at all: a weekly schedule on a company's page is its opening hours.
    ['The studio team is here Tuesday to Saturday, 10am–4:30pm.', 32.5],
    ['Saturday: 9am–1pm CET', 4],
    ['Weekends: 11am to 3pm', 8],
    ['Ticket desk coverage 16x5 for all plans.', 80],
    ['Engineering escalation is available 24x5.', 120],
    ['Our outage hotline is staffed 24 hours a day, 365 days a year.', 168],
    ['The claims line runs 24 hours a day, Monday to Friday.', 120],
    ['Help is available from 7:00 a.m. to 7:00 p.m. Central Time, Monday through Friday.', 60],
    // Schedules joined by "and" or a comma are one week's hours.
    ['Call us Monday to Friday 9am–6pm and Saturday 10am–2pm.', 49],
    ['Phone lines: 7am–9pm Monday to Saturday, 10am–4pm Sunday.', 90],
  ])('reads "%s" as %d hours a week', (text, hours) => {
    expect(values(text)).toEqual([['availability_hours', '>=', hours, 'hours_per_week']]);
  });

  it('keeps a zone written out in words as the time zone', () => {
    const [p] = all('Help is available from 7:00 a.m. to 7:00 p.m. Central Time, Monday through Friday.');
    expect(p?.qualifiers.timezone).toMatch(/central time/i);
  });

  it('keeps schedules for different channels apart', () => {
    expect(values('Phone: Mon–Fri 8am–6pm. Chat: Mon–Sun 8am–10pm.')).toEqual([
      ['availability_hours', '>=', 50, 'hours_per_week'],
      ['availability_hours', '>=', 98, 'hours_per_week'],
    ]);
  });

  it('does not read a screen resolution or a word ending in a day name as a schedule', () => {
    expect(all('Upload artwork at 1920x1080 pixels, or the common 4x3 ratio.')).toEqual([]);
  });
});

describe('refund windows are the customer’s clock, processing times the company’s', () => {
  it.each([
    ['You have 45 days from the day your parcel arrives to send it back for a refund.', '>=', 45, 'days'],
    ['We accept returns within 21 days of delivery on unworn items.', '>=', 21, 'days'],
    ['You’ve got 60 days after your kit arrives to cancel and get your money back.', '>=', 60, 'days'],
    ['Message us within 10 days of delivery and we will send a refund or a replacement.', '>=', 10, 'days'],
    ['Refunds go back to your original payment method within 4–6 business days.', '<=', 6, 'business_days'],
    ['We’ll refund the remaining balance within 7 working days of cancellation.', '<=', 7, 'business_days'],
    ['Refunds are issued within 5 business days of receipt of your returned item.', '<=', 5, 'business_days'],
  ])('reads "%s"', (text, operator, threshold, unit) => {
    expect(values(text)).toEqual([['refund_guarantee', operator, threshold, unit]]);
  });

  it('reads the window and the processing time of one sentence as two promises', () => {
    expect(
      values(
        'Let us know within 3 days of delivery and we will refund the missing items within 5 business days.',
      ),
    ).toEqual([
      ['refund_guarantee', '>=', 3, 'days'],
      ['refund_guarantee', '<=', 5, 'business_days'],
    ]);
  });
});

describe('several limits in one sentence', () => {
  it('gives each share of cases its own promise and target', () => {
    const promises = all('We answer 90% of chats within 2 minutes and every chat within 10 minutes.');
    expect(promises.map((p) => [...value(p), p.qualifiers.target])).toEqual([
      ['response_time', '<=', 2, 'minutes', 90],
      ['response_time', '<=', 10, 'minutes', 100],
    ]);
  });

  it('gives each plan its own limit', () => {
    expect(
      values('First replies come within 30 minutes on Scale and within 8 business hours on Starter.'),
    ).toEqual([
      ['response_time', '<=', 30, 'minutes'],
      ['response_time', '<=', 8, 'business_hours'],
    ]);
  });

  it('reads dispatch and arrival as two delivery promises', () => {
    expect(values('Orders leave our warehouse within 48 hours and arrive within 4–6 business days.')).toEqual(
      [
        ['delivery_time', '<=', 48, 'hours'],
        ['delivery_time', '<=', 6, 'business_days'],
      ],
    );
  });

  it('keeps a target with an outer limit as one promise at the outer limit', () => {
    expect(values('We try to reply within 12 hours, but replies may take up to 3 business days.')).toEqual([
      ['response_time', '<=', 3, 'business_days'],
    ]);
  });
});

describe('figures that promise nothing', () => {
  it.each([
    'In 2025 our median first reply was 9 minutes.',
    'Over the last 6 months the API delivered 99.995% availability.',
    'Last fiscal year we shipped 97% of orders within 2 days.',
    'Worked example: a customer at 98.5% monthly uptime receives a 10% credit.',
    'Monthly Availability is calculated as 100% minus the share of minutes with errors.',
    'Credits must be requested within 45 days of the incident.',
    'Purchases paid in instalments are refunded by the finance provider, which may take up to 14 days.',
    '"They sorted my broken hinge in 25 minutes!" — Ola B.',
    '"We moved everything over in a weekend. Their team replied within 10 minutes, every time." — Dana R., Head of Ops at a fictional firm',
  ])('"%s"', (text) => {
    expect(all(text)).toEqual([]);
  });
});

describe('the quote is the whole sentence, even when a clause is read on its own', () => {
  it('quotes the sentence for both clauses of a semicolon list', () => {
    const text = 'Priority tickets get a reply within 1 hour; all others are answered within 6 hours.';
    const promises = all(text);
    expect(promises.map(value)).toEqual([
      ['response_time', '<=', 1, 'hours'],
      ['response_time', '<=', 6, 'hours'],
    ]);
    for (const p of promises) expect(p.quote).toBe(text);
  });
});

describe('keyword families', () => {
  it.each([
    ['We replace faulty routers within 2 business days.', ['resolution_time', '<=', 2, 'business_days']],
    ['Recovery Time Objective: 6 hours.', ['resolution_time', '<=', 6, 'hours']],
    ['We pick up every call within 90 seconds.', ['response_time', '<=', 1.5, 'minutes']],
    [
      'All workloads are covered by our four-nines availability guarantee.',
      ['uptime', '>=', 99.99, 'percent'],
    ],
  ])('reads "%s"', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });
});

describe('other checkable commitments', () => {
  it.each([
    [
      'We publish the first status page update within 15 minutes of an outage.',
      ['other', '<=', 15, 'minutes'],
    ],
    [
      'A root cause analysis is shared within 3 business days of any P1 incident.',
      ['other', '<=', 3, 'business_days'],
    ],
    ['Databases are backed up every 6 hours.', ['other', '<=', 6, 'hours']],
    ['Deleted projects are retained for 21 days before they are purged.', ['other', '>=', 21, 'days']],
    [
      'We email administrators at least 5 business days before scheduled maintenance.',
      ['other', '>=', 5, 'business_days'],
    ],
  ])('reads "%s"', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it('names what each of them measures', () => {
    const metrics = all(
      'Status updates are posted within 20 minutes. Backups run every 12 hours and are kept for 14 days.',
    ).map((p) => p.metric);
    expect(metrics).toEqual(['status_update_time', 'backup_interval', 'retention_period']);
  });

  it('leaves a response or restoration time in its own category', () => {
    expect(
      values('After an outage we restore service within 4 hours and update the status page hourly.'),
    ).toEqual([['resolution_time', '<=', 4, 'hours']]);
  });
});

describe('credits stated band by band in one sentence', () => {
  it('gives each band its own credit', () => {
    expect(values('Below 99.95% the credit is 10%, and below 99.5% it rises to 25%.')).toEqual([
      ['credit_compensation', '==', 10, 'percent'],
      ['credit_compensation', '==', 25, 'percent'],
    ]);
  });

  it('does not read "of the monthly fee" as a share of time, nor as a measuring window', () => {
    const [p] = all('If the racks lose power, you receive a credit of 5% of the monthly fee.');
    expect(value(p as ExtractedPromise)).toEqual(['credit_compensation', '==', 5, 'percent']);
    expect(p?.qualifiers.window).toBeUndefined();
  });

  it('does not read "no credit card needed" as a negated guarantee', () => {
    expect(values('No credit card needed, and every plan has a 30-day money-back guarantee.')).toEqual([
      ['refund_guarantee', '>=', 30, 'days'],
    ]);
  });
});

describe('exclusions and caps', () => {
  it.each([
    'Maintenance announced at least 48 hours ahead is excluded from the uptime calculation.',
    'Service credits never exceed 40% of the monthly invoice.',
  ])('"%s" promises nothing', (text) => {
    expect(all(text)).toEqual([]);
  });
});

describe('money paid when a promise is missed', () => {
  it.each([
    ['If the engineer misses the booked slot, we will pay you €40.', 40, 'EUR'],
    ['You’ll receive a $15 credit for every day your order is late.', 15, 'USD'],
    ['If your refund is late, we pay Rs. 100 per day of delay.', 100, 'INR'],
  ])('reads "%s" as compensation of %d in %s', (text, amount, currency) => {
    const promises = all(text).filter((p) => p.category === 'credit_compensation');
    expect(promises.map((p) => [p.operator, p.threshold, p.unit, p.qualifiers.scope])).toEqual([
      ['==', amount, null, currency],
    ]);
  });

  it('reads an amount in a compensation column of a table', () => {
    const text = 'Standard | What we pay if we miss it\nNew line connected within 10 working days | £20';
    const promises = all(text).filter((p) => p.category === 'credit_compensation');
    expect(promises.map((p) => [p.threshold, p.qualifiers.scope])).toEqual([[20, 'GBP']]);
  });

  it.each(['Orders over $60 ship free within the US.', 'Express delivery costs £7.95.'])(
    'does not read a price as compensation: "%s"',
    (text) => {
      expect(all(text).filter((p) => p.category === 'credit_compensation')).toEqual([]);
    },
  );
});

describe('numbers written as words', () => {
  it.each([
    ['Returns are accepted within fourteen days.', ['refund_guarantee', '>=', 14, 'days']],
    ['Support replies within eleven hours.', ['response_time', '<=', 11, 'hours']],
    ['Orders ship within seventeen business days.', ['delivery_time', '<=', 17, 'business_days']],
  ])('reads "%s"', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });
});

describe('support pages as vendors write them', () => {
  it('reads a band described in words as the condition of its credits, not as uptime', () => {
    const text =
      'Service credits\nMonthly uptime | Basic | Premium\nBelow target but at least 99.0% | 5% | 10%';
    expect(values(text)).toEqual([
      ['credit_compensation', '==', 5, 'percent'],
      ['credit_compensation', '==', 10, 'percent'],
    ]);
  });

  it('does not take a duration under a support-named column for support hours', () => {
    const text = 'Severity | Standard support | Premium support\nSev 1 | 4 hours | 1 hour';
    expect(all(text).map((p) => p.category)).not.toContain('availability_hours');
  });

  it('reads "BD" as business days', () => {
    expect(values('Normal tickets are answered within 2 BD.')).toEqual([
      ['response_time', '<=', 2, 'business_days'],
    ]);
  });

  it('reads "7 days a week" as how often, not as a second limit', () => {
    expect(values('Outages are fixed within 6 hours, 7 days a week.')).toEqual([
      ['resolution_time', '<=', 6, 'hours'],
    ]);
  });

  it('reads items under a "Production times" heading as delivery promises', () => {
    expect(values('Production times\n- Mugs: 2–4 business days')).toEqual([
      ['delivery_time', '<=', 4, 'business_days'],
    ]);
  });

  it.each([
    'Our platform is designed for instances in two regions, and each of them scales on demand.',
    'We serve customers for instances of every size, with 99.9% monthly uptime.',
  ])('does not read "for instances" as "for instance": "%s"', (text) => {
    expect(nonEmptyOrUptime(text)).toBe(true);
  });
});

const nonEmptyOrUptime = (text: string): boolean =>
  all(text).every((p) => p.category === 'uptime') && (!/99\.9%/.test(text) || all(text).length === 1);
