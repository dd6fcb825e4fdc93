// When an alert fires between digests: a breach of the period so far, an error budget burning too
// fast (multi-window burn rates, as the SRE workbook sets them out) or a jump in complaints.

export interface BurnRateWindow {
  /** Lookback for a promise graded over `referenceDays`; scaled to each promise's own period. */
  lookbackDays: number;
  /** Alert when the budget burns at least this many times faster than an even spend. */
  rate: number;
}

export interface AlertRules {
  fast: BurnRateWindow;
  slow: BurnRateWindow;
  /** The period the lookbacks above are written for (the workbook's 30 days). */
  referenceDays: number;
  /** A short window of 1/N of each lookback must burn too, so an alert clears soon after a fix. */
  shortWindowDivisor: number;
  complaintsJump: {
    /** Complaints alleging a breach in the fast lookback, at least... */
    minComplaints: number;
    /** ...and at least this many times the daily rate of the rest of the slow lookback. */
    factor: number;
  };
  /** A channel claimed this long ago and never confirmed is tried again (a crash mid-send). */
  staleClaimMinutes: number;
}

export const DEFAULT_ALERT_RULES: AlertRules = Object.freeze({
  fast: { lookbackDays: 1, rate: 14 },
  slow: { lookbackDays: 7, rate: 3 },
  referenceDays: 30,
  shortWindowDivisor: 12,
  complaintsJump: { minComplaints: 3, factor: 3 },
  staleClaimMinutes: 30,
});

/** Days in the period a promise is graded over, from its `window` qualifier (weekly by default). */
export const periodDays = (window: string | undefined): number => {
  const w = (window ?? '').toLowerCase();
  if (/quarter/.test(w)) return 91;
  if (/year|annual/.test(w)) return 365;
  if (/month/.test(w)) return 30;
  return 7;
};

const HOUR_MS = 3_600_000;

/**
 * A lookback scaled to the promise's period: 1 day of a 30-day month is 1/30 of its budget's time,
 * so for a weekly promise the same share is 5.6 hours. Never shorter than one hour (the rollups').
 */
export const scaledLookbackMs = (
  lookbackDays: number,
  rules: AlertRules,
  window: string | undefined,
): number =>
  Math.max(HOUR_MS, Math.round(((lookbackDays * periodDays(window)) / rules.referenceDays) * 24) * HOUR_MS);
