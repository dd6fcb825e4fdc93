// Which window a promise is measured over, which version of it was in force, and the window before.

import type { PromiseVersion, ServicePromise, Window } from '../core/index.ts';
import {
  periodOf,
  periodsEndingIn,
  previousPeriod,
  previousWeek,
  rollingWindow,
  windowKind,
} from '../core/index.ts';

/** A calendar period a promise can state: the month, quarter or year. */
export type StatedPeriod = 'month' | 'quarter' | 'year';

export interface MeasurementPeriod {
  /** The span whose samples are graded (the week, or the period to date ending with the week). */
  measured: Window;
  /** The whole stated period (a month, a quarter), when the promise states one. */
  period: Window | null;
  /** Says which period was used and why, for the verdict's reason. */
  note: string | null;
}

const PERIOD_WORDS: [RegExp, StatedPeriod][] = [
  [/\bmonth(?:ly)?\b|\bper month\b|\bcalendar month\b/, 'month'],
  [/\bquarter(?:ly)?\b/, 'quarter'],
  [/\byear(?:ly)?\b|\bannual(?:ly)?\b/, 'year'],
];

// "Each month we answer…", "…per calendar quarter", "every year": a period the sentence itself
// states. "Within a month" is a duration, not a window, so only these lead-ins count.
const QUOTE_PERIOD =
  /\b(?:each|every|per|any(?: given)?|in any|over (?:the|each|any)|during (?:the|each|any))\s+(?:calendar\s+|billing\s+)?(month|quarter|year)\b|\b(monthly|quarterly|yearly|annually)\b/i;

/** The period a stated window names ("monthly", "per quarter"); null for none or "weekly". */
export const periodOfStatedWindow = (statedWindow: string | undefined): StatedPeriod | null => {
  const text = statedWindow?.trim().toLowerCase();
  if (!text) return null;
  for (const [pattern, period] of PERIOD_WORDS) if (pattern.test(text)) return period;
  return null;
};

/**
 * The period a promise is held to: its `window` qualifier, or else a period its own sentence
 * states ("Each month we answer 95% of tickets within 4 hours").
 */
export const statedPeriod = (terms: {
  quote?: string;
  qualifiers: { window?: string };
}): StatedPeriod | null => {
  const qualified = periodOfStatedWindow(terms.qualifiers.window);
  if (qualified || terms.qualifiers.window) return qualified;
  const m = QUOTE_PERIOD.exec(terms.quote ?? '');
  const word = (m?.[1] ?? m?.[2] ?? '').toLowerCase();
  return word ? periodOfStatedWindow(word) : null;
};

const iso = (ms: number): string => new Date(ms).toISOString();

/** "March 2026", "Q1 2026", "2026": how a period is named in reasons and digests. */
export const periodName = (period: Window): string => {
  const kind = windowKind(period.id);
  if (kind === 'month') {
    const [y, m] = period.id.split('-');
    const name = new Date(Date.UTC(Number(y), Number(m) - 1, 1)).toLocaleString('en-GB', {
      month: 'long',
      timeZone: 'UTC',
    });
    return `${name} ${y}`;
  }
  if (kind === 'quarter') return `${period.id.slice(5)} ${period.id.slice(0, 4)}`;
  return period.id;
};

/** Local calendar dates of a window, for reasons ("2026-03-01 to 2026-03-31", last day included). */
export const localDates = (window: Window): string => {
  const tz = window.timeZone ?? 'UTC';
  const fmt = (ms: number) => new Date(ms).toLocaleDateString('en-CA', { timeZone: tz });
  return `${fmt(new Date(window.start).getTime())} to ${fmt(new Date(window.end).getTime() - 1)}`;
};

/**
 * The measurement period for a stated period: that period to date, ending with the evaluation
 * window, in the window's time zone. When the window is the period itself (a closing verdict),
 * the whole period. Without one, the evaluation window itself.
 */
export const measurementPeriod = (stated: StatedPeriod | null, window: Window): MeasurementPeriod => {
  if (!stated) return { measured: window, period: null, note: null };
  const period = periodOf(stated, new Date(new Date(window.end).getTime() - 1), window.timeZone);
  if (period.id === window.id) {
    return {
      measured: window,
      period,
      note: `closing verdict for the whole ${stated}, ${localDates(period)}`,
    };
  }
  const measured = { ...window, id: `${window.id}:${stated}-to-date`, start: period.start };
  const note = `the promise is ${stated === 'month' ? 'monthly' : stated === 'quarter' ? 'quarterly' : 'yearly'}: measured over the ${stated} to date, ${localDates(measured)}`;
  return { measured, period, note };
};

/** The periods of the promise's kind that ended within the graded week: each gets a closing verdict. */
export const closingPeriods = (stated: StatedPeriod | null, window: Window): Window[] =>
  stated && windowKind(window.id) === 'week' ? periodsEndingIn(stated, window) : [];

/** The window before `window`: the previous ISO week, month, quarter, year, or rolling span of the same length. */
export const previousWindowOf = (window: Window): Window => {
  const kind = windowKind(window.id);
  if (kind === 'week') return previousWeek(window);
  if (kind !== null) return previousPeriod(window);
  const length = new Date(window.end).getTime() - new Date(window.start).getTime();
  const rolling = /^rolling-(\d+)d-/.exec(window.id);
  if (rolling) return rollingWindow(new Date(window.start), Number(rolling[1]));
  return {
    id: `${window.id}:previous`,
    start: iso(new Date(window.start).getTime() - length),
    end: window.start,
  };
};

export interface VersionChoice {
  version: PromiseVersion;
  note: string | null;
}

/** The version current when the promise was stored, for promises stored without version history. */
export const currentVersion = (promise: ServicePromise): PromiseVersion => ({
  promiseId: promise.id,
  version: 1,
  quote: promise.quote,
  operator: promise.operator,
  threshold: promise.threshold,
  unit: promise.unit,
  qualifiers: promise.qualifiers,
  validFrom: promise.firstSeen,
});

/** The version in force at the window's end; the first version when the promise is newer than the window. */
export const versionInForce = (
  promise: ServicePromise,
  versions: PromiseVersion[],
  window: Window,
): VersionChoice => {
  const sorted = [...versions]
    .filter((v) => v.promiseId === promise.id)
    .sort((a, b) => a.version - b.version);
  const first = sorted[0];
  if (!first) return { version: currentVersion(promise), note: null };
  const end = new Date(window.end).getTime();
  const inForce = sorted.filter((v) => new Date(v.validFrom).getTime() < end).pop();
  if (inForce) return { version: inForce, note: null };
  // With one version there is nothing else it could have said: no note.
  if (sorted.length === 1) return { version: first, note: null };
  return {
    version: first,
    note: `first seen ${first.validFrom.slice(0, 10)}, after this window: graded against its first version`,
  };
};
