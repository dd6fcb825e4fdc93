// Public entry of the business calendar: business time between instants, in a time zone.

export { type BusinessCalendar, createBusinessCalendar, MAX_SPAN_YEARS } from './calendar.ts';
export { CalendarConfigError, CalendarRangeError, CalendarSpanError, InvalidInstantError } from './errors.ts';
export { createZonedClock, type ZonedClock } from './zoned.ts';
