// Builders for compliance tests: promises, and rollups made by the real rollup code.

import { createBusinessCalendar } from '../../../packages/calendar/index.ts';
import { DEFAULT_EVALUATION_RULES, type SeriesRollups } from '../../../packages/compliance/index.ts';
import type { MetricSample, Rollup, ServicePromise, Unit } from '../../../packages/core/index.ts';
import { weekWindow } from '../../../packages/core/index.ts';
import { hourOf, mergeIntoRollup } from '../../../packages/rollups/index.ts';

export const calendar = createBusinessCalendar({
  timezone: 'Europe/Berlin',
  hours: {
    mon: ['09:00', '17:00'],
    tue: ['09:00', '17:00'],
    wed: ['09:00', '17:00'],
    thu: ['09:00', '17:00'],
    fri: ['09:00', '17:00'],
    sat: null,
    sun: null,
  },
  holidays: [],
});

export const rules = { ...DEFAULT_EVALUATION_RULES };
export const week = weekWindow('2026-W47'); // 2026-11-16 .. 2026-11-23
export const evaluatedAt = new Date('2026-11-23T07:00:00Z');

export const promise = (overrides: Partial<ServicePromise> = {}): ServicePromise => ({
  id: 'prm_1',
  sourceUrl: 'https://example.test/support',
  sourceKind: 'support-plan',
  meaningHash: 'h',
  firstSeen: '2026-01-01T00:00:00.000Z',
  lastSeen: '2026-11-20T00:00:00.000Z',
  quote: 'We answer every ticket within 1 hour.',
  category: 'response_time',
  metric: 'first_response_time',
  operator: '<=',
  threshold: 1,
  unit: 'hours',
  qualifiers: {},
  confidence: 0.9,
  ...overrides,
});

/** Samples spread over the week's hours, one series. */
export const samples = (
  metric: string,
  unit: Unit,
  values: number[],
  dimensions: Record<string, string> = {},
  start = week.start,
  stepMinutes = 37,
): MetricSample[] =>
  values.map((value, i) => ({
    metric,
    unit,
    value,
    dimensions,
    at: new Date(new Date(start).getTime() + i * stepMinutes * 60_000).toISOString(),
    ref: `t${i}`,
  }));

export const rollupsOf = (list: MetricSample[]): Rollup[] => {
  const byHour = new Map<string, MetricSample[]>();
  for (const s of list) {
    const key = hourOf(s.at);
    byHour.set(key, [...(byHour.get(key) ?? []), s]);
  }
  return [...byHour.values()].map((group) => mergeIntoRollup(undefined, group));
};

export const series = (list: MetricSample[]): SeriesRollups[] => {
  const first = list[0];
  return first
    ? [{ key: { metric: first.metric, dimensions: first.dimensions }, rollups: rollupsOf(list) }]
    : [];
};

/** `ok` values at 30, then `late` values at 90 (minutes). */
export const minutes = (ok: number, late: number): number[] => [
  ...Array.from({ length: ok }, () => 30),
  ...Array.from({ length: late }, (_, i) => 90 + i),
];
