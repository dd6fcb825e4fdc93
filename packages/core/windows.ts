// Evaluation windows: ISO weeks ("2026-W47"), months ("2026-11") and rolling ranges, all in UTC.

import type { Window } from './domain.ts';

const DAY_MS = 86_400_000;

/** Monday 00:00 UTC of the ISO week that holds `date`. */
const isoWeekStart = (date: Date): Date => {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
  return new Date(d.getTime() - dow * DAY_MS);
};

export const isoWeekId = (date: Date): string => {
  const monday = isoWeekStart(date);
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week = 1 + Math.round((monday.getTime() - isoWeekStart(jan4).getTime()) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
};

export class WindowFormatError extends Error {
  constructor(
    readonly value: string,
    options?: ErrorOptions,
  ) {
    super(
      `not a window: "${value}" (expected an ISO week such as 2026-W47 or a month such as 2026-11)`,
      options,
    );
    this.name = 'WindowFormatError';
  }
}

export const weekWindow = (id: string): Window => {
  const m = /^(\d{4})-W(\d{2})$/.exec(id);
  if (!m) throw new WindowFormatError(id);
  const year = Number(m[1]);
  const week = Number(m[2]);
  const start = new Date(isoWeekStart(new Date(Date.UTC(year, 0, 4))).getTime() + (week - 1) * 7 * DAY_MS);
  if (week < 1 || week > 53 || isoWeekId(start) !== id) throw new WindowFormatError(id);
  return { id, start: start.toISOString(), end: new Date(start.getTime() + 7 * DAY_MS).toISOString() };
};

export const monthWindow = (id: string): Window => {
  const m = /^(\d{4})-(\d{2})$/.exec(id);
  const month = Number(m?.[2]);
  if (!m || month < 1 || month > 12) throw new WindowFormatError(id);
  const start = new Date(Date.UTC(Number(m[1]), month - 1, 1));
  const end = new Date(Date.UTC(Number(m[1]), month, 1));
  return { id, start: start.toISOString(), end: end.toISOString() };
};

export const parseWindow = (id: string): Window => (/-W\d{2}$/.test(id) ? weekWindow(id) : monthWindow(id));

/** The last ISO week that has fully ended at `now`. */
export const latestCompleteWeek = (now: Date): Window => {
  const thisWeek = isoWeekStart(now);
  return weekWindow(isoWeekId(new Date(thisWeek.getTime() - DAY_MS)));
};

export const previousWeek = (window: Window): Window =>
  weekWindow(isoWeekId(new Date(new Date(window.start).getTime() - DAY_MS)));

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

/** The calendar month (UTC) holding the end of `window`, for promises stated per month. */
export const monthOf = (date: Date): Window =>
  monthWindow(`${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`);

export const rollingWindow = (end: Date, days: number): Window => ({
  id: `rolling-${days}d-${end.toISOString().slice(0, 10)}`,
  start: new Date(end.getTime() - days * DAY_MS).toISOString(),
  end: end.toISOString(),
});
