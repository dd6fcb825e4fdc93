// Which window a promise is measured over, which version of it was in force, and the window before.

import type { PromiseVersion, ServicePromise, Window } from '../core/index.ts';
import { monthWindow, previousWeek, rollingWindow } from '../core/index.ts';

const DAY_MS = 86_400_000;

export interface MeasurementPeriod {
  /** The span whose samples are graded (the week, or the period to date ending with the week). */
  measured: Window;
  /** The whole stated period (a month, a quarter), when the promise states one. */
  period: Window | null;
  /** Says which period was used and why, for the verdict's reason. */
  note: string | null;
}

const PERIOD_MONTHS: Record<string, number> = {
  monthly: 1,
  month: 1,
  'per month': 1,
  'calendar month': 1,
  quarterly: 3,
  quarter: 3,
  'per quarter': 3,
  yearly: 12,
  annual: 12,
  annually: 12,
  year: 12,
  'per year': 12,
};

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The measurement period for a stated window ("monthly"): that period to date, ending with the
 * evaluation window. Without one (or "weekly"), the evaluation window itself.
 */
export const measurementPeriod = (statedWindow: string | undefined, window: Window): MeasurementPeriod => {
  const months = statedWindow ? PERIOD_MONTHS[statedWindow.trim().toLowerCase()] : undefined;
  if (!months) return { measured: window, period: null, note: null };
  const last = new Date(new Date(window.end).getTime() - 1);
  const startMonth = Math.floor(last.getUTCMonth() / months) * months;
  const periodStart = Date.UTC(last.getUTCFullYear(), startMonth, 1);
  const periodEnd = Date.UTC(last.getUTCFullYear(), startMonth + months, 1);
  const name = months === 1 ? 'month' : months === 3 ? 'quarter' : 'year';
  const measured = { id: `${window.id}:${name}-to-date`, start: iso(periodStart), end: window.end };
  const period = {
    id:
      months === 1
        ? monthWindow(iso(periodStart).slice(0, 7)).id
        : `${iso(periodStart).slice(0, 7)}+${months}m`,
    start: iso(periodStart),
    end: iso(periodEnd),
  };
  const note = `the promise is ${statedWindow?.trim().toLowerCase()}: measured over the ${name} to date, ${measured.start.slice(0, 10)} to ${iso(new Date(window.end).getTime() - DAY_MS).slice(0, 10)}`;
  return { measured, period, note };
};

/** The window before `window`: the previous ISO week, month, or rolling span of the same length. */
export const previousWindowOf = (window: Window): Window => {
  if (/^\d{4}-W\d{2}$/.test(window.id)) return previousWeek(window);
  if (/^\d{4}-\d{2}$/.test(window.id)) {
    const start = new Date(window.start);
    return monthWindow(iso(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 1, 1)).slice(0, 7));
  }
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
