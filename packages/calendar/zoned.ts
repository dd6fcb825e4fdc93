// Fast conversions between instants and wall-clock times in one IANA zone. Intl lookups cost tens
// of microseconds, so offsets are cached: one pair per UTC day, quarter hours on a transition day
// (offsets change on quarter-hour boundaries in every zone in use).

import { tzOffset } from '@date-fns/tz';

const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;
const CACHE_LIMIT = 50_000;

export interface ZonedClock {
  /** The zone's UTC offset at an instant, in minutes. */
  offsetMinutes(ms: number): number;
  /** The offset at the start of the quarter hour holding `ms`: one cached lookup, for probing. */
  probeOffsetMinutes(ms: number): number;
  /** The instant of a wall-clock time (month 0-11, days may overflow). A time skipped by a DST
   * change moves forward by the gap, as clocks do; a repeated time takes its later instant. */
  toInstant(
    year: number,
    month: number,
    day: number,
    hour?: number,
    minute?: number,
    second?: number,
    ms?: number,
  ): number;
  /** Wall-clock parts of an instant (month 0-11). */
  toLocal(ms: number): { year: number; month: number; day: number; hour: number; minute: number };
}

export const createZonedClock = (timezone: string): ZonedClock => {
  const cache = new Map<number, number>();
  const lookup = (bucket: number): number => {
    let offset = cache.get(bucket);
    if (offset === undefined) {
      offset = tzOffset(timezone, new Date(bucket));
      if (Number.isNaN(offset)) offset = 0;
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(bucket, offset);
    }
    return offset;
  };
  const offsetMinutes = (ms: number): number => {
    const day = Math.floor(ms / DAY_MS) * DAY_MS;
    const atStart = lookup(day);
    if (atStart === lookup(day + DAY_MS)) return atStart;
    return lookup(Math.floor(ms / QUARTER_MS) * QUARTER_MS);
  };
  return {
    offsetMinutes,
    probeOffsetMinutes: (ms) => lookup(Math.floor(ms / QUARTER_MS) * QUARTER_MS),
    toInstant(year, month, day, hour = 0, minute = 0, second = 0, ms = 0) {
      const wall = Date.UTC(year, month, day, hour, minute, second, ms);
      const first = offsetMinutes(wall);
      const guess = wall - first * 60_000;
      const second_ = offsetMinutes(guess);
      return second_ === first ? guess : wall - second_ * 60_000;
    },
    toLocal(ms) {
      const local = new Date(ms + offsetMinutes(ms) * 60_000);
      return {
        year: local.getUTCFullYear(),
        month: local.getUTCMonth(),
        day: local.getUTCDate(),
        hour: local.getUTCHours(),
        minute: local.getUTCMinutes(),
      };
    },
  };
};
