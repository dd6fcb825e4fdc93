// Timestamps as help desks and monitoring tools export them. ISO 8601 with an offset is read as
// is; a wall-clock time without an offset is read in the given time zone (the calendar's, for
// tickets). Day-first and month-first dates are refused: "03/04/2026" is ambiguous.

import { createZonedClock, type ZonedClock } from '../calendar/index.ts';

const PATTERN =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

export const TIMESTAMP_HINT =
  'expected an ISO 8601 date-time such as 2026-11-16T09:30:00Z or 2026-11-16 09:30';

const clocks = new Map<string, ZonedClock>();
const clockFor = (timezone: string): ZonedClock => {
  let clock = clocks.get(timezone);
  if (!clock) {
    clock = createZonedClock(timezone);
    clocks.set(timezone, clock);
  }
  return clock;
};

/** Reads a timestamp; null when it is not one. `timezone` applies to times without an offset. */
export const parseTimestamp = (raw: string, timezone = 'UTC'): Date | null => {
  const m = PATTERN.exec(raw.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) =>
    v === undefined ? 0 : Number(v),
  ) as [number, number, number, number, number, number];
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const civil = new Date(Date.UTC(year, month - 1, day));
  if (civil.getUTCMonth() !== month - 1 || civil.getUTCDate() !== day) return null;
  const offset = m[8]?.toUpperCase();
  if (offset !== undefined) {
    let offsetMinutes = 0;
    if (offset !== 'Z' && offset !== 'UTC' && offset !== 'GMT') {
      const digits = offset.slice(1).replace(':', '');
      offsetMinutes =
        (offset.startsWith('-') ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
    }
    return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000);
  }
  if (timezone === 'UTC') return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  return new Date(clockFor(timezone).toInstant(year, month - 1, day, hour, minute, second, ms));
};
