// A truthful rewording for a broken promise, drawn from what was measured: a percentile rounded UP to a
// figure people write in copy, or the promised figure with the share that was actually met (rounded
// DOWN). Either way the new sentence never claims better than the week's figures show.

import type { Unit, Verdict } from '../core/index.ts';
import {
  casesPhrase,
  categoryWords,
  formatDecimal,
  formatQuantity,
  promisedPhrase,
  sharePhrase,
} from './format.ts';

export interface Rewording {
  /** "95% of Pro tickets answered within 6 business hours"; null when the figures cannot support one. */
  statement: string | null;
  /** Keeps the promised figure and states the share met: "75% of Pro tickets answered within 1 hour". */
  alternative: string | null;
  /** Which measured figure the statement rests on, e.g. "p95 5.2 business hours". */
  basis: string;
  /** The share and bound used, for checks and the API: the bound is never below the measured one. */
  share: number | null;
  bound: { value: number; unit: Unit } | null;
}

const MINUTE_STEPS = [5, 10, 15, 20, 30, 45, 60];
// Past a day, copy speaks in days: "within 3 days" rather than "within 72 hours".
const HOUR_STEPS = [1, 2, 3, 4, 6, 8, 12, 24];
const BUSINESS_HOUR_STEPS = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 40];

const firstStepAtLeast = (value: number, steps: number[]): number | undefined =>
  steps.find((s) => s >= value - 1e-9);

/**
 * The smallest figure people write in copy that is at least `value`: 52 min → 60 min... → "1 hour";
 * 5.2 business hours → 6; 2.1 days → 3 days. Returns the value in a possibly coarser unit.
 */
export const roundUpToCopy = (value: number, unit: Unit): { value: number; unit: Unit } => {
  const v = Math.max(value, 0);
  switch (unit) {
    case 'minutes': {
      if (v <= 60) return { value: firstStepAtLeast(v, MINUTE_STEPS) ?? 60, unit: 'minutes' };
      return roundUpToCopy(v / 60, 'hours');
    }
    case 'hours': {
      if (v < 1) {
        const minutes = firstStepAtLeast(v * 60, MINUTE_STEPS) ?? 60;
        return minutes === 60 ? { value: 1, unit: 'hours' } : { value: minutes, unit: 'minutes' };
      }
      const step = firstStepAtLeast(v, HOUR_STEPS);
      return step === undefined ? { value: Math.ceil(v / 24 - 1e-9), unit: 'days' } : { value: step, unit };
    }
    case 'business_hours': {
      const step = firstStepAtLeast(v, BUSINESS_HOUR_STEPS);
      return { value: step ?? Math.ceil(v - 1e-9), unit };
    }
    case 'days':
    case 'business_days':
      return { value: Math.max(1, Math.ceil(v - 1e-9)), unit };
    default:
      return { value: Math.ceil(v - 1e-9), unit };
  }
};

/** Minutes in a calendar-time unit, to check a bound against a measured figure across units. */
const CALENDAR_MINUTES: Partial<Record<Unit, number>> = { minutes: 1, hours: 60, days: 1440 };

/** Whether `bound` (maybe in a coarser unit) is at least `value` in `unit`. */
export const boundCovers = (bound: { value: number; unit: Unit }, value: number, unit: Unit): boolean => {
  if (bound.unit === unit) return bound.value >= value - 1e-9;
  const a = CALENDAR_MINUTES[bound.unit];
  const b = CALENDAR_MINUTES[unit];
  return a !== undefined && b !== undefined && bound.value * a >= value * b - 1e-9;
};

const DURATION_UNITS = new Set<Unit>(['minutes', 'hours', 'business_hours', 'days', 'business_days']);

const none = (basis: string): Rewording => ({
  statement: null,
  alternative: null,
  basis,
  share: null,
  bound: null,
});

export const rewordPromise = (verdict: Verdict): Rewording => {
  const { promise, delivery } = verdict;
  if (!delivery || delivery.samples <= 0) return none('no measurements this window');
  const unit = delivery.unit ?? promise.unit;
  const cases = casesPhrase(promise.category, promise.qualifiers ?? {});
  const { verb } = categoryWords(promise.category);
  const floor5 = Math.floor(delivery.attainment / 5 + 1e-9) * 5;
  const alternative =
    promise.threshold !== null && floor5 >= 50 && Number.isFinite(delivery.attainment)
      ? sharePhrase([
          `${floor5}% of`,
          cases,
          verb,
          promisedPhrase(promise.operator, promise.threshold, promise.unit),
        ])
      : null;

  if (promise.operator !== '<=' || unit === null || !DURATION_UNITS.has(unit)) {
    // Only the upper tail is measured (p50/p90/p95), so a "no worse than" figure for an "at least"
    // promise would be a guess: offer the share that was met instead.
    return {
      statement: null,
      alternative,
      basis: 'the figures do not show the low end needed for a stricter figure',
      share: null,
      bound: null,
    };
  }
  const target = delivery.target;
  const percentiles: { share: number; value: number | null }[] = [
    { share: 95, value: delivery.p95 },
    { share: 90, value: delivery.p90 },
    { share: 50, value: delivery.p50 },
  ];
  const wantsMedian = promise.qualifiers?.statistic === 'median';
  const eligible = percentiles.filter(
    (p): p is { share: number; value: number } =>
      p.value !== null &&
      Number.isFinite(p.value) &&
      (wantsMedian ? p.share === 50 : p.share <= Math.max(target ?? 50, 50)),
  );
  const chosen = eligible[0];
  if (!chosen) return { ...none('no percentile was measured'), alternative };
  const bound = roundUpToCopy(chosen.value, unit);
  const basis = `p${chosen.share} ${formatDecimal(chosen.value, 2)} ${unit.replace('_', ' ')}`;
  const statement =
    chosen.share === 50
      ? sharePhrase(['Half of', cases, verb, 'within', formatQuantity(bound.value, bound.unit)])
      : sharePhrase([`${chosen.share}% of`, cases, verb, 'within', formatQuantity(bound.value, bound.unit)]);
  return { statement, alternative, basis, share: chosen.share, bound };
};
