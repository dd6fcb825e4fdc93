// The fixed taxonomy of promises: categories, units and operators. Scorers and stored data depend on it.

export const CATEGORIES = [
  'response_time',
  'resolution_time',
  'uptime',
  'availability_hours',
  'delivery_time',
  'refund_guarantee',
  'credit_compensation',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const UNITS = [
  'minutes',
  'hours',
  'business_hours',
  'days',
  'business_days',
  'percent',
  'hours_per_week',
] as const;
export type Unit = (typeof UNITS)[number];

export const OPERATORS = ['<=', '>=', '=='] as const;
export type Operator = (typeof OPERATORS)[number];

/** Units a customer reports in a complaint ("waited 3 days"). */
export const DURATION_UNITS = ['minutes', 'hours', 'days', 'weeks', 'months'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export const isCategory = (value: unknown): value is Category =>
  typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
export const isUnit = (value: unknown): value is Unit =>
  typeof value === 'string' && (UNITS as readonly string[]).includes(value);

/** Whether a unit is measured on a business calendar rather than wall-clock time. */
export const isBusinessUnit = (unit: Unit | null): boolean =>
  unit === 'business_hours' || unit === 'business_days';

const MINUTES_PER: Partial<Record<Unit, number>> = {
  minutes: 1,
  hours: 60,
  days: 1440,
};

/** Converts a calendar-time threshold to minutes; null for units that are not calendar durations. */
export const toMinutes = (value: number, unit: Unit | null): number | null => {
  const factor = unit ? MINUTES_PER[unit] : undefined;
  return factor === undefined ? null : value * factor;
};

/** How each unit reads in a sentence: [singular, plural]. */
export const UNIT_LABELS: Readonly<Record<Unit, readonly [string, string]>> = {
  minutes: ['minute', 'minutes'],
  hours: ['hour', 'hours'],
  business_hours: ['business hour', 'business hours'],
  days: ['day', 'days'],
  business_days: ['business day', 'business days'],
  percent: ['%', '%'],
  hours_per_week: ['hour a week', 'hours a week'],
};
