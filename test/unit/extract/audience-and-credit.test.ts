import { describe, expect, it } from 'vitest';
import { extractFromHtml, extractFromText } from '../../../packages/extract/index.ts';

const only = (text: string) => {
  const { promises } = extractFromText(text, 'test.txt');
  expect(promises).toHaveLength(1);
  return promises[0];
};

describe('who a sentence promises to, and what its percentage is about', () => {
  it.each([
    ['Gold customers hear back from a person within two business hours.', 'Gold'],
    ['Enterprise customers get 24/7 phone support.', 'Enterprise'],
    ['For Team Plus subscribers, we respond within 30 minutes.', 'Team Plus'],
    ['Business plan members get a first reply within 4 hours.', 'Business'],
  ])('reads the plan of "%s" as tier %s', (text, tier) => {
    expect(only(text)?.qualifiers.tier).toBe(tier);
  });

  it.each([
    'Our customers get a reply within 4 hours.',
    'All customers get a reply within 4 hours.',
    'US customers receive their orders within 3 business days.',
  ])('does not mistake a determiner or a region for a plan in "%s"', (text) => {
    expect(only(text)?.qualifiers.tier).toBeUndefined();
  });

  it('reads an uptime figure as uptime even when the sentence mentions the credits behind it', () => {
    const p = only(
      '99.9% monthly uptime for the dashboard and the API, backed by service credits in our SLA.',
    );
    expect(p).toMatchObject({ category: 'uptime', operator: '>=', threshold: 99.9, unit: 'percent' });
  });

  it('still reads a credit promise whose percentage sits beside the credit', () => {
    const p = only('If monthly uptime falls below 99.9%, we credit 10% of your monthly fee.');
    expect(p).toMatchObject({
      category: 'credit_compensation',
      operator: '==',
      threshold: 10,
      unit: 'percent',
    });
  });
});

describe('a document that says whom it covers', () => {
  it('scopes its promises to the plan named near its start, unless a promise names its own', () => {
    const text = [
      'Service Level Agreement',
      'This agreement applies to customers on the Example Co Premier plan.',
      'P1 incidents receive a first response within 30 minutes.',
      'Starter customers get a first reply within 2 business days.',
    ].join('\n');
    const tiers = extractFromText(text, 'sla.txt').promises.map((p) => p.qualifiers.tier);
    expect(tiers).toEqual(['Premier', 'Starter']);
  });

  it('does not scope a document whose first lines name no plan', () => {
    const text = ['Support', 'We answer every email within 1 business day.'].join('\n');
    expect(extractFromText(text, 'support.txt').promises[0]?.qualifiers.tier).toBeUndefined();
  });
});

describe('what a refund-policy figure measures', () => {
  it.each([
    ['Refunds are processed within 5 business days of receiving your return.', 'refund_processing_time'],
    ['We email you a prepaid return label within one business day.', 'return_processing_time'],
  ])('"%s" measures %s', (text, metric) => {
    expect(only(text)).toMatchObject({ category: 'refund_guarantee', operator: '<=', metric });
  });
});

describe('a table row whose label names the channel', () => {
  it('qualifies the row’s promise with that channel', () => {
    const html = `<main><h2>Ways to reach us</h2><table>
      <thead><tr><th>Channel</th><th>Hours</th><th>First reply</th></tr></thead>
      <tbody><tr><td>Live chat</td><td>Weekdays</td><td>Typically within 5 minutes</td></tr></tbody>
    </table></main>`;
    const promise = extractFromHtml(html, 'support.html').promises.find(
      (p) => p.category === 'response_time',
    );
    expect(promise).toMatchObject({ threshold: 5, unit: 'minutes' });
    expect(promise?.qualifiers.channel).toBe('chat');
  });
});

describe('a table row with a plan column', () => {
  const table = (plan: string) => `<main><table>
    <thead><tr><th>Channel</th><th>Plans</th><th>Response</th></tr></thead>
    <tbody><tr><td>Phone (+1 555 0100)</td><td>${plan}</td><td>Urgent calls are picked up within the hour</td></tr></tbody>
  </table></main>`;

  it('scopes the row to the one plan its plan cell names, and reads the channel from the row label', () => {
    const [promise] = extractFromHtml(table('Enterprise'), 'support.html').promises;
    expect(promise).toMatchObject({ category: 'response_time', threshold: 1, unit: 'hours' });
    expect(promise?.qualifiers).toMatchObject({ tier: 'Enterprise', channel: 'phone' });
  });

  it.each(['Pro and Enterprise', 'Every plan'])('does not invent a tier from "%s"', (plan) => {
    const [promise] = extractFromHtml(table(plan), 'support.html').promises;
    expect(promise?.qualifiers.tier).toBeUndefined();
  });
});
