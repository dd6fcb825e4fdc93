import { describe, expect, it } from 'vitest';
import {
  CalendarConfigError,
  CalendarRangeError,
  createBusinessCalendar,
  InvalidInstantError,
} from '../../../packages/calendar/index.ts';
import type { CalendarConfig } from '../../../packages/core/index.ts';

const weekdays = (open: string, close: string): CalendarConfig['hours'] => ({
  mon: [open, close],
  tue: [open, close],
  wed: [open, close],
  thu: [open, close],
  fri: [open, close],
  sat: null,
  sun: null,
});

const berlin = createBusinessCalendar({
  timezone: 'Europe/Berlin',
  hours: weekdays('09:00', '17:00'),
  holidays: ['2026-12-25'],
});
const newYork = createBusinessCalendar({
  timezone: 'America/New_York',
  hours: weekdays('09:00', '17:00'),
  holidays: [],
});
const roundTheClock = createBusinessCalendar({
  timezone: 'Europe/Berlin',
  hours: {
    mon: ['00:00', '24:00'],
    tue: ['00:00', '24:00'],
    wed: ['00:00', '24:00'],
    thu: ['00:00', '24:00'],
    fri: ['00:00', '24:00'],
    sat: ['00:00', '24:00'],
    sun: ['00:00', '24:00'],
  },
  holidays: [],
});

describe('business time between two instants', () => {
  it.each([
    // Berlin is UTC+1 in November and December.
    [
      'a ticket opened Friday evening counts only from Monday morning',
      '2026-11-20T17:00:00Z',
      '2026-11-23T09:00:00Z',
      60,
    ],
    [
      'a ticket spanning a weekend skips Saturday and Sunday',
      '2026-11-20T15:00:00Z',
      '2026-11-23T09:00:00Z',
      120,
    ],
    ['a span inside one weekend is zero', '2026-11-21T09:00:00Z', '2026-11-22T19:00:00Z', 0],
    ['a holiday adds no business time', '2026-12-24T15:00:00Z', '2026-12-28T09:00:00Z', 120],
    [
      'time before opening and after closing is not counted',
      '2026-11-24T05:00:00Z',
      '2026-11-24T20:00:00Z',
      480,
    ],
    ['a zero-length interval is zero', '2026-11-24T10:00:00Z', '2026-11-24T10:00:00Z', 0],
    [
      'a span of two full weeks counts ten business days',
      '2026-11-02T00:00:00Z',
      '2026-11-16T00:00:00Z',
      10 * 480,
    ],
  ])('%s', (_name, from, to, minutes) => {
    expect(berlin.businessMinutesBetween(new Date(from), new Date(to))).toBe(minutes);
  });

  it('keeps wall-clock opening hours across a spring-forward weekend', () => {
    // New York moves to EDT on Sunday 2026-03-08: Friday 16:00 EST to Monday 10:00 EDT.
    const from = new Date('2026-03-06T21:00:00Z');
    const to = new Date('2026-03-09T14:00:00Z');
    expect(newYork.businessMinutesBetween(from, to)).toBe(120);
    expect((to.getTime() - from.getTime()) / 3_600_000).toBe(65);
  });

  it.each([
    [
      'is one hour shorter on the spring-forward day',
      '2026-03-28T11:00:00Z',
      '2026-03-29T10:00:00Z',
      23 * 60,
    ],
    ['is one hour longer on the fall-back day', '2026-10-24T10:00:00Z', '2026-10-25T11:00:00Z', 25 * 60],
  ])('a round-the-clock calendar %s (noon to noon local)', (_name, from, to, minutes) => {
    expect(roundTheClock.businessMinutesBetween(new Date(from), new Date(to))).toBe(minutes);
  });

  it('refuses an interval that ends before it starts', () => {
    expect(() =>
      berlin.businessMinutesBetween(new Date('2026-11-24T10:00:00Z'), new Date('2026-11-24T09:00:00Z')),
    ).toThrow(CalendarRangeError);
  });

  it('refuses an invalid date', () => {
    expect(() => berlin.businessMinutesBetween(new Date('nope'), new Date())).toThrow(InvalidInstantError);
  });
});

describe('opening hours', () => {
  it.each([
    ['Tuesday 10:00 local', '2026-11-24T09:00:00Z', true],
    ['Tuesday 08:59 local', '2026-11-24T07:59:00Z', false],
    ['Tuesday 17:00 local (closing time)', '2026-11-24T16:00:00Z', false],
    ['Saturday noon', '2026-11-28T11:00:00Z', false],
    ['a holiday at noon', '2026-12-25T11:00:00Z', false],
  ])('is %s open: %s', (_name, at, open) => {
    expect(berlin.isOpen(new Date(at))).toBe(open);
  });

  it('reports weekly and daily hours', () => {
    expect(berlin.hoursPerWeek()).toBe(40);
    expect(berlin.hoursPerBusinessDay()).toBe(8);
    expect(roundTheClock.hoursPerWeek()).toBe(168);
  });

  it('describes itself on one line', () => {
    expect(berlin.describe()).toBe(
      'Business hours Mon–Fri 09:00–17:00 (Europe/Berlin), 40 h a week, 1 holiday',
    );
  });

  it('reads local dates and wall-clock times in its zone', () => {
    expect(berlin.localDate(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-24');
    expect(berlin.fromLocal(2026, 11, 24, 9, 0).toISOString()).toBe('2026-11-24T08:00:00.000Z');
    expect(berlin.fromLocal(2026, 7, 1, 9, 0).toISOString()).toBe('2026-07-01T07:00:00.000Z');
  });
});

describe('calendar configuration', () => {
  it.each([
    ['an unknown time zone', { timezone: 'Mars/Olympus', hours: weekdays('09:00', '17:00'), holidays: [] }],
    [
      'a day that closes before it opens',
      { timezone: 'UTC', hours: weekdays('17:00', '09:00'), holidays: [] },
    ],
    [
      'a week with no opening hours',
      {
        timezone: 'UTC',
        hours: { ...weekdays('09:00', '17:00'), mon: null, tue: null, wed: null, thu: null, fri: null },
        holidays: [],
      },
    ],
    [
      'an impossible holiday',
      { timezone: 'UTC', hours: weekdays('09:00', '17:00'), holidays: ['2026-02-30'] },
    ],
  ])('rejects %s', (_name, config) => {
    expect(() => createBusinessCalendar(config as CalendarConfig)).toThrow(CalendarConfigError);
  });
});
