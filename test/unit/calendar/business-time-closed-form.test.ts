// Business time is computed per week in closed form; these properties hold it to a plain day-by-day
// count written here with @date-fns/tz (not the product's zoned clock), over random spans, opening
// hours, holidays and zones west and east of UTC, with half-hour offsets and both DST changes.

import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CalendarSpanError,
  createBusinessCalendar,
  MAX_SPAN_YEARS,
} from '../../../packages/calendar/index.ts';
import type { CalendarConfig } from '../../../packages/core/index.ts';

const DAY_MS = 86_400_000;
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const ZONES = [
  'UTC',
  'America/Los_Angeles',
  'America/New_York',
  'Europe/Berlin',
  'Australia/Sydney',
  'Australia/Adelaide', // +9:30 / +10:30
  'Asia/Kolkata', // +5:30, no DST
  'Asia/Kathmandu', // +5:45
  'Pacific/Auckland',
  'America/Sao_Paulo',
];
// Opening hours that never start or end inside a DST gap (every zone above changes between
// 00:00 and 04:00 local, never at exactly midnight), yet some are open across the change.
const SPANS: ([string, string] | null)[] = [
  null,
  ['09:00', '17:00'],
  ['08:30', '18:15'],
  ['00:00', '24:00'],
  ['00:00', '12:00'],
  ['05:00', '23:45'],
];

/** Minutes after local midnight of an "HH:MM" (24:00 included). */
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** The reference: walk every local date from the day before `from` to the day after `to`. */
const referenceMinutes = (config: CalendarConfig, from: number, to: number): number => {
  const tz = config.timezone;
  const localDay = (ms: number): number => {
    const d = new TZDate(ms, tz);
    return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / DAY_MS;
  };
  const holidays = new Set(config.holidays);
  let ms = 0;
  for (let n = localDay(from) - 1; n <= localDay(to) + 1; n++) {
    const civil = new Date(n * DAY_MS);
    const hours = config.hours[DAYS[civil.getUTCDay()] as (typeof DAYS)[number]];
    if (!hours || holidays.has(civil.toISOString().slice(0, 10))) continue;
    const [y, m, d] = [civil.getUTCFullYear(), civil.getUTCMonth(), civil.getUTCDate()];
    const at = (min: number) =>
      new TZDate(y, m, d + Math.floor(min / 1440), Math.floor(min / 60) % 24, min % 60, tz).getTime();
    const lo = Math.max(at(minutesOf(hours[0])), from);
    const hi = Math.min(at(minutesOf(hours[1])), to);
    if (hi > lo) ms += hi - lo;
  }
  return ms / 60_000;
};

const arbitraryCalendar = fc
  .record({
    timezone: fc.constantFrom(...ZONES),
    spans: fc.array(fc.constantFrom(...SPANS), { minLength: 7, maxLength: 7 }),
    holidayOffsets: fc.uniqueArray(fc.integer({ min: -30, max: 800 }), { maxLength: 25 }),
  })
  .filter((c) => c.spans.some((s) => s !== null));

// 2019-06 .. 2031: both DST changes many times over in every zone.
const arbitrarySpan = fc.record({
  from: fc.integer({ min: Date.UTC(2019, 5, 1), max: Date.UTC(2031, 0, 1) }),
  // Mostly short spans (the day-by-day path), often several weeks to two years (the weekly path).
  length: fc.oneof(
    fc.integer({ min: 0, max: 3 * DAY_MS }),
    fc.integer({ min: 10 * DAY_MS, max: 60 * DAY_MS }),
    fc.integer({ min: 60 * DAY_MS, max: 400 * DAY_MS }),
  ),
});

const toConfig = (
  c: { timezone: string; spans: ([string, string] | null)[]; holidayOffsets: number[] },
  from: number,
): CalendarConfig => ({
  timezone: c.timezone,
  hours: Object.fromEntries(DAYS.map((d, i) => [d, c.spans[i] ?? null])) as CalendarConfig['hours'],
  holidays: c.holidayOffsets.map((o) => new Date(from + o * DAY_MS).toISOString().slice(0, 10)),
});

describe('business time in closed form', () => {
  it('agrees with a day-by-day count on random spans, calendars and zones', () => {
    fc.assert(
      fc.property(arbitraryCalendar, arbitrarySpan, (c, span) => {
        const config = toConfig(c, span.from);
        const calendar = createBusinessCalendar(config);
        const to = span.from + span.length;
        const got = calendar.businessMinutesBetween(new Date(span.from), new Date(to));
        const want = referenceMinutes(config, span.from, to);
        expect(Math.abs(got - want)).toBeLessThan(1e-6);
      }),
      { numRuns: 2000 },
    );
  }, 120_000);

  it('adds up: the business time of a span is the sum of its two halves', () => {
    fc.assert(
      fc.property(
        arbitraryCalendar,
        arbitrarySpan,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (c, span, cut) => {
          const calendar = createBusinessCalendar(toConfig(c, span.from));
          const to = span.from + span.length;
          const mid = span.from + Math.floor(span.length * cut);
          const whole = calendar.businessMinutesBetween(new Date(span.from), new Date(to));
          const parts =
            calendar.businessMinutesBetween(new Date(span.from), new Date(mid)) +
            calendar.businessMinutesBetween(new Date(mid), new Date(to));
          expect(Math.abs(whole - parts)).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 1000 },
    );
  }, 60_000);

  it.each([
    // Sydney (UTC+11 in summer, +10 in winter), open round the clock on Sundays only. DST ends on
    // Sunday 2026-04-05 at 03:00 (clocks back to 02:00): that Sunday has 25 hours, the
    // others 24. From Monday 2026-03-02 00:00 local to Monday 2026-05-04 00:00 local (9 weeks):
    // 9 Sundays × 24 h + 1 h = 217 h = 13,020 minutes.
    ['Australia/Sydney', '2026-03-01T13:00:00Z', '2026-05-03T14:00:00Z', 13_020],
    // Los Angeles, the same calendar: DST starts Sunday 2026-03-08 02:00 (a 23-hour day).
    // Monday 2026-03-02 00:00 PST (08:00Z) to Monday 2026-04-06 00:00 PDT (07:00Z), 5 weeks:
    // 5 × 24 h − 1 h = 119 h = 7,140 minutes.
    ['America/Los_Angeles', '2026-03-02T08:00:00Z', '2026-04-06T07:00:00Z', 7_140],
  ])('counts the DST Sunday of %s by its real length over whole weeks', (timezone, from, to, minutes) => {
    const calendar = createBusinessCalendar({
      timezone,
      hours: { mon: null, tue: null, wed: null, thu: null, fri: null, sat: null, sun: ['00:00', '24:00'] },
      holidays: [],
    });
    expect(calendar.businessMinutesBetween(new Date(from), new Date(to))).toBe(minutes);
  });

  it('counts a holiday by binary search over whole weeks', () => {
    // Mon–Fri 09:00–17:00 UTC, 2026-01-05 (Mon) to 2026-03-02 (Mon): 8 whole weeks × 40 h = 320 h,
    // less the holidays on weekdays (Mon 19 Jan, Mon 16 Feb: 8 h each; Sat 14 Feb does not count):
    // 304 h = 18,240 minutes.
    const calendar = createBusinessCalendar({
      timezone: 'UTC',
      hours: {
        mon: ['09:00', '17:00'],
        tue: ['09:00', '17:00'],
        wed: ['09:00', '17:00'],
        thu: ['09:00', '17:00'],
        fri: ['09:00', '17:00'],
        sat: null,
        sun: null,
      },
      holidays: ['2026-01-19', '2026-02-14', '2026-02-16', '2027-01-01'],
    });
    expect(
      calendar.businessMinutesBetween(new Date('2026-01-05T00:00:00Z'), new Date('2026-03-02T00:00:00Z')),
    ).toBe(18_240);
  });

  it('refuses a span of more than fifty years with a named error instead of computing it', () => {
    const calendar = createBusinessCalendar({
      timezone: 'Europe/Berlin',
      hours: { mon: ['09:00', '17:00'], tue: null, wed: null, thu: null, fri: null, sat: null, sun: null },
      holidays: [],
    });
    const from = new Date('1426-01-01T00:00:00Z');
    const to = new Date('2026-01-01T00:00:00Z');
    expect(() => calendar.businessMinutesBetween(from, to)).toThrow(CalendarSpanError);
    expect(() => calendar.businessMinutesBetween(from, to)).toThrow(`more than ${MAX_SPAN_YEARS} years`);
    // Forty-nine years is still a span it measures: 49 × 52 Mondays and a few, 8 h each.
    const minutes = calendar.businessMinutesBetween(new Date('1977-01-01T00:00:00Z'), to);
    expect(minutes / 480).toBeGreaterThan(49 * 52);
    expect(minutes / 480).toBeLessThan(49 * 53);
  });
});
