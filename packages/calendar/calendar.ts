// A business calendar: a time zone, weekly opening hours and holidays. Business time is the
// part of an interval that falls inside opening hours on a non-holiday, in local wall-clock time,
// so a DST change shortens or lengthens only the day it happens on.

import type { CalendarConfig } from '../core/index.ts';
import { CalendarConfigError, CalendarRangeError, InvalidInstantError } from './errors.ts';
import { createZonedClock } from './zoned.ts';

export interface BusinessCalendar {
  readonly timezone: string;
  /** Minutes of opening hours between two instants (0 when equal); throws when `to` is before `from`. */
  businessMinutesBetween(from: Date, to: Date): number;
  /** Whether `at` falls inside opening hours on a day that is not a holiday. */
  isOpen(at: Date): boolean;
  /** Nominal opening hours of a week without holidays. */
  hoursPerWeek(): number;
  /** Mean opening hours of an open day: converts business days to business hours. */
  hoursPerBusinessDay(): number;
  /** One line for footers: zone, hours, holidays. */
  describe(): string;
  /** The local date (YYYY-MM-DD) of an instant in the calendar's zone. */
  localDate(at: Date): string;
  /** The instant of a local wall-clock time in the calendar's zone (month 1-12). */
  fromLocal(year: number, month: number, day: number, hour?: number, minute?: number, second?: number): Date;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Weekday = (typeof WEEKDAYS)[number];
const DISPLAY_ORDER: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_LABEL: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** Opening hours of one weekday as minutes after local midnight; `end` may be 1440 ("24:00"). */
interface OpenSpan {
  start: number;
  end: number;
  label: string;
}

const parseHhmm = (value: string, field: string): number => {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  const hours = Number(m?.[1]);
  const minutes = Number(m?.[2]);
  if (!m || minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) {
    throw new CalendarConfigError(field, `"${value}" is not a time of day (expected HH:MM)`);
  }
  return hours * 60 + minutes;
};

const checkTimeZone = (timezone: string): void => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch (cause) {
    throw new CalendarConfigError('timezone', `"${timezone}" is not an IANA time zone`, { cause });
  }
};

const pad = (n: number): string => String(n).padStart(2, '0');
const CACHE_LIMIT = 20_000;

export const createBusinessCalendar = (config: CalendarConfig): BusinessCalendar => {
  const timezone = config.timezone;
  checkTimeZone(timezone);
  const spans = new Map<Weekday, OpenSpan>();
  for (const day of WEEKDAYS) {
    const hours = config.hours[day];
    if (!hours) continue;
    const start = parseHhmm(hours[0], `hours.${day}[0]`);
    const end = parseHhmm(hours[1], `hours.${day}[1]`);
    if (end <= start) {
      throw new CalendarConfigError(`hours.${day}`, `closes (${hours[1]}) before it opens (${hours[0]})`);
    }
    spans.set(day, { start, end, label: `${hours[0]}–${hours[1]}` });
  }
  if (spans.size === 0) throw new CalendarConfigError('hours', 'no day has opening hours');
  const holidays = new Set<string>();
  for (const h of config.holidays) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(h);
    const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
    if (!date || date.toISOString().slice(0, 10) !== h) {
      throw new CalendarConfigError('holidays', `"${h}" is not a date (expected YYYY-MM-DD)`);
    }
    holidays.add(h);
  }

  const weekMinutes = [...spans.values()].reduce((sum, s) => sum + (s.end - s.start), 0);

  const clock = createZonedClock(timezone);
  const fromLocal = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date =>
    new Date(clock.toInstant(year, month - 1, day, hour, minute, second));

  const localParts = (at: Date): { y: number; m: number; d: number } => {
    const local = clock.toLocal(at.getTime());
    return { y: local.year, m: local.month, d: local.day };
  };

  // Opening interval of a local date as epoch milliseconds, or null when closed. Cached per date.
  const cache = new Map<string, readonly [number, number] | null>();
  const openInterval = (y: number, m: number, d: number): readonly [number, number] | null => {
    const civil = new Date(Date.UTC(y, m, d));
    const key = civil.toISOString().slice(0, 10);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const weekday = WEEKDAYS[civil.getUTCDay()] as Weekday;
    const span = spans.get(weekday);
    let interval: readonly [number, number] | null = null;
    if (span && !holidays.has(key)) {
      const cy = civil.getUTCFullYear();
      const cm = civil.getUTCMonth();
      const cd = civil.getUTCDate();
      const at = (minutes: number) =>
        clock.toInstant(cy, cm, cd + Math.floor(minutes / 1440), Math.floor(minutes / 60) % 24, minutes % 60);
      interval = [at(span.start), at(span.end)];
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, interval);
    return interval;
  };

  const checkInstant = (d: Date, what: string): void => {
    if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new InvalidInstantError(what);
  };

  return {
    timezone,
    businessMinutesBetween(from, to) {
      checkInstant(from, 'from');
      checkInstant(to, 'to');
      if (to.getTime() < from.getTime()) throw new CalendarRangeError(from, to);
      if (to.getTime() === from.getTime()) return 0;
      const start = localParts(from);
      const end = localParts(to);
      const lastDay = Date.UTC(end.y, end.m, end.d);
      let ms = 0;
      for (let i = 0; ; i++) {
        const civil = new Date(Date.UTC(start.y, start.m, start.d + i));
        if (civil.getTime() > lastDay) break;
        const open = openInterval(civil.getUTCFullYear(), civil.getUTCMonth(), civil.getUTCDate());
        if (!open) continue;
        const lo = Math.max(open[0], from.getTime());
        const hi = Math.min(open[1], to.getTime());
        if (hi > lo) ms += hi - lo;
      }
      return ms / 60_000;
    },
    isOpen(at) {
      checkInstant(at, 'at');
      const p = localParts(at);
      const open = openInterval(p.y, p.m, p.d);
      return open !== null && at.getTime() >= open[0] && at.getTime() < open[1];
    },
    hoursPerWeek: () => weekMinutes / 60,
    hoursPerBusinessDay: () => weekMinutes / 60 / spans.size,
    describe() {
      const groups: { first: Weekday; last: Weekday; label: string }[] = [];
      for (const day of DISPLAY_ORDER) {
        const span = spans.get(day);
        if (!span) continue;
        const prev = groups[groups.length - 1];
        const adjacent = prev && DISPLAY_ORDER.indexOf(prev.last) === DISPLAY_ORDER.indexOf(day) - 1;
        if (prev && adjacent && prev.label === span.label) prev.last = day;
        else groups.push({ first: day, last: day, label: span.label });
      }
      const hours = groups
        .map((g) => `${DAY_LABEL[g.first]}${g.first === g.last ? '' : `–${DAY_LABEL[g.last]}`} ${g.label}`)
        .join(', ');
      const perWeek = Math.round((weekMinutes / 60) * 100) / 100;
      const holidayText =
        holidays.size === 0 ? 'no holidays' : `${holidays.size} holiday${holidays.size === 1 ? '' : 's'}`;
      return `Business hours ${hours} (${timezone}), ${perWeek} h a week, ${holidayText}`;
    },
    localDate(at) {
      checkInstant(at, 'at');
      const p = localParts(at);
      return `${p.y}-${pad(p.m + 1)}-${pad(p.d)}`;
    },
    fromLocal,
  };
};
