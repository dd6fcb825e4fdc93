import { load } from 'cheerio/slim';
import { describe, expect, it } from 'vitest';
import { buildDigest, DigestInputError } from '../../../packages/digest/index.ts';
import { delivery, input, verdict, W46 } from './fixtures.ts';

const htmlText = (html: string): string => load(html)('body').text().replace(/\s+/g, ' ').trim();

const complaints = (
  quotes: string[],
  over: { matched?: number; allegingBreach?: number; perceptionGap?: boolean } = {},
) => ({
  matched: over.matched ?? 12,
  allegingBreach: over.allegingBreach ?? 7,
  perceptionGap: over.perceptionGap ?? false,
  quotes: quotes.map((quote, i) => ({ id: `c${i}`, at: `2026-11-${17 + (i % 5)}T10:00:00.000Z`, quote })),
});

describe('buildDigest subject', () => {
  it.each([
    [3, 2, 0, 'Examplo Help Desk: 3 promises broken, 2 at risk — week 47'],
    [1, 0, 0, 'Examplo Help Desk: 1 promise broken — week 47'],
    [0, 2, 0, 'Examplo Help Desk: 2 promises at risk — week 47'],
    [0, 0, 2, 'Examplo Help Desk: No promises broken: 2 promises kept — week 47'],
  ])('states %i broken, %i at risk, %i kept in the headline', (broken, atRisk, kept, subject) => {
    const verdicts = [
      // Each with its own figures: promises graded on the same figures are one promise to a reader.
      ...Array.from({ length: broken }, (_, i) =>
        verdict(`b${i}`, { promise: { quote: `Broken ${i}` }, delivery: { samples: 100 + i } }),
      ),
      ...Array.from({ length: atRisk }, (_, i) =>
        verdict(`r${i}`, {
          status: 'at_risk',
          promise: { quote: `At risk ${i}` },
          delivery: { attainment: 99.5, errorBudgetLeft: 10, samples: 200 + i },
        }),
      ),
      ...Array.from({ length: kept }, (_, i) =>
        verdict(`k${i}`, {
          status: 'kept',
          promise: { quote: `Kept ${i}` },
          delivery: { attainment: 100, samples: 300 + i },
        }),
      ),
    ];
    const digest = buildDigest(input({ verdicts }));
    expect(digest.subject).toBe(subject);
    expect(digest.counts).toMatchObject({ broken, atRisk, kept });
    expect(htmlText(digest.html)).toContain(subject.split(': ')[1]?.split(' — ')[0]);
  });

  it('keeps the subject on one line even when the company name carries a line break', () => {
    const digest = buildDigest(
      input({ company: 'Evil\r\nBcc: someone@example.test', verdicts: [verdict('a')] }),
    );
    expect(digest.subject).not.toMatch(/[\r\n]/);
  });
});

describe('broken promises', () => {
  it('lists the promise with the biggest gap between target and delivery first', () => {
    const verdicts = [
      verdict('small', { promise: { quote: 'Small gap promise' }, delivery: { attainment: 90 } }),
      verdict('large', { promise: { quote: 'Large gap promise' }, delivery: { attainment: 40 } }),
      verdict('medium', { promise: { quote: 'Medium gap promise' }, delivery: { attainment: 70 } }),
    ];
    const { text, html } = buildDigest(input({ verdicts }));
    for (const body of [text, htmlText(html)]) {
      const order = ['Large gap promise', 'Medium gap promise', 'Small gap promise'].map((q) =>
        body.indexOf(q),
      );
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(order[0]).toBeGreaterThan(-1);
    }
  });

  it('says what was promised and what was measured, in plain sentences built from the figures', () => {
    const { text, html } = buildDigest(input({ verdicts: [verdict('a')] }));
    for (const body of [text, htmlText(html)]) {
      expect(body).toContain('Promised within 1 hour');
      expect(body).toContain(
        'Measured 78% of 1,204 Pro tickets answered within 1 hour; median 36 min, p90 2.4 h, slowest 9 h',
      );
    }
  });

  it('merges statements graded on the same figures into one item that lists the other wordings', () => {
    const verdicts = [
      verdict('a', { promise: { quote: 'Pro tickets get a first reply within 1 hour.' } }),
      verdict('b', {
        promise: {
          quote: 'Pro plan: replies within one hour',
          sourceUrl: 'https://help.example.test/pricing',
        },
      }),
    ];
    const { text, html, counts } = buildDigest(input({ verdicts }));
    expect(counts.broken).toBe(1);
    for (const body of [text, htmlText(html)]) {
      expect(body).toContain('Also stated as: “Pro plan: replies within one hour”');
    }
  });

  it('states a promise found on two pages once, naming both pages', () => {
    const verdicts = [
      verdict('a', { promise: { sourceUrl: 'https://help.example.test/' } }),
      verdict('b', { promise: { sourceUrl: 'https://help.example.test/index.html' } }),
    ];
    const { text, html, counts } = buildDigest(input({ verdicts }));
    expect(counts.broken).toBe(1);
    expect(text).toContain('Also stated on: https://help.example.test/index.html');
    expect(htmlText(html)).toContain('Also stated on: help.example.test/index.html');
  });

  it('writes "not known" for a percentile the verdict does not have, instead of guessing', () => {
    const { text } = buildDigest(input({ verdicts: [verdict('a', { delivery: { p90: null, max: null } })] }));
    expect(text).toContain('p90 not known, slowest not known');
  });

  it.each([
    [{ trend: { previousAttainment: 84.5, delta: -6.3 } }, [], 'down 6 points from 84% last week'],
    // 78.2 and 85.9 each shown rounded down (78%, 85%): the words follow the figures shown, not 7.7.
    [{ trend: { previousAttainment: 85.9, delta: -7.7 } }, [], 'down 7 points from 85% last week'],
    [
      {},
      [verdict('a', { window: W46, status: 'kept', delivery: { attainment: 77 } })],
      'up 1 point from 77% last week',
    ],
    [{}, [], 'no figure for last week'],
  ] as const)('shows the trend against last week (%#)', (over, previous, expected) => {
    const { text } = buildDigest(input({ verdicts: [verdict('a', over)], previous: [...previous] }));
    expect(text).toContain(expected);
  });

  it('says when a promise has been broken several weeks running, from its history', () => {
    const weeks = ['2026-W44', '2026-W45', '2026-W46'] as const;
    const history = new Map([
      [
        'a',
        weeks.map((id, i) =>
          verdict('a', {
            window: { id, start: `2026-11-0${2 + i}T00:00:00.000Z`, end: `2026-11-0${3 + i}T00:00:00.000Z` },
            status: i === 0 ? 'kept' : 'breached',
            delivery: { attainment: 96 - i * 5 },
          }),
        ),
      ],
    ]);
    const { text } = buildDigest(input({ verdicts: [verdict('a')], history }));
    expect(text).toContain('broken 3 weeks running');
    expect(text).toContain('Last 4 weeks: W44 96%, W45 91%, W46 86%, W47 78%');
  });

  it('quotes at most two complaints, the concrete ones first (the rest are on the dashboard)', () => {
    const quotes = [
      'meh',
      'Waited 3 days for a first answer',
      'no reply at all, again',
      'Two hours on hold, 45 minutes more later',
      'bad',
    ];
    const { text } = buildDigest(input({ verdicts: [verdict('a', { complaints: complaints(quotes) })] }));
    expect(text).toContain('Customers: 7 of 12 matching complaints allege a breach');
    const quoted = text.split('\n').filter((l) => l.trim().startsWith('- “'));
    expect(quoted).toHaveLength(2);
    expect(quoted[0]).toContain('Two hours on hold, 45 minutes more later');
    expect(quoted[1]).toContain('Waited 3 days for a first answer');
  });

  it.each([
    [94.96, 95, '94%'],
    [99.949, 99.95, '99.94%'],
    [99.96, 99.95, '99.96%'],
    [95, 95, '95%'],
  ])(
    'shows attainment %s against target %s as %s: rounded down, never across the target',
    (attainment, target, shown) => {
      const { text } = buildDigest(input({ verdicts: [verdict('a', { delivery: { attainment, target } })] }));
      expect(text).toContain(`Measured ${shown} of 1,204 Pro tickets`);
    },
  );

  it('offers a truthful rewording from the measured p95, rounded up to whole business days, saying how', () => {
    const v = verdict('a', {
      promise: { unit: 'business_hours', threshold: 1 },
      delivery: { unit: 'business_hours', p95: 8.75, attainment: 78.2 },
    });
    const { text, html } = buildDigest(input({ verdicts: [v], businessDayHours: 9 }));
    for (const body of [text, htmlText(html)]) {
      expect(body).toContain(
        '“95% of Pro tickets answered within 1 business day” (p95 8.75 business hours, rounded up to the next whole business day)',
      );
      expect(body).toContain('“75% of Pro tickets answered within 1 business hour”');
    }
  });

  it('states the error budget in words: used up, and by how much', () => {
    const v = verdict('a', {
      delivery: {
        target: 95,
        attainment: 78,
        samples: 100,
        breaches: 22,
        errorBudgetLeft: -340,
        burnRate: 4.4,
      },
    });
    const { text } = buildDigest(input({ verdicts: [v] }));
    expect(text).toContain('Budget: budget used up: 22 of 100 missed, 4.4× the 5% the target allows');
    expect(text).not.toMatch(/-\d+ ?%/);
  });
});

describe('the other sections', () => {
  it('lists a promise the figures say is kept but customers dispute as a perception gap', () => {
    const v = verdict('p', {
      status: 'kept',
      promise: { quote: 'Orders ship within 2 days.', category: 'delivery_time', threshold: 2, unit: 'days' },
      delivery: { attainment: 99, unit: 'days', target: 95 },
      complaints: complaints(['Package took 9 days to arrive'], {
        matched: 10,
        allegingBreach: 6,
        perceptionGap: true,
      }),
    });
    const digest = buildDigest(input({ verdicts: [v] }));
    expect(digest.counts.perceptionGaps).toBe(1);
    const section = digest.text.slice(
      digest.text.indexOf('PERCEPTION GAPS'),
      digest.text.indexOf('NO METRIC'),
    );
    expect(section).toContain('Orders ship within 2 days.');
    expect(section).toContain('6 of 10 matching complaints allege a breach');
    expect(section).toContain('Package took 9 days to arrive');
  });

  it('colours an unmeasured card as an alarm only when its complaints allege a breach', () => {
    const unmeasured = (id: string, alleging: number) =>
      verdict(id, {
        status: 'no_data',
        delivery: null,
        promise: { quote: `Promise ${id} ships in 3 days.` },
        complaints: complaints(['Where is my parcel'], { matched: 10, allegingBreach: alleging }),
      });
    const { html } = buildDigest(input({ verdicts: [unmeasured('calm', 0), unmeasured('loud', 4)] }));
    const $ = load(html);
    const border = (quote: string) =>
      $('table[style*="border-left-color"]')
        .filter((_, t) => $(t).text().includes(quote))
        .attr('style');
    expect(border('Promise calm')).toContain('border-left-color:#475467');
    expect(border('Promise loud')).toContain('border-left-color:#c4320a');
  });

  it('explains why a promise could not be judged: no metric, or too few samples', () => {
    const verdicts = [
      verdict('none', {
        status: 'no_data',
        delivery: null,
        promise: { quote: 'Refunds in 5 business days.' },
      }),
      verdict('few', {
        status: 'no_data',
        delivery: { samples: 7 },
        promise: { quote: 'Chat answered in 2 minutes.' },
      }),
    ];
    const { text, counts } = buildDigest(input({ verdicts }));
    expect(counts).toMatchObject({ noData: 2, unmeasured: 1 });
    expect(text).toContain('no metric backs this promise');
    expect(text).toContain('only 7 measurements this window; at least 20 are needed to judge');
  });

  it('shows promises added, changed ("1 hour" → "4 hours") and removed on the site', () => {
    const base = {
      id: 'p1',
      sourceUrl: 'https://help.example.test/sla',
      sourceKind: 'sla' as const,
      meaningHash: 'h',
      firstSeen: '2026-11-17T00:00:00.000Z',
      lastSeen: '2026-11-20T00:00:00.000Z',
      category: 'response_time' as const,
      metric: 'first_reply',
      operator: '<=' as const,
      threshold: 4,
      unit: 'hours' as const,
      qualifiers: {},
      confidence: 0.9,
    };
    const version = (n: number, threshold: number, quote: string) => ({
      promiseId: 'p1',
      version: n,
      quote,
      operator: '<=' as const,
      threshold,
      unit: 'hours' as const,
      qualifiers: {},
      validFrom: '2026-11-01T00:00:00.000Z',
    });
    const digest = buildDigest(
      input({
        changes: [
          {
            kind: 'added',
            promise: {
              ...base,
              quote: 'Phone support answers in 10 minutes.',
              threshold: 10,
              unit: 'minutes',
            },
          },
          {
            kind: 'changed',
            promise: { ...base, quote: 'We reply within 4 hours.' },
            before: version(1, 1, 'We reply within 1 hour.'),
            after: version(2, 4, 'We reply within 4 hours.'),
          },
          {
            kind: 'removed',
            promise: { ...base, quote: 'Weekend support within 1 day.', threshold: 1, unit: 'days' },
          },
        ],
      }),
    );
    expect(digest.counts).toMatchObject({ added: 1, changed: 1, removed: 1 });
    for (const body of [digest.text, htmlText(digest.html)]) {
      expect(body).toContain('“1 hour” → “4 hours”');
      expect(body).toContain('Phone support answers in 10 minutes.');
      expect(body).toContain('Weekend support within 1 day.');
    }
  });

  it('lists unmeasurable claims with the reason and the page', () => {
    const { text, counts } = buildDigest(
      input({
        claims: [
          { sourceUrl: 'https://example.test/', claims: [{ quote: 'Blazing support', reason: 'no figure' }] },
        ],
      }),
    );
    expect(counts.claims).toBe(1);
    expect(text).toContain('- “Blazing support”\n   no figure\n   https://example.test/');
  });

  it('summarises the accounting rules in three lines and links to the full text on the dashboard', () => {
    const { text, html } = buildDigest(
      input({
        verdicts: [verdict('a')],
        rulesVersion: 'abc123def456',
        atRiskBudgetSpent: 75,
        dashboardUrl: 'https://promises.example.test/',
      }),
    );
    for (const body of [text, htmlText(html)]) {
      expect(body).toContain('2026-W47, 16 Nov – 22 Nov 2026 (UTC)');
      expect(body).toContain('Business hours and business days count opening hours only: Europe/Berlin');
      expect(body).toContain('more than 75% of the error budget spent');
      expect(body).toContain('fewer than 20 measurements is reported as not measured');
      expect(body).toContain('at least 20% of matched complaints, and at least 3, allege a breach');
      expect(body).not.toContain('kept when the share within the threshold reaches the target');
    }
    expect(text).toContain(
      'Full rules (version abc123def456): https://promises.example.test/rules?version=abc123def456',
    );
    expect(load(html)('a:contains("Full rules")').attr('href')).toBe(
      'https://promises.example.test/rules?version=abc123def456',
    );
  });

  it('links every item to its page on the dashboard', () => {
    const { text, html } = buildDigest(
      input({
        verdicts: [
          verdict('a'),
          verdict('n', { status: 'no_data', delivery: null, promise: { quote: 'Refunds within 5 days.' } }),
        ],
        dashboardUrl: 'https://promises.example.test',
      }),
    );
    const $ = load(html);
    const hrefs = $('a')
      .map((_, a) => $(a).attr('href'))
      .get();
    expect(hrefs).toContain('https://promises.example.test/promises/a?window=2026-W47');
    expect(hrefs).toContain('https://promises.example.test/promises/n?window=2026-W47');
    expect(text).toContain('Details: https://promises.example.test/promises/a?window=2026-W47');
  });
});

describe('hostile text from pages and complaints', () => {
  const hostile = '<script>alert(1)</script><img src="https://tracker.example/x.png" onerror="alert(2)">';
  const digest = buildDigest(
    input({
      company: 'Acme <b>"Corp"</b>',
      verdicts: [
        verdict('a', {
          promise: {
            quote: `Reply in 1 hour ${hostile}`,
            sourceUrl: 'javascript:alert(3)',
            qualifiers: { tier: '<i>Pro</i>' },
          },
          complaints: complaints([`They never answered ${hostile}`]),
        }),
      ],
      claims: [
        {
          sourceUrl: 'https://ok.example/"><script>x</script>',
          claims: [{ quote: hostile, reason: hostile }],
        },
      ],
    }),
  );

  it('is escaped in the HTML part: no script, no image, no event handler, no javascript: link', () => {
    expect(digest.html).not.toMatch(/<script|<img|href="javascript/i);
    expect(digest.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const $ = load(digest.html);
    expect($('script, img, iframe, object, link[rel="stylesheet"]').length).toBe(0);
    expect($('[src]').length).toBe(0);
    const handlers = $('*')
      .toArray()
      .flatMap((el) => Object.keys($(el).attr() ?? {}).filter((name) => name.startsWith('on')));
    expect(handlers).toEqual([]);
    $('a').each((_, a) => expect($(a).attr('href')).toMatch(/^https?:\/\//));
  });

  it('is shown as written in the plain-text part', () => {
    expect(digest.text).toContain(`They never answered ${hostile}`);
  });
});

describe('the HTML part', () => {
  const digest = buildDigest(
    input({
      verdicts: [
        verdict('a', { complaints: complaints(['Waited 3 days']) }),
        verdict('r', {
          status: 'at_risk',
          delivery: { attainment: 99.5, errorBudgetLeft: 12, burnRate: 1.4 },
        }),
      ],
      previous: [verdict('a', { window: W46, status: 'kept', delivery: delivery({ attainment: 90 }) })],
    }),
  );

  it('is table-based with CSS inlined and only the phone media query left in a style block', () => {
    const $ = load(digest.html);
    expect($('table').length).toBeGreaterThan(5);
    expect($('h1').attr('style')).toContain('font-size');
    const styles = $('style')
      .map((_, s) => $(s).text())
      .get()
      .join('');
    expect(styles.replace(/@media[\s\S]*\}\s*\}/, '').trim()).toBe('');
  });

  it('carries its styles on every element, so clients that drop style blocks still show them', () => {
    const $ = load(digest.html);
    for (const tag of ['p', 'td', 'h1', 'h2']) {
      $(tag).each((_, el) => expect($(el).attr('style')).toContain('font-family'));
    }
    $('.pad').each((_, el) => expect($(el).attr('style')).toContain('padding:18px 22px'));
    $('table[style*="border-left"]').each((_, el) =>
      expect($(el).attr('style')).toMatch(/border-left-color: ?#/),
    );
  });

  it('carries every fact of the plain-text part', () => {
    const html = htmlText(digest.html);
    const facts = digest.text
      .split('\n')
      .slice(1) // the subject, which mail clients show from the header
      .map((l) => l.trim())
      .filter((l) => l && !/^=+$/.test(l) && !/^[A-Z ]+$/.test(l) && !l.startsWith('Broken '))
      .map((l) =>
        l.replace(/^(\d+\.|-)\s+/, '').replace(/^(Page|Trend|Customers|Error budget|Truthful wording): /, ''),
      )
      .map((l) =>
        l
          .replace(/ \(from the measured .*\)$/, '')
          .replace(
            /^(Window|Calendar and time zone|Target rule|Perception gap rule|Minimum samples|Rounding|Evaluated): /,
            '',
          ),
      )
      .map((l) => l.replace(/\s+/g, ' '));
    for (const fact of facts) {
      const core = fact.replace(/ \(seen \d{4}-\d{2}-\d{2}\)$/, '').replace(/ \(\d{4}-\d{2}-\d{2}\)$/, '');
      expect(html, `HTML lacks: ${core}`).toContain(core.replace(/^https?:\/\//, ''));
    }
  });
});

describe('bad input', () => {
  it('names the verdict that belongs to another window', () => {
    const wrong = verdict('a', { window: W46 });
    expect(() => buildDigest(input({ verdicts: [verdict('ok'), wrong] }))).toThrow(DigestInputError);
    expect(() => buildDigest(input({ verdicts: [verdict('ok'), wrong] }))).toThrow(
      /verdicts\[1\]\.window\.id.*2026-W46/,
    );
  });

  it.each([0, -1, 2.5])('refuses minSamples %s', (minSamples) => {
    expect(() => buildDigest(input({ minSamples }))).toThrow(/minSamples/);
  });
});

describe('uptime figures that agree with themselves', () => {
  const uptime = verdict('u', {
    status: 'at_risk',
    promise: {
      quote: 'Enterprise: at least 99.95% monthly uptime.',
      category: 'uptime',
      operator: '>=',
      threshold: 99.95,
      unit: 'percent',
      qualifiers: { window: 'monthly', tier: 'Enterprise' },
    },
    delivery: {
      series: ['uptime{service=api}', 'uptime{service=dashboard}'],
      unit: 'percent',
      samples: 44,
      attainment: 99.9579,
      target: 99.95,
      p50: 99.99,
      max: 99.38,
      errorBudgetLeft: 38,
      burnRate: 0.84,
      worst: [{ value: 99.38, at: '2026-11-17T00:00:00.000Z' }],
    },
    trend: { previousAttainment: 99.9641, delta: -0.0062 },
  });
  const { text, html } = buildDigest(input({ verdicts: [uptime] }));

  it("shows the period's uptime, the promise, downtime used and left of the budget, and the worst day", () => {
    for (const body of [text, htmlText(html)]) {
      expect(body).toContain('Promised at least 99.95% monthly uptime');
      expect(body).toContain('99.957% uptime in November to date (44 daily samples across 2 services)');
      // 0.0421% of the 22 days measured, against 0.05% of November's 30 days.
      // One precision for all three, so used and left add up to the allowance as shown.
      expect(body).toContain("13.3 min of the month's 21.6 min downtime budget used, 8.3 min left");
      expect(body).toContain('worst day 99.38% on 17 Nov');
      expect(body).not.toMatch(/for 99\.95% of/);
      expect(body).not.toMatch(/max 99/);
    }
  });

  it('says the trend in words that agree with the two figures shown', () => {
    // 99.957% shown against 99.964%: the difference of the two figures a reader sees.
    expect(text).toContain('Trend: down 0.007 points from 99.964% last week');
    expect(text).not.toContain('unchanged');
  });
});
