// A truthful rewording for a broken promise, drawn from what was measured and worded in the units
// customers read: a percentile rounded UP to a figure people write in copy ("2 business days", "within a
// day"), with the rounding stated, or the promised figure with the share that was actually met (rounded
// DOWN). It describes the measured event (dispatch, first reply, uptime), never more than the data shows.

import type { Unit } from '../core/index.ts';
import type { DigestVerdict } from './content.ts';
import {
  casesPhrase,
  formatDecimal,
  formatQuantity,
  formatShare,
  promisedPhrase,
  sharePhrase,
} from './format.ts';
import { measureOf, promiseIsAbout } from './measures.ts';

export interface Rewording {
  /** "95% of Pro tickets answered within 1 business day"; null when the figures cannot support one. */
  statement: string | null;
  /** Keeps the promised figure and states the share met: "75% of Pro tickets answered within 1 hour". */
  alternative: string | null;
  /** The measured figure and the stated cushion: "p95 8.75 business hours, rounded up to the next whole business day". */
  basis: string;
  /** The share and bound used, for checks and the API: the bound is never below the measured one. */
  share: number | null;
  bound: { value: number; unit: Unit } | null;
}

export interface CopyFigure {
  value: number;
  unit: Unit;
  /** How the measured figure was rounded: "rounded up to the next whole business day". */
  rounding: string;
}

const DEFAULT_BUSINESS_DAY_HOURS = 8;
// Percentiles come from sketches accurate to within 1% of the value: the bound covers that too.
const SKETCH_CUSHION = 1.01;
const EPSILON = 1e-9;

const ceil = (v: number): number => Math.max(1, Math.ceil(v - EPSILON));

const minutesCopy = (minutes: number): CopyFigure => {
  if (minutes <= 20) {
    return {
      value: Math.max(5, Math.ceil(minutes / 5 - EPSILON) * 5),
      unit: 'minutes',
      rounding: 'rounded up to the next 5 minutes',
    };
  }
  const quarter = Math.ceil(minutes / 15 - EPSILON) * 15;
  return quarter >= 60
    ? { value: 1, unit: 'hours', rounding: 'rounded up to the next quarter hour' }
    : { value: quarter, unit: 'minutes', rounding: 'rounded up to the next quarter hour' };
};

/**
 * The smallest figure people write in copy that is at least `value` (in `unit`): 52 min → 1 hour;
 * 20.1 hours → a day; 8.75 business hours (9-hour business days) → 1 business day; 2.1 days → 3 days.
 */
export const roundUpToCopy = (
  value: number,
  unit: Unit,
  businessDayHours: number = DEFAULT_BUSINESS_DAY_HOURS,
): CopyFigure => {
  const v = Math.max(value, 0);
  switch (unit) {
    case 'minutes':
      return v <= 60 ? minutesCopy(v) : roundUpToCopy(v / 60, 'hours', businessDayHours);
    case 'hours':
      if (v < 1) return minutesCopy(v * 60);
      if (v <= 12) return { value: ceil(v), unit: 'hours', rounding: 'rounded up to the next whole hour' };
      if (v <= 24) return { value: 1, unit: 'days', rounding: 'rounded up to a day' };
      return { value: ceil(v / 24), unit: 'days', rounding: 'rounded up to the next whole day' };
    case 'business_hours': {
      const day = businessDayHours > 0 ? businessDayHours : DEFAULT_BUSINESS_DAY_HOURS;
      // Past half a business day, copy speaks in business days: "2 business days", not "12 business hours".
      if (v <= Math.min(4, day / 2)) {
        return {
          value: ceil(v),
          unit: 'business_hours',
          rounding: 'rounded up to the next whole business hour',
        };
      }
      return {
        value: ceil(v / day),
        unit: 'business_days',
        rounding: 'rounded up to the next whole business day',
      };
    }
    case 'days':
      return { value: ceil(v), unit: 'days', rounding: 'rounded up to the next whole day' };
    case 'business_days':
      return { value: ceil(v), unit: 'business_days', rounding: 'rounded up to the next whole business day' };
    default:
      return { value: Math.ceil(v - EPSILON), unit, rounding: 'rounded up' };
  }
};

/** A copy figure as a customer reads it: "within a day", "within 2 business days", "within 45 minutes". */
export const withinPhrase = (bound: { value: number; unit: Unit }): string =>
  bound.unit === 'days' && bound.value === 1 ? 'within a day' : promisedPhrase('<=', bound.value, bound.unit);

/** Minutes in a calendar-time unit, to check a bound against a measured figure across units. */
const CALENDAR_MINUTES: Partial<Record<Unit, number>> = { minutes: 1, hours: 60, days: 1440 };

/** Whether `bound` (maybe in a coarser unit) is at least `value` in `unit`. */
export const boundCovers = (
  bound: { value: number; unit: Unit },
  value: number,
  unit: Unit,
  businessDayHours: number = DEFAULT_BUSINESS_DAY_HOURS,
): boolean => {
  if (bound.unit === unit) return bound.value >= value - EPSILON;
  if (bound.unit === 'business_days' && unit === 'business_hours') {
    return bound.value * businessDayHours >= value - EPSILON;
  }
  const a = CALENDAR_MINUTES[bound.unit];
  const b = CALENDAR_MINUTES[unit];
  return a !== undefined && b !== undefined && bound.value * a >= value * b - EPSILON;
};

const DURATION_UNITS = new Set<Unit>(['minutes', 'hours', 'business_hours', 'days', 'business_days']);

const none = (basis: string, alternative: string | null = null): Rewording => ({
  statement: null,
  alternative,
  basis,
  share: null,
  bound: null,
});

const floorTo = (value: number, digits: number): number =>
  Math.floor(value * 10 ** digits + EPSILON) / 10 ** digits;

/** For uptime: the period's measured uptime, rounded down to the promise's precision. */
const uptimeRewording = (verdict: DigestVerdict): Rewording => {
  const { promise, delivery } = verdict;
  if (!delivery) return none('no measurements this window');
  const digits = Math.min(3, (String(promise.threshold ?? '').split('.')[1] ?? '').length);
  const shown = floorTo(delivery.attainment, digits);
  const period = promise.qualifiers?.window ? `${promise.qualifiers.window} ` : '';
  return {
    statement: `at least ${formatDecimal(shown, digits)}% ${period}uptime`,
    alternative: null,
    basis: `measured ${formatShare(delivery.attainment, delivery.target, 2)} over ${delivery.samples} daily samples, rounded down`,
    share: null,
    bound: null,
  };
};

export const rewordPromise = (
  verdict: DigestVerdict,
  options: { businessDayHours?: number } = {},
): Rewording => {
  const { promise, delivery } = verdict;
  if (!delivery || delivery.samples <= 0) return none('no measurements this window');
  const businessDayHours = options.businessDayHours ?? DEFAULT_BUSINESS_DAY_HOURS;
  const measure = measureOf(promise.category, delivery.series);
  if (measure.metric === 'uptime' || (promise.category === 'uptime' && promise.unit === 'percent')) {
    return uptimeRewording(verdict);
  }
  const unit = delivery.unit ?? promise.unit;
  const cases = casesPhrase(promise.category, promise.qualifiers ?? {}, measure.noun);
  const { verb } = measure;
  if (!promiseIsAbout(measure, promise.quote)) {
    return none(
      `only ${measure.span} is measured, and this promise is about more than that: no truthful figure for it can be drawn from these figures`,
    );
  }
  const floor5 = Math.floor(delivery.attainment / 5 + EPSILON) * 5;
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
    return none('the figures do not show the low end needed for a stricter figure', alternative);
  }
  const target = delivery.target;
  const percentiles: { share: number; value: number | null }[] = [
    { share: 95, value: delivery.p95 },
    { share: 90, value: delivery.p90 },
    { share: 50, value: delivery.p50 },
  ];
  const wantsMedian = promise.qualifiers?.statistic === 'median';
  const chosen = percentiles.find(
    (p): p is { share: number; value: number } =>
      p.value !== null &&
      Number.isFinite(p.value) &&
      (wantsMedian ? p.share === 50 : p.share <= Math.max(target ?? 50, 50)),
  );
  if (!chosen) return none('no percentile was measured', alternative);
  const copy = roundUpToCopy(chosen.value * SKETCH_CUSHION, unit, businessDayHours);
  const bound = { value: copy.value, unit: copy.unit };
  const basis = `p${chosen.share} ${formatQuantity(chosen.value, unit)}, ${copy.rounding}`;
  const lead = chosen.share === 50 ? 'Half of' : `${chosen.share}% of`;
  const statement = sharePhrase([lead, cases, verb, withinPhrase(bound)]);
  return { statement, alternative, basis, share: chosen.share, bound };
};
