// Converting thresholds between units: calendar durations among themselves, business durations
// among themselves (one business day = the calendar's mean opening hours). Never across the two.

import type { BusinessCalendar } from '../calendar/index.ts';
import { UNIT_LABELS, type Unit } from '../core/index.ts';

const CALENDAR_MINUTES: Partial<Record<Unit, number>> = { minutes: 1, hours: 60, days: 1440 };

/** The factor f with value_in_to = value_in_from × f, or null when the units cannot be compared. */
export const unitFactor = (from: Unit, to: Unit, calendar: BusinessCalendar): number | null => {
  if (from === to) return 1;
  const a = CALENDAR_MINUTES[from];
  const b = CALENDAR_MINUTES[to];
  if (a !== undefined && b !== undefined) return a / b;
  const businessHours = (u: Unit): number | undefined =>
    u === 'business_hours' ? 1 : u === 'business_days' ? calendar.hoursPerBusinessDay() : undefined;
  const c = businessHours(from);
  const d = businessHours(to);
  if (c !== undefined && d !== undefined) return c / d;
  return null;
};

const LABEL = UNIT_LABELS;

const round = (value: number): number => {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return Number(value.toFixed(digits));
};

/** "52 minutes", "1.5 business days", "99.95%". */
export const formatValue = (value: number, unit: Unit | null): string => {
  if (unit === null) return String(round(value));
  if (unit === 'percent') return `${Number(value.toFixed(3))}%`;
  const shown = round(value);
  const [one, many] = LABEL[unit];
  return `${shown} ${shown === 1 ? one : many}`;
};
