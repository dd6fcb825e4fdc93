import { describe, expect, it } from 'vitest';
import {
  burnRate,
  DEFAULT_ALERT_RULES,
  type DetectionInput,
  detectAlerts,
  scaledLookbackMs,
} from '../../../packages/alerts/index.ts';
import type { Verdict } from '../../../packages/core/index.ts';
import { verdict } from '../export/fixtures.ts';

const HOUR = 3_600_000;

/** A 95 %-of-tickets promise measured at `attainment` over `samples` tickets. */
const share = (
  attainment: number,
  status: Verdict['status'] = 'kept',
  samples = 200,
  allegingBreach = 0,
): Verdict => {
  const v = verdict({ id: 'p95', qualifiers: { target: 95 }, series: ['first_response_time{}'], target: 95 });
  v.status = status;
  if (v.delivery) Object.assign(v.delivery, { attainment, samples });
  v.complaints = { matched: allegingBreach, allegingBreach, quotes: [], perceptionGap: false };
  return v;
};

const input = (over: {
  running: Verdict;
  fastLong?: Verdict;
  fastShort?: Verdict;
  slowLong?: Verdict;
  slowShort?: Verdict;
}): DetectionInput => {
  const m = (v?: Verdict) => new Map(v ? [[v.promiseId, v]] : []);
  return {
    running: m(over.running),
    fast: { long: m(over.fastLong), short: m(over.fastShort), lookbackHours: () => 6 },
    slow: { long: m(over.slowLong), short: m(over.slowShort), lookbackHours: () => 39 },
    rules: DEFAULT_ALERT_RULES,
  };
};

describe('burn rates', () => {
  it.each([
    // 95 % target: 5 % of cases may miss. 30 % missed is 0.30 / 0.05 = 6 times an even spend.
    [70, 6],
    // 100 % met burns nothing.
    [100, 0],
    // 30 % met: 0.70 / 0.05 = 14, the fast threshold exactly.
    [30, 14],
  ])(
    'a promise for 95 in 100 cases, met for %d in 100, burns at %d times an even spend',
    (attainment, rate) => {
      expect(burnRate(share(attainment))).toBeCloseTo(rate, 9);
    },
  );

  it('has no rate for a promise that covers every case, nor for a window with no data', () => {
    const every = verdict({ id: 'all', series: ['x{}'] });
    expect(burnRate(every)).toBeNull();
    expect(burnRate(share(50, 'no_data'))).toBeNull();
  });

  it('reads uptime against the promised floor: 99.5 % against 99.9 % spends 0.5 / 0.1 = 5×', () => {
    const up = verdict({
      id: 'up',
      category: 'uptime',
      operator: '>=',
      threshold: 99.9,
      unit: 'percent',
      qualifiers: {},
      series: ['uptime{}'],
      target: 99.9,
    });
    if (up.delivery) up.delivery.attainment = 99.5;
    expect(burnRate(up)).toBeCloseTo(5, 9);
  });

  it.each([
    // 1 day of a 30-day month → 1 day; of a week → 7/30 of a day = 5.6 h → rounds to 6 h.
    [1, 'monthly', 24],
    [1, undefined, 6],
    // 7 days of a month → 7 days; of a week → 49/30 days = 39.2 h → 39 h.
    [7, 'monthly', 168],
    [7, 'weekly', 39],
  ])('scales a %d-day lookback to %s promises as %d hours', (days, window, hours) => {
    expect(scaledLookbackMs(days, DEFAULT_ALERT_RULES, window)).toBe(hours * HOUR);
  });
});

describe('detectAlerts', () => {
  it('raises a breach when the period so far is broken, and no burn alert beside it', () => {
    const running = share(80, 'breached');
    const out = detectAlerts(input({ running, fastLong: share(0), fastShort: share(0) }));
    expect(out.map((a) => a.condition)).toEqual(['breached']);
  });

  it('raises a fast burn only when the long and the short window both burn at 14× or more', () => {
    const running = share(96);
    expect(
      detectAlerts(input({ running, fastLong: share(30), fastShort: share(20) })).map((a) => a.condition),
    ).toEqual(['fast_burn']);
    // The short window has recovered (a fix landed): no alert.
    expect(detectAlerts(input({ running, fastLong: share(30), fastShort: share(99) }))).toEqual([]);
  });

  it('raises a slow burn at 3× when the fast pair is quiet', () => {
    const running = share(96);
    // 0.20 / 0.05 = 4× over the slow pair; 4× is below the fast 14×.
    const out = detectAlerts(
      input({
        running,
        fastLong: share(80),
        fastShort: share(80),
        slowLong: share(80),
        slowShort: share(80),
      }),
    );
    expect(out.map((a) => [a.condition, a.figures.burnRate])).toEqual([['slow_burn', 4]]);
  });

  it('raises a complaints jump when the last hours hold far more breach complaints than the hours before', () => {
    const running = share(99);
    // 4 complaints in 6 h (0.67/h) against 1 in the 33 h before (0.03/h): a jump.
    const out = detectAlerts(
      input({ running, fastLong: share(99, 'kept', 200, 4), slowLong: share(99, 'kept', 200, 5) }),
    );
    expect(out.map((a) => a.condition)).toEqual(['complaints_jump']);
    // 4 in 6 h against 30 in the 33 h before (0.91/h) is no jump.
    expect(
      detectAlerts(
        input({ running, fastLong: share(99, 'kept', 200, 4), slowLong: share(99, 'kept', 200, 34) }),
      ),
    ).toEqual([]);
  });
});
