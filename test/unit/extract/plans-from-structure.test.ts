import { describe, expect, it } from 'vitest';
import { extractFromText, findFigures } from '../../../packages/extract/index.ts';

const read = (text: string, source = 'https://pages.example/support') =>
  extractFromText(text, source).promises.map((p) => [p.category, p.threshold, p.unit, p.qualifiers.tier]);

describe('plans read from the page structure', () => {
  it('names each figure by the heading of its section when sections repeat one table layout', () => {
    const text = [
      'Harbourline Hosting support',
      'Each plan has its own reply times.',
      'Starter',
      '| Question | First reply |',
      '|---|---|',
      '| Billing | 2 business days |',
      '| Outage | 8 hours |',
      'Scale',
      '| Question | First reply |',
      '|---|---|',
      '| Billing | 1 business day |',
      '| Outage | 1 hour |',
    ].join('\n');
    expect(read(text)).toEqual([
      ['response_time', 2, 'business_days', 'Starter'],
      ['response_time', 8, 'hours', 'Starter'],
      ['response_time', 1, 'business_days', 'Scale'],
      ['response_time', 1, 'hours', 'Scale'],
    ]);
  });

  it('takes the plan a sentence names by its noun', () => {
    expect(read('Customers on the Harbour plan get a first reply within 6 hours.')).toEqual([
      ['response_time', 6, 'hours', 'Harbour'],
    ]);
  });

  it('takes the name before a spaced hyphen as the plan', () => {
    expect(read('Cloud Hosting - 99.95% uptime')).toEqual([['uptime', 99.95, 'percent', 'Cloud Hosting']]);
  });

  it('does not take a heading that spells the company name of the page host for a plan', () => {
    const text = 'Brookvale\nHelp when you need it\nBrookvale\nWe answer every email within 3 hours.';
    expect(read(text, 'https://www.brookvale.example/help')).toEqual([
      ['response_time', 3, 'hours', undefined],
    ]);
  });

  it('reads a multiple of a fee with words between the multiple and the fee', () => {
    expect(
      findFigures('a missed visit earns 5 times the weekly standing charge').map((f) => [f.kind, f.value]),
    ).toEqual([['multiple', 5]]);
  });
});
