// Evaluation windows in the company's own calendar: ISO weeks ("2026-W47", Monday 00:00 to Monday
// 00:00 local), months ("2026-11"), quarters ("2026-Q4"), years ("2026") and rolling ranges. A window
// built for a time zone carries it, so the window before it is taken in the same zone.

import { TZDate } from '@date-fns/tz';
import type { Window } from './domain.ts';

const DAY_MS = 86_400_000;
const UTC = 'UTC';

export class WindowFormatError extends Error {
  constructor(
    readonly value: string,
    options?: ErrorOptions,
  ) {
    super(
      `not a window: "${value}" (expected an ISO week such as 2026-W47, a month such as 2026-11, a quarter such as 2026-Q4 or a year such as 2026)`,
      options,
    );
    this.name = 'WindowFormatError';
  }
}

/** A civil date as a day number (days since 1970-01-01); day 0 was a Thursday. */
const dayNumber = (year: number, month0: number, day: number): number =>
  Math.floor(Date.UTC(year, month0, day) / DAY_MS);

/** The local calendar date of an instant in a zone, as a day number. */
const localDayNumber = (at: Date, timeZone: string): number => {
  if (timeZone === UTC) return Math.floor(at.getTime() / DAY_MS);
  const local = new TZDate(at.getTime(), timeZone);
  return dayNumber(local.getFullYear(), local.getMonth(), local.getDate());
};

/** The instant of local midnight opening a civil date (a later instant when midnight is skipped). */
const localMidnight = (day: number, timeZone: string): number => {
  if (timeZone === UTC) return day * DAY_MS;
  const civil = new Date(day * DAY_MS);
  return new TZDate(civil.getUTCFullYear(), civil.getUTCMonth(), civil.getUTCDate(), timeZone).getTime();
};

const zoned = (id: string, start: number, end: number, timeZone: string | undefined): Window => ({
  id,
  start: new Date(start).toISOString(),
  end: new Date(end).toISOString(),
  ...(timeZone === undefined ? {} : { timeZone }),
});

/** Day number of the Monday opening the ISO week that holds a civil day. */
const mondayOf = (day: number): number => day - ((((day - 4) % 7) + 7) % 7);

const weekIdOfDay = (day: number): string => {
  const monday = mondayOf(day);
  const year = new Date((monday + 3) * DAY_MS).getUTCFullYear(); // the week's Thursday decides
  const week = 1 + Math.round((monday - mondayOf(dayNumber(year, 0, 4))) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
};

/** The ISO week holding `date` in `timeZone` (UTC by default). */
export const isoWeekId = (date: Date, timeZone = UTC): string => weekIdOfDay(localDayNumber(date, timeZone));

/** An ISO week, Monday 00:00 to the next Monday 00:00 in `timeZone` (UTC when none is given). */
export const weekWindow = (id: string, timeZone?: string): Window => {
  const m = /^(\d{4})-W(\d{2})$/.exec(id);
  if (!m) throw new WindowFormatError(id);
  const year = Number(m[1]);
  const week = Number(m[2]);
  const monday = mondayOf(dayNumber(year, 0, 4)) + (week - 1) * 7;
  if (week < 1 || week > 53 || weekIdOfDay(monday) !== id) throw new WindowFormatError(id);
  const tz = timeZone ?? UTC;
  return zoned(id, localMidnight(monday, tz), localMidnight(monday + 7, tz), timeZone);
};

const monthSpan = (id: string, year: number, month0: number, months: number, timeZone?: string): Window => {
  const tz = timeZone ?? UTC;
  return zoned(
    id,
    localMidnight(dayNumber(year, month0, 1), tz),
    localMidnight(dayNumber(year, month0 + months, 1), tz),
    timeZone,
  );
};

/** A calendar month ("2026-03") from the 1st 00:00 to the next 1st 00:00 in `timeZone`. */
export const monthWindow = (id: string, timeZone?: string): Window => {
  const m = /^(\d{4})-(\d{2})$/.exec(id);
  const month = Number(m?.[2]);
  if (!m || month < 1 || month > 12) throw new WindowFormatError(id);
  return monthSpan(id, Number(m[1]), month - 1, 1, timeZone);
};

/** A calendar quarter ("2026-Q1": January to March) in `timeZone`. */
export const quarterWindow = (id: string, timeZone?: string): Window => {
  const m = /^(\d{4})-Q([1-4])$/.exec(id);
  if (!m) throw new WindowFormatError(id);
  return monthSpan(id, Number(m[1]), (Number(m[2]) - 1) * 3, 3, timeZone);
};

/** A calendar year ("2026") in `timeZone`. */
export const yearWindow = (id: string, timeZone?: string): Window => {
  if (!/^\d{4}$/.test(id)) throw new WindowFormatError(id);
  return monthSpan(id, Number(id), 0, 12, timeZone);
};

export type WindowKind = 'week' | 'month' | 'quarter' | 'year';

/** Which calendar period an id names, or null for anything else (a rolling range). */
export const windowKind = (id: string): WindowKind | null =>
  /^\d{4}-W\d{2}$/.test(id)
    ? 'week'
    : /^\d{4}-\d{2}$/.test(id)
      ? 'month'
      : /^\d{4}-Q\d$/.test(id)
        ? 'quarter'
        : /^\d{4}$/.test(id)
          ? 'year'
          : null;

/** A week, month, quarter or year from its id, in `timeZone` (UTC when none is given). */
export const parseWindow = (id: string, timeZone?: string): Window => {
  switch (windowKind(id)) {
    case 'week':
      return weekWindow(id, timeZone);
    case 'quarter':
      return quarterWindow(id, timeZone);
    case 'year':
      return yearWindow(id, timeZone);
    default:
      return monthWindow(id, timeZone);
  }
};

/** The last ISO week that has fully ended at `now` in `timeZone`. */
export const latestCompleteWeek = (now: Date, timeZone?: string): Window => {
  const monday = mondayOf(localDayNumber(now, timeZone ?? UTC));
  return weekWindow(weekIdOfDay(monday - 7), timeZone);
};

/** The ISO week before `window`, in the window's own zone. */
export const previousWeek = (window: Window): Window => {
  const tz = window.timeZone ?? UTC;
  const day = localDayNumber(new Date(new Date(window.start).getTime() - 1), tz);
  return weekWindow(weekIdOfDay(day), window.timeZone);
};

/** The `count` ISO weeks ending with `window`, oldest first. */
export const weeksEndingWith = (window: Window, count: number): Window[] => {
  const out: Window[] = [window];
  while (out.length < count) {
    const first = out[0];
    if (!first) break;
    out.unshift(previousWeek(first));
  }
  return out;
};

const MONTHS_OF: Record<Exclude<WindowKind, 'week'>, number> = { month: 1, quarter: 3, year: 12 };

const periodId = (kind: Exclude<WindowKind, 'week'>, year: number, month0: number): string =>
  kind === 'month'
    ? `${year}-${String(month0 + 1).padStart(2, '0')}`
    : kind === 'quarter'
      ? `${year}-Q${Math.floor(month0 / 3) + 1}`
      : String(year);

/** The month, quarter or year holding the instant `at` in `timeZone`. */
export const periodOf = (kind: Exclude<WindowKind, 'week'>, at: Date, timeZone?: string): Window => {
  const civil = new Date(localDayNumber(at, timeZone ?? UTC) * DAY_MS);
  const months = MONTHS_OF[kind];
  const month0 = Math.floor(civil.getUTCMonth() / months) * months;
  const year = civil.getUTCFullYear();
  return monthSpan(periodId(kind, year, month0), year, month0, months, timeZone);
};

/** The calendar month (in `timeZone`) holding `date`. */
export const monthOf = (date: Date, timeZone?: string): Window => periodOf('month', date, timeZone);

/** The period of the same kind before `period` (February before March), in its zone. */
export const previousPeriod = (period: Window): Window => {
  const kind = windowKind(period.id);
  if (kind === null) throw new WindowFormatError(period.id);
  if (kind === 'week') return previousWeek(period);
  return periodOf(kind, new Date(new Date(period.start).getTime() - 1), period.timeZone);
};

/**
 * The periods of a kind that end inside `window` (after its start, up to and including its end):
 * the week holding 31 March closes March, a week ending at 1 April 00:00 closes it too.
 */
export const periodsEndingIn = (kind: Exclude<WindowKind, 'week'>, window: Window): Window[] => {
  const end = new Date(window.end).getTime();
  const start = new Date(window.start).getTime();
  const out: Window[] = [];
  let period = periodOf(kind, new Date(end - 1), window.timeZone);
  while (new Date(period.end).getTime() > start) {
    if (new Date(period.end).getTime() <= end) out.unshift(period);
    period = previousPeriod(period);
  }
  return out;
};

export const rollingWindow = (end: Date, days: number): Window => ({
  id: `rolling-${days}d-${end.toISOString().slice(0, 10)}`,
  start: new Date(end.getTime() - days * DAY_MS).toISOString(),
  end: end.toISOString(),
});

/** Whether a window is a rolling range rather than a week or calendar period. */
export const isRollingWindow = (window: Window): boolean => windowKind(window.id) === null;

/** A week or period id read in `timeZone`; a rolling range (no calendar id) is kept as it is. */
export const inTimeZone = (window: Window, timeZone: string): Window =>
  windowKind(window.id) === null ? window : parseWindow(window.id, timeZone);

/**
 * The latest complete ISO week (in `timeZone`) at `now`; when the data stops earlier, the latest
 * week the data runs to the end of (within a day: a last ticket on Sunday evening still completes
 * its week). A few samples stamped after the data's real end (tickets solved on the Monday) do
 * not make a week that has barely begun count as having data.
 */
export const latestWeekWithData = (
  now: Date,
  latestDataAt: string | undefined,
  timeZone?: string,
): Window => {
  const latest = latestCompleteWeek(now, timeZone);
  if (!latestDataAt) return latest;
  const reach = new Date(new Date(latestDataAt).getTime() + DAY_MS);
  if (reach.getTime() >= new Date(latest.end).getTime()) return latest;
  const containing = weekWindow(isoWeekId(reach, timeZone), timeZone);
  // The week holding `reach` is not fully covered; the one before it is.
  return containing.start === reach.toISOString() ? containing : previousWeek(containing);
};
