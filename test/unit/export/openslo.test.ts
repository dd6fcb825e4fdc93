import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  dnsLabel,
  EVERY_CASE_TARGET,
  openSloYaml,
  periodStart,
  toOpenSlo,
} from '../../../packages/export/index.ts';
import { verdict } from './fixtures.ts';
import { openSloDocumentSchema, sloSchema } from './openslo-schema.ts';

const company = 'Ferngrove Tools, Inc.';

describe('toOpenSlo', () => {
  const verdicts = [
    verdict({ id: 'p_pro_reply', series: ['first_response_business_time{tier=pro}'] }),
    verdict({
      id: 'p_uptime',
      quote: '99.9% monthly uptime',
      category: 'uptime',
      operator: '>=',
      threshold: 99.9,
      unit: 'percent',
      qualifiers: { window: 'monthly' },
      series: ['uptime_percent{service=api}'],
    }),
    verdict({
      id: 'p_p1',
      quote: '95% of P1 tickets resolved within 8 hours',
      category: 'resolution_time',
      threshold: 8,
      unit: 'hours',
      qualifiers: { severity: 'P1', target: 95 },
      series: ['resolution_time{priority=p1}'],
      target: 95,
    }),
    verdict({
      id: 'p_phone',
      quote: '24/7 phone support',
      category: 'availability_hours',
      operator: '>=',
      threshold: 168,
      unit: 'hours_per_week',
      qualifiers: { channel: 'phone' },
    }),
    verdict({
      id: 'p_mean',
      quote: 'on average within 8 hours',
      threshold: 8,
      unit: 'hours',
      qualifiers: { statistic: 'mean' },
      series: ['first_response_time{}'],
    }),
    verdict({
      id: 'p_window',
      quote: '30-day money-back guarantee',
      category: 'refund_guarantee',
      operator: '>=',
      threshold: 30,
      unit: 'days',
      qualifiers: {},
    }),
  ];
  const out = toOpenSlo({ company, timezone: 'America/New_York', verdicts });

  it('writes one Service and one SLO per measurable commitment, each valid OpenSLO v1', () => {
    expect(out.documents.map((d) => d.kind)).toEqual(['Service', 'SLO', 'SLO', 'SLO']);
    for (const doc of out.documents) expect(openSloDocumentSchema.safeParse(doc).error).toBeUndefined();
  });

  it('says why opening hours, a refund window and a mean promise are not exported', () => {
    expect(out.skipped.map((s) => [s.promiseId, s.reason])).toEqual([
      ['p_mean', expect.stringContaining('mean')],
      ['p_phone', expect.stringContaining('schedule')],
      ['p_window', expect.stringContaining('policy')],
    ]);
  });

  it('keeps the promise: threshold, operator, share and the series it is graded on', () => {
    const p1 = out.documents.find((d) => d.metadata.annotations?.['promisegap.dev/promise-id'] === 'p_p1');
    const slo = sloSchema.parse(p1);
    expect(slo.spec.objectives).toEqual([{ displayName: '<= 8 hours', op: 'lte', value: 8, target: 0.95 }]);
    expect(slo.spec.indicator?.spec.thresholdMetric?.metricSource.spec).toMatchObject({
      metric: 'resolution_time',
      series: [{ metric: 'resolution_time', dimensions: { priority: 'p1' } }],
    });
    expect(slo.metadata.labels).toMatchObject({ category: 'resolution-time', severity: 'p1' });
  });

  it('writes a promise for every case with the nearest allowed target and keeps the promised 100 in an annotation', () => {
    const pro = sloSchema.parse(
      out.documents.find((d) => d.metadata.annotations?.['promisegap.dev/promise-id'] === 'p_pro_reply'),
    );
    expect(pro.spec.objectives[0]?.target).toBe(EVERY_CASE_TARGET);
    expect(pro.metadata.annotations?.['promisegap.dev/promised-target-percent']).toBe('100');
  });

  it('grades uptime as a percentage of the calendar month in the company zone', () => {
    const up = sloSchema.parse(
      out.documents.find((d) => d.metadata.annotations?.['promisegap.dev/promise-id'] === 'p_uptime'),
    );
    expect(up.spec.objectives).toEqual([{ displayName: 'at least 99.9 % available', targetPercent: 99.9 }]);
    expect(up.spec.timeWindow).toEqual([
      {
        duration: '1M',
        isRolling: false,
        calendar: { startTime: '2026-11-01 00:00:00', timeZone: 'America/New_York' },
      },
    ]);
    expect(up.spec.indicator?.spec.ratioMetric?.rawType).toBe('success');
  });

  it('round-trips through YAML as one stream of documents', () => {
    const docs = parseAllDocuments(openSloYaml(out.documents)).map((d) => d.toJS());
    expect(docs).toHaveLength(4);
    for (const doc of docs) expect(openSloDocumentSchema.safeParse(doc).error).toBeUndefined();
  });

  it('refuses two commitments that would share a name rather than overwrite one', () => {
    const twice = [verdict({ id: 'same', series: ['x{}'] }), verdict({ id: 'same', series: ['x{}'] })];
    expect(() => toOpenSlo({ company, timezone: 'UTC', verdicts: twice })).toThrow(/same SLO name/);
  });
});

describe('OpenSLO names and windows', () => {
  it.each([
    ['Ferngrove Tools, Inc.', 'ferngrove-tools-inc'],
    ['Ünïcode — Support', 'unicode-support'],
    ['---', 'x'],
    ['a'.repeat(80), 'a'.repeat(63)],
  ])('makes %j the DNS label %j', (text, label) => {
    expect(dnsLabel(text)).toBe(label);
  });

  it.each([
    ['2026-W47', 'week', '2026-11-16 00:00:00'],
    ['2026-W01', 'week', '2025-12-29 00:00:00'],
    ['2026-W47', 'month', '2026-11-01 00:00:00'],
    ['2026-W47', 'quarter', '2026-10-01 00:00:00'],
    ['2026-05', 'year', '2026-01-01 00:00:00'],
  ] as const)('starts the %s %s period at %s local time', (window, period, start) => {
    expect(periodStart(window, period)).toBe(start);
  });
});

describe('the OpenSLO schema used above', () => {
  it.each([
    ['an upper-case name', { metadata: { name: 'Pro-Reply' } }],
    ['a target of 1', { spec: { objectives: [{ op: 'lte', value: 2, target: 1 }] } }],
    ['no indicator', { spec: { indicator: undefined } }],
    [
      'a zone-stamped start time',
      {
        spec: {
          timeWindow: [{ duration: '1w', calendar: { startTime: '2026-11-16T00:00:00Z', timeZone: 'UTC' } }],
        },
      },
    ],
  ])('rejects an SLO with %s', (_label, change) => {
    const good = toOpenSlo({ company, timezone: 'UTC', verdicts: [verdict({ id: 'p1', series: ['x{}'] })] })
      .documents[1];
    const bad = structuredClone(good) as unknown as Record<string, Record<string, unknown>>;
    for (const [part, fields] of Object.entries(change)) Object.assign(bad[part] as object, fields);
    expect(sloSchema.safeParse(good).success).toBe(true);
    expect(sloSchema.safeParse(bad).success).toBe(false);
  });
});
