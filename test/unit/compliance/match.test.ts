import { describe, expect, it } from 'vitest';
import {
  matchSeries,
  measurementPeriod,
  metricsForPromise,
  previousWindowOf,
  unitFactor,
} from '../../../packages/compliance/index.ts';
import type { Category, Operator, SeriesKey, Unit } from '../../../packages/core/index.ts';
import { monthWindow, weekWindow } from '../../../packages/core/index.ts';
import { calendar } from './helpers.ts';

const measure = (
  category: Category,
  operator: Operator,
  unit: Unit | null,
  threshold: number | null = 1,
) => ({
  category,
  operator,
  unit,
  threshold,
});

describe('which metric backs a promise', () => {
  it.each([
    [measure('response_time', '<=', 'hours'), 'first_response_time'],
    [measure('response_time', '<=', 'business_hours'), 'first_response_business_time'],
    [measure('response_time', '<=', 'business_days'), 'first_response_business_time'],
    [measure('resolution_time', '<=', 'days'), 'resolution_time'],
    [measure('resolution_time', '<=', 'business_days'), 'resolution_business_time'],
    [measure('uptime', '>=', 'percent', 99.9), 'uptime'],
    [measure('delivery_time', '<=', 'business_days'), 'delivery_time'],
    [measure('refund_guarantee', '<=', 'business_days'), 'refund_processing_time'],
  ])('%o is measured by %s', (promise, metric) => {
    expect(metricsForPromise(promise).map((m) => m.metric)).toEqual([metric]);
  });

  it.each([
    ['opening hours', measure('availability_hours', '>=', 'hours_per_week', 168)],
    ['a service credit', measure('credit_compensation', '==', 'percent', 10)],
    ['a money-back window', measure('refund_guarantee', '>=', 'days', 30)],
    ['a promise without a figure', measure('response_time', '<=', null, null)],
    ['another commitment', measure('other', '<=', 'days', 30)],
  ])('%s is unmeasured', (_name, promise) => {
    expect(metricsForPromise(promise)).toEqual([]);
  });

  it('takes the metric name from the configuration when it names one', () => {
    expect(
      metricsForPromise(measure('response_time', '<=', 'hours'), { response_time: 'First_Reply_Minutes' }),
    ).toEqual([{ metric: 'first_reply_minutes', unit: 'hours' }]);
  });
});

describe('which series back a promise', () => {
  const key = (dimensions: Record<string, string>): SeriesKey => ({
    metric: 'first_response_time',
    dimensions,
  });
  const available = [
    key({ tier: 'pro', priority: 'urgent', channel: 'web form' }),
    key({ tier: 'pro', priority: 'low', channel: 'email' }),
    key({ tier: 'enterprise', priority: 'urgent', channel: 'email' }),
    key({ tier: 'starter', priority: 'high', channel: 'phone call (incoming)' }),
  ];
  const ids = (found: SeriesKey[]) => found.map((s) => `${s.dimensions.tier}/${s.dimensions.priority}`);

  it.each([
    [{}, ['pro/urgent', 'pro/low', 'enterprise/urgent', 'starter/high']],
    [{ tier: 'Pro plan' }, ['pro/urgent', 'pro/low']],
    [{ severity: 'P1' }, ['pro/urgent', 'enterprise/urgent']],
    [{ severity: 'Severity 1 (Critical)', tier: 'Enterprise' }, ['enterprise/urgent']],
    [{ severity: 'high' }, ['starter/high']],
    [{ channel: 'e-mail' }, ['pro/low', 'enterprise/urgent']],
    [{ channel: 'phone' }, ['starter/high']],
    [{ tier: 'business' }, []],
  ])('qualifiers %o match %o', (qualifiers, expected) => {
    expect(ids(matchSeries({ qualifiers }, available))).toEqual(expected);
  });

  it('lets a series that does not record a qualifier count for it', () => {
    expect(matchSeries({ qualifiers: { region: 'EU' } }, [key({ tier: 'pro' })])).toHaveLength(1);
  });
});

describe('windows and units', () => {
  it('measures a monthly promise over the month to date that ends with the week', () => {
    const p = measurementPeriod('month', weekWindow('2026-W47'));
    expect(p.measured).toMatchObject({ start: '2026-11-01T00:00:00.000Z', end: '2026-11-23T00:00:00.000Z' });
    expect(p.period).toEqual(monthWindow('2026-11'));
    expect(measurementPeriod('quarter', weekWindow('2026-W47')).measured.start).toBe(
      '2026-10-01T00:00:00.000Z',
    );
    expect(measurementPeriod(null, weekWindow('2026-W47'))).toEqual({
      measured: weekWindow('2026-W47'),
      period: null,
      note: null,
    });
  });

  it.each([
    [weekWindow('2026-W01'), '2025-W52'],
    [monthWindow('2026-01'), '2025-12'],
  ])('finds the window before %o', (window, id) => {
    expect(previousWindowOf(window).id).toBe(id);
  });

  it.each([
    ['hours', 'minutes', 60],
    ['minutes', 'hours', 1 / 60],
    ['days', 'hours', 24],
    ['business_days', 'business_hours', 8],
    ['business_days', 'hours', null],
    ['percent', 'minutes', null],
  ] as const)('converts %s to %s by %s', (from, to, factor) => {
    expect(unitFactor(from, to, calendar)).toBe(factor);
  });
});

describe('free-text qualifiers', () => {
  const uptime = (service: string): SeriesKey => ({ metric: 'uptime', dimensions: { service } });
  it.each([
    [{ scope: 'payments API' }, ['api']],
    [{ scope: 'Monthly uptime commitment' }, ['api', 'dashboard']],
  ])('scope %o narrows to %o only when it names a recorded value', (qualifiers, expected) => {
    expect(
      matchSeries({ qualifiers }, [uptime('api'), uptime('dashboard')]).map((s) => s.dimensions.service),
    ).toEqual(expected);
  });
});
