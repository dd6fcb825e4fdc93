// The verdicts an alert check reads: the running week (or month, quarter, year to date) and, for
// the burn rates, rolling lookbacks scaled to each promise's own period. None of them is stored.

import { isoWeekId, type Verdict, type Window, weekWindow } from '../core/index.ts';
import type { DetectionInput } from './detect.ts';
import { type AlertRules, periodDays, scaledLookbackMs } from './rules.ts';

export type EvaluateOver = (window: Window, options: { periodToDate: boolean }) => Promise<Verdict[]>;

export interface GatherDeps {
  evaluate: EvaluateOver;
  now: () => Date;
  timezone: string;
  rules: AlertRules;
}

const HOUR_MS = 3_600_000;

/** The lookback windows for one period length: fast and slow, each long and short. */
const lookbacks = (days: number, rules: AlertRules, end: Date) => {
  const word = days === 30 ? 'monthly' : days === 91 ? 'quarterly' : days === 365 ? 'yearly' : 'weekly';
  const window = (ms: number): Window => {
    const hours = Math.max(1, Math.round(ms / HOUR_MS));
    return {
      id: `rolling-${hours}h-${end.toISOString()}`,
      start: new Date(end.getTime() - hours * HOUR_MS).toISOString(),
      end: end.toISOString(),
    };
  };
  const fast = scaledLookbackMs(rules.fast.lookbackDays, rules, word);
  const slow = scaledLookbackMs(rules.slow.lookbackDays, rules, word);
  return {
    fastLong: window(fast),
    fastShort: window(fast / rules.shortWindowDivisor),
    slowLong: window(slow),
    slowShort: window(slow / rules.shortWindowDivisor),
  };
};

const hoursOf = (w: Window) => Math.round((Date.parse(w.end) - Date.parse(w.start)) / HOUR_MS);

export const gatherDetectionInput = async (
  deps: GatherDeps,
): Promise<{ input: DetectionInput; running: Window }> => {
  const now = deps.now();
  // The week so far, up to now: a promise with its own month or quarter is graded on that period
  // to date. Its id is not a week's, so it is read as the range it is, never as the whole week.
  const week = weekWindow(isoWeekId(now, deps.timezone), deps.timezone);
  const running: Window = { ...week, id: `${week.id}-to-date`, end: now.toISOString() };
  const runningVerdicts = await deps.evaluate(running, { periodToDate: true });
  const byDays = new Map<number, string[]>();
  for (const v of runningVerdicts) {
    const days = periodDays(v.promise.qualifiers.window);
    byDays.set(days, [...(byDays.get(days) ?? []), v.promiseId]);
  }
  const maps = {
    fastLong: new Map<string, Verdict>(),
    fastShort: new Map<string, Verdict>(),
    slowLong: new Map<string, Verdict>(),
    slowShort: new Map<string, Verdict>(),
  };
  const hours = { fast: new Map<string, number>(), slow: new Map<string, number>() };
  // Evaluations of the same window are shared between period lengths.
  const evaluated = new Map<string, Promise<Verdict[]>>();
  const evaluate = (w: Window) => {
    let hit = evaluated.get(w.id);
    if (!hit) {
      hit = deps.evaluate(w, { periodToDate: false });
      evaluated.set(w.id, hit);
    }
    return hit;
  };
  for (const [days, ids] of [...byDays].sort((a, b) => a[0] - b[0])) {
    const windows = lookbacks(days, deps.rules, now);
    const wanted = new Set(ids);
    for (const name of ['fastLong', 'fastShort', 'slowLong', 'slowShort'] as const) {
      for (const v of await evaluate(windows[name]))
        if (wanted.has(v.promiseId)) maps[name].set(v.promiseId, v);
    }
    for (const id of ids) {
      hours.fast.set(id, hoursOf(windows.fastLong));
      hours.slow.set(id, hoursOf(windows.slowLong));
    }
  }
  return {
    running,
    input: {
      running: new Map(runningVerdicts.map((v) => [v.promiseId, v])),
      fast: { long: maps.fastLong, short: maps.fastShort, lookbackHours: (id) => hours.fast.get(id) ?? 24 },
      slow: { long: maps.slowLong, short: maps.slowShort, lookbackHours: (id) => hours.slow.get(id) ?? 168 },
      rules: deps.rules,
    },
  };
};
