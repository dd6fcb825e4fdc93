import { describe, expect, it } from 'vitest';
import type { ExtractedPromise } from '../../../packages/core/index.ts';
import { textToBlocks } from '../../../packages/extract/blocks.ts';
import { recoverColumns, splitHeader } from '../../../packages/extract/columns.ts';
import { boundNesting } from '../../../packages/extract/html.ts';
import {
  extractDocument,
  extractFromHtml,
  extractFromText,
  findFigures,
} from '../../../packages/extract/index.ts';
import { foreignLanguage } from '../../../packages/extract/language.ts';
import { loadModel, train } from '../../../packages/extract/linear.ts';
import { foldOf, type LabelledDocument } from '../../../packages/extract/training/corpus.ts';
import { scoreDocument } from '../../../packages/extract/training/score.ts';

const value = (p: ExtractedPromise | undefined) => (p ? [p.category, p.operator, p.threshold, p.unit] : null);

describe('tables of every shape', () => {
  it('reads a table put one cell per line with its borders, by its header row', () => {
    const text = [
      'Delivery options',
      '|',
      'Standard |',
      'Express |',
      'Dispatch |',
      '3 business days |',
      'Same day |',
      'Delivery |',
      '4-6 business days |',
      '1-2 business days |',
    ].join('\n');
    const rows = textToBlocks(text).filter((b) => b.kind === 'row');
    expect(rows.map((r) => r.cells)).toEqual([
      ['Dispatch', '3 business days', 'Same day'],
      ['Delivery', '4-6 business days', '1-2 business days'],
    ]);
    expect(rows[0]?.header).toEqual(['', 'Standard', 'Express']);
    const promises = extractFromText(text, 'x').promises.filter((p) => p.category === 'delivery_time');
    expect(promises.map((p) => [p.threshold, p.unit, p.qualifiers.tier])).toContainEqual([
      6,
      'business_days',
      'Standard',
    ]);
    expect(promises.map((p) => [p.threshold, p.unit, p.qualifiers.tier])).toContainEqual([
      2,
      'business_days',
      'Express',
    ]);
  });

  it('gives each figure of a borderless row the plan its column names in the header line', () => {
    const text = [
      'Response targets',
      'Basic Plan Team Plan Corporate Plan',
      'Urgent response 8 hours 2 hours 30 minutes',
      'Normal response 3 business days 1 business day 4 hours',
    ].join('\n');
    const rows = recoverColumns(textToBlocks(text)).filter((b) => b.kind === 'row');
    expect(rows[0]?.header).toEqual(['', 'Basic Plan', 'Team Plan', 'Corporate Plan']);
    const urgent = extractFromText(text, 'x').promises.filter((p) => p.quote.startsWith('Urgent'));
    expect(urgent.map((p) => [p.threshold, p.unit, p.qualifiers.tier])).toEqual([
      [8, 'hours', 'Basic Plan'],
      [2, 'hours', 'Team Plan'],
      [30, 'minutes', 'Corporate Plan'],
    ]);
  });

  it('splits a header line into one name per column only when the words divide evenly', () => {
    expect(splitHeader('Silver Gold Platinum', 3)).toEqual(['Silver', 'Gold', 'Platinum']);
    expect(splitHeader('Priority Silver Gold', 2)).toEqual(['Silver', 'Gold']);
    expect(splitHeader('Email & Chat Support', 2)).toBeNull();
    expect(splitHeader('Monthly uptime Service credit', 2)).toBeNull();
  });

  it('fills the rows a rowspan cell covers and names columns by both header rows', () => {
    const html = `<main><table>
      <thead><tr><th rowspan="2">Severity</th><th colspan="2">First response</th></tr>
      <tr><th>Standard</th><th>Premier</th></tr></thead>
      <tbody><tr><td>Sev 1</td><td>4 hours</td><td>30 minutes</td></tr>
      <tr><td>Sev 2</td><td>1 business day</td><td>2 hours</td></tr></tbody></table></main>`;
    const promises = extractFromHtml(html, 'x.html').promises;
    expect(promises.map((p) => [p.category, p.threshold, p.qualifiers.tier, p.qualifiers.severity])).toEqual([
      ['response_time', 4, 'Standard', 'Sev 1'],
      ['response_time', 30, 'Premier', 'Sev 1'],
      ['response_time', 1, 'Standard', 'Sev 2'],
      ['response_time', 2, 'Premier', 'Sev 2'],
    ]);
  });
});

describe('what the verdicts need', () => {
  it('keeps the share of cases a promise covers, whatever the cases are called', () => {
    const [p] = extractFromText('95% of support tickets are resolved within 2 business days.', 'x').promises;
    expect(value(p)).toEqual(['resolution_time', '<=', 2, 'business_days']);
    expect(p?.qualifiers.target).toBe(95);
  });

  it('reads compensation as money, as days of service and as a multiple of the fee', () => {
    const money = extractFromText('If we miss an appointment we will pay you £40.', 'x').promises[0];
    expect([money?.category, money?.operator, money?.threshold, money?.unit]).toEqual([
      'credit_compensation',
      '==',
      40,
      null,
    ]);
    const days = extractFromText(
      'If we miss the target, we credit one day of service for each hour of downtime.',
      'x',
    ).promises[0];
    expect([days?.category, days?.threshold, days?.unit, days?.metric]).toEqual([
      'credit_compensation',
      1,
      null,
      'service_credit_days',
    ]);
    expect(findFigures('we credit 10 times the monthly fee').map((f) => [f.kind, f.value])).toEqual([
      ['multiple', 10],
    ]);
  });

  it('reads notice periods and update intervals as other commitments', () => {
    expect(
      value(extractFromText('We give at least 30 days notice of any price change.', 'x').promises[0]),
    ).toEqual(['other', '>=', 30, 'days']);
    expect(
      value(
        extractFromText('During an incident the status page is updated every 30 minutes.', 'x').promises[0],
      ),
    ).toEqual(['other', '<=', 30, 'minutes']);
    expect(findFigures('Backups are taken daily.').map((f) => [f.kind, f.value, f.unit])).toEqual([
      ['interval', 1, 'days'],
    ]);
  });

  it('keeps the hedge of a hedged figure', () => {
    const [p] = extractFromText('Emails are typically answered within 4 hours.', 'x').promises;
    expect(value(p)).toEqual(['response_time', '<=', 4, 'hours']);
    expect(p?.qualifiers.hedge).toBe('typically');
  });

  it('does not take a heading that is the company name for a plan', () => {
    const [p] = extractFromText(
      'Acme Widgets\nSupport\nWe reply to every email within 1 business day.',
      'x',
    ).promises;
    expect(value(p)).toEqual(['response_time', '<=', 1, 'business_days']);
    expect(p?.qualifiers.tier).toBeUndefined();
  });

  it.each([
    ['Fast, friendly support from real people.', 'speed claim without a figure'],
    ['We respond quickly, every time.', 'speed claim without a figure'],
    ['The best in the business.', 'superlative without a measure'],
  ])('files "%s" under claims with its reason', (text, reason) => {
    const result = extractFromText(text, 'x');
    expect(result.promises).toEqual([]);
    expect(result.claims).toEqual([{ quote: text, reason }]);
  });
});

describe('other languages refuse loudly', () => {
  const french =
    'Nous répondons à toutes les demandes dans un délai de 24 heures. Notre équipe est disponible du lundi au vendredi de 9h à 18h pour vous aider avec votre compte et vos commandes. Les remboursements sont traités sous 5 jours ouvrés après la réception de votre retour.';

  it('gives a page in French no promises and an unsupportedLanguage note naming the language', async () => {
    const result = await extractDocument({
      source: 'https://example.fr/aide',
      body: french,
      fileName: 'aide.txt',
    });
    expect(result.promises).toEqual([]);
    expect(result.notes).toEqual([
      expect.objectContaining({ kind: 'unsupportedLanguage', language: 'French' }),
    ]);
  });

  it('names the script of a page in a non-Latin script', () => {
    expect(
      foreignLanguage(
        '我们在24小时内回复所有请求。我们的团队周一至周五上午9点至下午6点为您服务，帮助您处理账户和订单问题。',
      ),
    ).toBe('Chinese or Japanese');
  });

  it('reads an English page that quotes a few foreign words as English', () => {
    const text =
      'Our café in Lyon is open Monday to Friday, 9am to 5pm. We reply to every email within one business day, and our team will be happy to help you with your order. Bon appétit!';
    expect(foreignLanguage(text)).toBeUndefined();
    expect(extractFromText(text, 'x').notes).toBeUndefined();
  });
});

describe('bad input stays bounded', () => {
  it('flattens markup nested 100,000 levels deep, keeps its text, and says so', () => {
    const depth = 100_000;
    const html = `<html><body><main>${'<div>'.repeat(depth)}<p>We reply within 2 hours.</p>${'</div>'.repeat(depth)}</main></body></html>`;
    const bounded = boundNesting(html);
    expect(bounded.flattened).toBe(true);
    expect(bounded.depth).toBeGreaterThan(depth);
    const result = extractFromHtml(html, 'deep.html');
    expect(result.promises.map(value)).toEqual([['response_time', '<=', 2, 'hours']]);
    expect(result.notes).toEqual([expect.objectContaining({ kind: 'truncated' })]);
  });

  it('leaves an ordinary page untouched', () => {
    const html = '<main><div><p>Text<br>more</p><img src="a.png"></div></main>';
    expect(boundNesting(html)).toEqual({ html, depth: 3, flattened: false });
  });
});

describe('the learned layer', () => {
  const examples = [
    { features: ['a', 'x'], label: 1 },
    { features: ['a', 'y'], label: 1 },
    { features: ['b', 'x'], label: 0 },
    { features: ['b', 'y'], label: 0 },
    { features: ['a', 'z'], label: 1 },
    { features: ['b', 'z'], label: 0 },
  ];
  const options = { epochs: 20, learningRate: 0.3, l2: 1e-4, seed: 7, minCount: 1, prune: 0.001 };

  it('trains the same weights from the same examples', () => {
    expect(train(['no', 'yes'], examples, options)).toEqual(train(['no', 'yes'], examples, options));
  });

  it('learns which features decide', () => {
    const model = loadModel(train(['no', 'yes'], examples, options));
    expect(model.predict(['a'])[1]).toBeGreaterThan(0.8);
    expect(model.predict(['b'])[1]).toBeLessThan(0.2);
  });

  it('keeps the pages of one site in one cross-validation fold', () => {
    const doc = (source: string): LabelledDocument => ({
      file: `${source}.json`,
      source,
      company: '',
      kind: 'sla',
      text: '',
      promises: [],
    });
    expect(foldOf(doc('https://www.acme.example/sla'), 5)).toBe(
      foldOf(doc('https://acme.example/support'), 5),
    );
  });

  it('scores as the shared scorer does: a same-valued prediction first, repeats neither rewarded nor counted', () => {
    const gold = [
      { quote: 'Sev 1 | 1 hour', category: 'response_time', operator: '<=', threshold: 1, unit: 'hours' },
      {
        quote: 'Sev 1 | 1 hour | 4 hours',
        category: 'response_time',
        operator: '<=',
        threshold: 4,
        unit: 'hours',
      },
    ];
    const pred = [
      {
        quote: 'Sev 1 | 1 hour | 4 hours',
        category: 'response_time',
        operator: '<=',
        threshold: 4,
        unit: 'hours',
      },
      { quote: 'Sev 1 | 1 hour', category: 'response_time', operator: '<=', threshold: 1, unit: 'hours' },
      { quote: 'Sev 1 | 1 hour', category: 'response_time', operator: '<=', threshold: 1, unit: 'hours' },
    ];
    expect(scoreDocument(gold, pred)).toEqual({ tp: 2, vtp: 2, qtp: 2, pred: 2, gold: 2 });
  });
});
