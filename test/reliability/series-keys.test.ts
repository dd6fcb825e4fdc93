// Series ids are storage keys: two different series must never spell the same id, and series
// whose names and values hold no structural character keep the id they always had.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeSeriesPart, seriesId, unescapeSeriesPart } from '../../packages/rollups/index.ts';

const RUNS = 3000;
const hostileText = fc.string({
  unit: fc.constantFrom(
    'a',
    'b',
    'z',
    '0',
    '9',
    ',',
    '=',
    '{',
    '}',
    '%',
    '2',
    'C',
    'D',
    '|',
    ' ',
    '\u0000',
    'é',
  ),
  maxLength: 8,
});
const dims = fc.dictionary(
  hostileText.filter((k) => k.trim() !== ''),
  hostileText,
  { maxKeys: 4 },
);

/** What seriesId treats as the same series: keys and values trimmed and lower-cased, empty values dropped. */
const canonical = (metric: string, d: Record<string, string>) =>
  JSON.stringify([
    metric.trim().toLowerCase(),
    Object.entries(d)
      .map(([k, v]) => [k.trim().toLowerCase(), v.trim().toLowerCase()])
      .filter(([, v]) => v !== '')
      .sort(([a = ''], [b = '']) => (a < b ? -1 : a > b ? 1 : 0)),
  ]);

describe('series ids', () => {
  it('keeps {tier: gold, region: eu} and {region: "eu,tier=gold"} apart', () => {
    const a = seriesId('m', { tier: 'gold', region: 'eu' });
    const b = seriesId('m', { region: 'eu,tier=gold' });
    expect(a).toBe('m{region=eu,tier=gold}');
    expect(b).not.toBe(a);
    expect(seriesId('m', { 'a=b': 'c' })).not.toBe(seriesId('m', { a: 'b=c' }));
    expect(seriesId('m{a=b}', {})).not.toBe(seriesId('m', { a: 'b' }));
  });

  it('spells the ids of plain series as before, so stored series stay readable', () => {
    expect(seriesId('first_response_time', { Tier: 'Pro', priority: 'P1' })).toBe(
      'first_response_time{priority=p1,tier=pro}',
    );
    expect(seriesId('uptime', { service: 'api', note: '99.9% monthly' })).toBe(
      'uptime{note=99.9% monthly,service=api}',
    );
  });

  it(`never gives two different series the same id (${RUNS} pairs)`, () => {
    fc.assert(
      fc.property(hostileText, dims, hostileText, dims, (m1, d1, m2, d2) => {
        if (canonical(m1, d1) === canonical(m2, d2)) return;
        expect(seriesId(m1, d1)).not.toBe(seriesId(m2, d2));
      }),
      { numRuns: RUNS },
    );
  });

  it(`escapes any text reversibly and without structural characters (${RUNS} texts)`, () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const escaped = escapeSeriesPart(text);
        expect(unescapeSeriesPart(escaped)).toBe(text);
        expect([...escaped].some((c) => ',={}'.includes(c) || c.charCodeAt(0) < 0x20)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });
});
