// A business calendar: a time zone, weekly opening hours and holidays. Business time is the
// part of an interval that falls inside opening hours on a non-holiday, in local wall-clock time,
// so a DST change shortens or lengthens only the day it happens on.

import type { CalendarConfig } from '../core/index.ts';
import { CalendarConfigError, CalendarRangeError, CalendarSpanError, InvalidInstantError } from './errors.ts';
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
const DAY_MS = 86_400_000;
/** Business time is refused over spans longer than this: no ticket or order stays open 50 years. */
export const MAX_SPAN_YEARS = 50;
const MAX_SPAN_MS = MAX_SPAN_YEARS * 366 * DAY_MS;

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

  // Opening interval of a local date (a day number: days since 1970-01-01) as epoch milliseconds,
  // or null when closed. Cached per date.
  const cache = new Map<number, readonly [number, number] | null>();
  const openInterval = (dayNumber: number): readonly [number, number] | null => {
    const hit = cache.get(dayNumber);
    if (hit !== undefined) return hit;
    const civil = new Date(dayNumber * DAY_MS);
    const weekday = WEEKDAYS[civil.getUTCDay()] as Weekday;
    const span = spans.get(weekday);
    let interval: readonly [number, number] | null = null;
    if (span && !holidays.has(civil.toISOString().slice(0, 10))) {
      const cy = civil.getUTCFullYear();
      const cm = civil.getUTCMonth();
      const cd = civil.getUTCDate();
      const at = (minutes: number) =>
        clock.toInstant(cy, cm, cd + Math.floor(minutes / 1440), Math.floor(minutes / 60) % 24, minutes % 60);
      interval = [at(span.start), at(span.end)];
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(dayNumber, interval);
    return interval;
  };

  /** The local date of an instant as a day number. */
  const localDay = (ms: number): number => {
    const local = clock.toLocal(ms);
    return Math.floor(Date.UTC(local.year, local.month, local.day) / DAY_MS);
  };

  /** Opening time of the local days first..last (inclusive) that falls inside [from, to], in ms. */
  const openMsOfDays = (first: number, last: number, from: number, to: number): number => {
    let ms = 0;
    for (let day = first; day <= last; day++) {
      const open = openInterval(day);
      if (!open) continue;
      const lo = Math.max(open[0], from);
      const hi = Math.min(open[1], to);
      if (hi > lo) ms += hi - lo;
    }
    return ms;
  };

  // Holidays on days that have opening hours, sorted, with the prefix sums of their nominal
  // opening time: the holidays of any span of weeks are two binary searches away.
  const holidayDays: number[] = [];
  const holidayPrefixMs: number[] = [0];
  for (const h of [...holidays].sort()) {
    const day = Math.floor(Date.parse(`${h}T00:00:00Z`) / DAY_MS);
    const span = spans.get(WEEKDAYS[new Date(day * DAY_MS).getUTCDay()] as Weekday);
    if (!span) continue;
    holidayDays.push(day);
    holidayPrefixMs.push(
      (holidayPrefixMs[holidayPrefixMs.length - 1] ?? 0) + (span.end - span.start) * 60_000,
    );
  }
  /** Index of the first holiday on or after `day`. */
  const lowerBound = (day: number): number => {
    let lo = 0;
    let hi = holidayDays.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((holidayDays[mid] ?? Number.POSITIVE_INFINITY) < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  /** Nominal opening time lost to holidays on the days first..last-1, in ms. */
  const holidayMs = (first: number, last: number): number =>
    (holidayPrefixMs[lowerBound(last)] ?? 0) - (holidayPrefixMs[lowerBound(first)] ?? 0);

  const weekMs = weekMinutes * 60_000;
  // Local days lie within UTC-14h..UTC+12h of their UTC namesakes, so the opening intervals of the
  // week starting on Monday m lie between probe(m) and probe(m + 14): one offset lookup a week.
  const probe = (monday: number): number => clock.probeOffsetMinutes(monday * DAY_MS - 15 * 3_600_000);

  /**
   * Opening time of the whole weeks starting on the Mondays first, first+7, ... before last, in ms:
   * each week is its nominal opening time less its holidays, unless the zone's offset differs
   * across the week (a DST change or a new standard offset), when that week is counted day by day.
   * Two offset changes that cancel each other within two weeks are not looked for.
   */
  const openMsOfWeeks = (first: number, last: number): number => {
    const weeks = (last - first) / 7;
    let ms = weeks * weekMs - holidayMs(first, last);
    let current = probe(first);
    let next = probe(first + 7);
    for (let monday = first; monday < last; monday += 7) {
      const afterNext = probe(monday + 14);
      if (afterNext !== current) {
        const exact = openMsOfDays(monday, monday + 6, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
        ms += exact - (weekMs - holidayMs(monday, monday + 7));
      }
      current = next;
      next = afterNext;
    }
    return ms;
  };

  const checkInstant = (d: Date, what: string): void => {
    if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new InvalidInstantError(what);
  };

  return {
    timezone,
    businessMinutesBetween(from, to) {
      checkInstant(from, 'from');
      checkInstant(to, 'to');
      const a = from.getTime();
      const b = to.getTime();
      if (b < a) throw new CalendarRangeError(from, to);
      if (b === a) return 0;
      if (b - a > MAX_SPAN_MS) throw new CalendarSpanError(from, to, MAX_SPAN_YEARS);
      const firstDay = localDay(a);
      const lastDay = localDay(b);
      if (lastDay - firstDay < 15) return openMsOfDays(firstDay, lastDay, a, b) / 60_000;
      // Day numbers: 1970-01-01 (day 0) was a Thursday, so Mondays are the days with day % 7 == 4.
      const firstMonday = firstDay + 1 + ((((4 - (firstDay + 1)) % 7) + 7) % 7);
      const lastMonday = lastDay - ((((lastDay - 4) % 7) + 7) % 7);
      const ms =
        openMsOfDays(firstDay, firstMonday - 1, a, b) +
        openMsOfWeeks(firstMonday, lastMonday) +
        openMsOfDays(lastMonday, lastDay, a, b);
      return ms / 60_000;
    },
    isOpen(at) {
      checkInstant(at, 'at');
      const open = openInterval(localDay(at.getTime()));
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
