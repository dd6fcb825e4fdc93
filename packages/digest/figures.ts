// The facts of one verdict in a reader's words, shared by the digest and the dashboard so both say the
// same thing: what was promised, what was measured (the measured event, not the category), the period's
// uptime with its downtime budget in minutes, the error budget in words, and a trend that agrees with
// the figures shown beside it.

import { measurementPeriod, statedPeriod } from '../compliance/index.ts';
import type { DigestVerdict } from './content.ts';
import {
  casesPhrase,
  formatDate,
  formatDecimal,
  formatDelta,
  formatInt,
  formatMeasured,
  formatShare,
  NOT_KNOWN,
  promisedPhrase,
  sharePhrase,
} from './format.ts';
import { type Measure, measureOf, promiseIsAbout } from './measures.ts';

export interface UptimeFacts {
  /** "November to date", "October", "this week". */
  period: string;
  /** The period's uptime, "99.958%". */
  uptime: string;
  promised: string;
  /** Downtime in minutes so far and the period's whole allowance; null when the promise allows none. */
  downtimeMinutes: number;
  budgetMinutes: number;
  /** "13.5 min of the month's 21.6 min downtime budget used, 8.1 min left" / "downtime budget used up: …, 9.4 min over". */
  budgetLine: string;
  /** "99.38% on 17 Nov", the worst single day. */
  worstDay: string | null;
  services: number;
}

export interface VerdictFacts {
  measure: Measure;
  /** "within 2 business hours", "at least 99.95% monthly uptime". */
  promised: string;
  /** "28% of 98 Pro tickets answered within 2 business hours"; null without measurements. */
  delivered: string | null;
  /** "median 3.7 business hours, p90 8 business hours, slowest 8.8 business hours". */
  spread: string | null;
  /** Set when the data measured something narrower than the promise (dispatch for an arrival promise). */
  measuredNote: string | null;
  uptime: UptimeFacts | null;
  /** The error budget in words: "budget used up: …", "62% of the error budget used, 38% left". */
  budget: string | null;
  /** Attainment and target as shown ("28%", "100%"), at a precision that keeps them on the right side. */
  attainmentShown: string | null;
  targetShown: string | null;
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const isUptime = (v: DigestVerdict, measure: Measure): boolean =>
  measure.metric === 'uptime' || (v.promise.category === 'uptime' && v.promise.unit === 'percent');

const MINUTE = 60_000;

const minutes = (n: number): string => `${formatDecimal(n, n < 10 ? 1 : 0)} min`;

const monthName = (iso: string): string =>
  new Date(iso).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });

const shortDay = (iso: string): string =>
  new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

const uptimeFacts = (v: DigestVerdict): UptimeFacts | null => {
  const d = v.delivery;
  if (!d || d.samples <= 0 || !isFiniteNumber(d.attainment)) return null;
  const period = measurementPeriod(
    statedPeriod({ quote: v.promise.quote, qualifiers: v.promise.qualifiers ?? {} }),
    v.window,
  );
  const target = d.target ?? v.promise.threshold ?? 100;
  const measuredMs = new Date(period.measured.end).getTime() - new Date(period.measured.start).getTime();
  const whole = period.period ?? period.measured;
  const wholeMs = new Date(whole.end).getTime() - new Date(whole.start).getTime();
  const running = period.period !== null && new Date(v.window.end) < new Date(period.period.end);
  const label = period.period
    ? /^\d{4}-\d{2}$/.test(period.period.id)
      ? `${monthName(period.period.start)}${running ? ' to date' : ''}`
      : `the period to date (from ${formatDate(period.period.start)})`
    : 'this week';
  const periodWord = period.period ? (/^\d{4}-\d{2}$/.test(period.period.id) ? 'month' : 'period') : 'week';
  const downtime = (Math.max(0, 100 - d.attainment) / 100) * (measuredMs / MINUTE);
  const budget = (Math.max(0, 100 - target) / 100) * (wholeMs / MINUTE);
  // Used, allowance and what is left at one precision, the rest worked out from the figures shown,
  // so "13.5 of 21.6 min used, 8.1 min left" adds up on the page.
  const digits = budget < 100 ? 1 : 0;
  const f = 10 ** digits;
  const shown = (n: number) => Math.round(n * f) / f;
  const usedShown = shown(downtime);
  const budgetShown = shown(budget);
  const left = shown(budgetShown - usedShown);
  const min = (n: number) => `${formatDecimal(n, digits)} min`;
  const budgetLine =
    budget <= 0
      ? `the promise allows no downtime; ${minutes(downtime)} so far`
      : left < 0
        ? `downtime budget used up: ${min(usedShown)} against the ${periodWord}'s ${min(budgetShown)}, ${min(-left)} over`
        : `${min(usedShown)} of the ${periodWord}'s ${min(budgetShown)} downtime budget used, ${min(left)} left`;
  const worst = [...d.worst].sort((a, b) => a.value - b.value)[0];
  const worstValue = isFiniteNumber(d.max) ? d.max : worst?.value;
  const worstDay = isFiniteNumber(worstValue)
    ? `${formatDecimal(worstValue, 2)}%${worst && Math.abs(worst.value - worstValue) < 0.005 ? ` on ${shortDay(worst.at)}` : ''}`
    : null;
  const window = v.promise.qualifiers?.window ? `${v.promise.qualifiers.window} ` : '';
  return {
    period: label,
    // One digit past the promise's own: 99.958% against 99.95% shows how close it runs.
    uptime: formatShare(d.attainment, target, 1),
    promised: `at least ${formatDecimal(v.promise.threshold ?? target, 3)}% ${window}uptime`,
    downtimeMinutes: downtime,
    budgetMinutes: budget,
    budgetLine,
    worstDay,
    services: d.series.length,
  };
};

/** The error budget in words (for share promises; uptime speaks in minutes). */
export const budgetWords = (v: DigestVerdict): string | null => {
  const d = v.delivery;
  // A promise on the mean has no share target: its budget is the figure itself, said elsewhere.
  if (!d || d.samples <= 0 || !isFiniteNumber(d.errorBudgetLeft) || d.target === null) return null;
  const allowed = 100 - d.target;
  const missed = `${formatInt(d.breaches)} of ${formatInt(d.samples)} missed`;
  if (allowed <= 0) return d.breaches > 0 ? `the promise allows no misses: ${missed}` : null;
  if (d.errorBudgetLeft < 0) {
    const times = isFiniteNumber(d.burnRate)
      ? `, ${formatDecimal(d.burnRate, 1)}× the ${formatDecimal(allowed, 2)}% the target allows`
      : '';
    return `budget used up: ${missed}${times}`;
  }
  const used = Math.min(100, Math.max(0, 100 - d.errorBudgetLeft));
  const burn =
    isFiniteNumber(d.burnRate) && d.burnRate > 1
      ? `; spending it ${formatDecimal(d.burnRate, 1)}× faster than the target allows`
      : '';
  return `${formatDecimal(used, 0)}% of the error budget used, ${formatDecimal(100 - used, 0)}% left${burn}`;
};

export const describeVerdict = (v: DigestVerdict, minSamples = 1): VerdictFacts => {
  const { promise } = v;
  const d = v.delivery ?? null;
  const measure = measureOf(promise.category, d?.series);
  const uptime = isUptime(v, measure) ? uptimeFacts(v) : null;
  const target = d && isFiniteNumber(d.target) ? d.target : (promise.qualifiers?.target ?? null);
  const promisedFigure = promisedPhrase(promise.operator, promise.threshold, promise.unit);
  const coverage =
    !uptime && isFiniteNumber(target) && target < 100 ? ` for ${formatDecimal(target, 2)}% of cases` : '';
  const promised = uptime ? uptime.promised : `${promisedFigure}${coverage}`;
  const about = promiseIsAbout(measure, promise.quote);
  // For a "within" promise the measured span comes first, so the full figure can only be worse.
  const measuredNote =
    d && !about
      ? `Only ${measure.span} is measured, a part of what this promise covers${promise.operator === '<=' ? ': the full figure can only be worse' : ''}.`
      : null;
  if (!d || d.samples <= 0) {
    return {
      measure,
      promised,
      delivered: null,
      spread: null,
      measuredNote,
      uptime,
      budget: null,
      attainmentShown: null,
      targetShown: isFiniteNumber(target) ? `${formatDecimal(target, 3)}%` : null,
    };
  }
  const unit = d.unit ?? promise.unit;
  const cases = casesPhrase(promise.category, promise.qualifiers ?? {}, measure.noun);
  const few =
    d.samples < minSamples
      ? ` (only ${formatInt(d.samples)} measured, fewer than the ${formatInt(minSamples)} needed)`
      : '';
  let delivered: string;
  let spread: string | null;
  if (uptime) {
    const services = uptime.services > 1 ? ` across ${uptime.services} services` : '';
    delivered = `${uptime.uptime} uptime in ${uptime.period} (${formatInt(d.samples)} daily samples${services})${few}`;
    spread = uptime.worstDay ? `worst day ${uptime.worstDay}` : null;
  } else {
    delivered = isFiniteNumber(d.attainment)
      ? sharePhrase([
          `${formatShare(d.attainment, target)} of ${formatInt(d.samples)}`,
          cases,
          measure.verb,
          promisedFigure,
        ]) + few
      : `share within the promise ${NOT_KNOWN} (${formatInt(d.samples)} ${cases} measured)${few}`;
    spread =
      promise.operator === '<='
        ? `median ${formatMeasured(d.p50, unit)}, p90 ${formatMeasured(d.p90, unit)}, slowest ${formatMeasured(d.max, unit)}`
        : `median ${formatMeasured(d.p50, unit)}`;
  }
  return {
    measure,
    promised,
    delivered,
    spread,
    measuredNote,
    uptime,
    budget: uptime ? uptime.budgetLine : budgetWords(v),
    attainmentShown: isFiniteNumber(d.attainment) ? formatShare(d.attainment, target) : null,
    targetShown: isFiniteNumber(target) ? `${formatDecimal(target, 3)}%` : null,
  };
};

/**
 * The change since last window, in words that agree with the two figures shown: "down 0.006 points
 * from 99.964%", never "unchanged" beside two different figures.
 */
export const trendWords = (
  current: number | null,
  previous: number | null,
  target: number | null,
  periodWord: string,
  extraDigits = 0,
): string => {
  if (previous === null) return `no figure for last ${periodWord}`;
  const before = formatShare(previous, target, extraDigits);
  if (current === null) return `${before} last ${periodWord}; this ${periodWord} ${NOT_KNOWN}`;
  const now = formatShare(current, target, extraDigits);
  if (now === before) return `unchanged at ${now} since last ${periodWord}`;
  return `${shownDelta(now, before)} from ${before} last ${periodWord}`;
};

/**
 * The difference between two shares as shown ("47%" and "78%" → "down 31 points"), so the words
 * agree with the figures beside them even when each was rounded down on its own.
 */
const shownDelta = (now: string, before: string): string => {
  const value = (s: string) => Number(s.replace(/[%,]/g, ''));
  const decimals = (s: string) => (s.replace('%', '').split('.')[1] ?? '').length;
  const digits = Math.max(decimals(now), decimals(before));
  const f = 10 ** digits;
  const diff = Math.round((value(now) - value(before)) * f) / f;
  if (!Number.isFinite(diff)) return formatDelta(0);
  const shown = formatDecimal(Math.abs(diff), digits);
  return `${diff < 0 ? 'down' : 'up'} ${shown} ${shown === '1' ? 'point' : 'points'}`;
};

const normQuote = (q: string): string => q.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Which verdicts a reader counts as one promise: measured ones graded on the same series with the
 * same figures; unmeasured ones stated in the same words. The digest and the dashboard group alike,
 * so "4 promises broken" means the same on both.
 */
export const statementKey = (v: DigestVerdict): string => {
  const d = v.delivery;
  const facts = describeVerdict(v);
  if (v.status === 'no_data' || !d || d.series.length === 0) {
    return `${v.status}\u0000${normQuote(v.promise.quote)}\u0000${facts.promised}`;
  }
  return `${v.status}\u0000${[...d.series].sort().join('|')}\u0000${facts.promised}\u0000${facts.delivered}\u0000${facts.spread}`;
};
