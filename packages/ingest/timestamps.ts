// Timestamps as help desks and monitoring tools export them. ISO 8601 with an offset is read as
// is; a wall-clock time without an offset is read in the given time zone (the calendar's, for
// tickets). Day-first and month-first dates are refused: "03/04/2026" is ambiguous. Offsets are
// real ones (-12:00 to +14:00), and an instant must fall in a sane range: a year 1 or 2099 row is
// a typo, not a measurement, and would move "the latest week with data".

import { createZonedClock, type ZonedClock } from '../calendar/index.ts';

const PATTERN =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

export const TIMESTAMP_HINT =
  'expected an ISO 8601 date-time such as 2026-11-16T09:30:00Z or 2026-11-16 09:30';

/** The earliest instant accepted from a file or the API. */
export const EARLIEST_ACCEPTED = new Date(Date.UTC(2000, 0, 1));
/** How far past the injected clock an instant may be (clock skew, time zones). */
export const FUTURE_TOLERANCE_MS = 86_400_000;

const clocks = new Map<string, ZonedClock>();
const clockFor = (timezone: string): ZonedClock => {
  let clock = clocks.get(timezone);
  if (!clock) {
    clock = createZonedClock(timezone);
    clocks.set(timezone, clock);
  }
  return clock;
};

export type TimestampReading = { at: Date } | { problem: string };

export interface TimestampRange {
  /** The current time; instants more than a day after it are refused. Without it, no upper bound. */
  now?: () => Date;
}

/**
 * Reads a timestamp, saying why when it is not one or falls outside 2000-01-01 … now + 1 day.
 * `timezone` applies to times without an offset.
 */
export const readTimestamp = (
  raw: string,
  timezone = 'UTC',
  range: TimestampRange = {},
): TimestampReading => {
  const text = raw.trim();
  const m = PATTERN.exec(text);
  if (!m) return { problem: `malformed date "${raw}" (${TIMESTAMP_HINT})` };
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) =>
    v === undefined ? 0 : Number(v),
  ) as [number, number, number, number, number, number];
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
    return { problem: `malformed date "${raw}": no such date or time of day (${TIMESTAMP_HINT})` };
  }
  if (year < EARLIEST_ACCEPTED.getUTCFullYear()) {
    return { problem: `date "${raw}" is before 2000: not a measurement promisegap accepts` };
  }
  const civil = new Date(Date.UTC(year, month - 1, day));
  if (civil.getUTCMonth() !== month - 1 || civil.getUTCDate() !== day) {
    return { problem: `malformed date "${raw}": ${year}-${month}-${day} is not a day of the calendar` };
  }
  const offset = m[8]?.toUpperCase();
  let at: Date;
  if (offset !== undefined && offset !== 'Z' && offset !== 'UTC' && offset !== 'GMT') {
    const digits = offset.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = Number(digits.slice(2) || 0);
    const sign = offset.startsWith('-') ? -1 : 1;
    if (minutes > 59 || sign * hours > 14 || sign * hours < -12 || (hours === 14 && minutes > 0)) {
      return { problem: `date "${raw}" has offset ${m[8]}: real offsets run from -12:00 to +14:00` };
    }
    at = new Date(
      Date.UTC(year, month - 1, day, hour, minute, second, ms) - sign * (hours * 60 + minutes) * 60_000,
    );
  } else if (offset !== undefined || timezone === 'UTC') {
    at = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  } else {
    at = new Date(clockFor(timezone).toInstant(year, month - 1, day, hour, minute, second, ms));
  }
  if (at.getTime() < EARLIEST_ACCEPTED.getTime()) {
    return { problem: `date "${raw}" is before 2000: not a measurement promisegap accepts` };
  }
  if (range.now) {
    const latest = range.now().getTime() + FUTURE_TOLERANCE_MS;
    if (at.getTime() > latest) {
      return {
        problem: `date "${raw}" is more than a day in the future (now is ${range.now().toISOString()}): a typo?`,
      };
    }
  }
  return { at };
};

/** Reads a timestamp; null when it is not one. `timezone` applies to times without an offset. */
export const parseTimestamp = (raw: string, timezone = 'UTC', range: TimestampRange = {}): Date | null => {
  const r = readTimestamp(raw, timezone, range);
  return 'at' in r ? r.at : null;
};
