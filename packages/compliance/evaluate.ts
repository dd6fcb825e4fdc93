// The verdict for one promise in one window: its figures against its target, and a status with
// the reason a reader needs. Pure: the rollups, versions and previous verdict come in as input.

import type { BusinessCalendar } from '../calendar/index.ts';
import {
  type ComplaintEvidence,
  type DeliveryFigures,
  inTimeZone,
  isUnit,
  type PromiseVersion,
  type Rollup,
  type SeriesKey,
  type ServicePromise,
  type Unit,
  type Verdict,
  type VerdictStatus,
  type Window,
} from '../core/index.ts';
import { clipRollups, type SeriesSummary, seriesId, summarise } from '../rollups/index.ts';
import { EvaluationInputError } from './errors.ts';
import { unrecordedQualifiers } from './match.ts';
import { metricsForPromise, unmeasuredBecause } from './metrics.ts';
import { localDates, measurementPeriod, statedPeriod, versionInForce } from './periods.ts';
import { type EvaluationRules, rulesText } from './rules.ts';
import { formatValue, unitFactor } from './units.ts';

export interface SeriesRollups {
  key: SeriesKey;
  rollups: Rollup[];
}

export interface EvaluatePromiseInput {
  promise: ServicePromise;
  /** The promise's versions; the one in force at the window's end is graded. */
  versions?: PromiseVersion[];
  window: Window;
  /** Matched series with their rollups over the measurement period (see `measurementPeriod`). */
  series: SeriesRollups[];
  /** This promise's verdict for the previous window, for the trend. */
  previous?: Verdict | null;
  /** Complaint evidence from the complaints package, kept as passed. */
  complaints?: ComplaintEvidence | null;
  calendar: BusinessCalendar;
  rules: EvaluationRules;
  evaluatedAt: Date;
}

const DAY_MS = 86_400_000;
const DISPATCH_VS_DELIVERY =
  'a promise to ship is graded on dispatch_time and a promise of delivery on delivery_time, never one on the other';
const WORST_SHOWN = 5;

const r2 = (n: number): number => Math.round(n * 100) / 100;
const r4 = (n: number): number => Math.round(n * 10_000) / 10_000;
const pct = (n: number): string => `${Number(n.toFixed(2))}%`;

const casesNoun = (metric: string): string => {
  if (/response|resolution|ticket/.test(metric)) return 'tickets';
  if (/delivery|dispatch|order|ship/.test(metric)) return 'orders';
  if (/refund/.test(metric)) return 'refunds';
  if (/uptime|availab/.test(metric)) return 'daily samples';
  return 'cases';
};

type Mode = 'share' | 'median' | 'mean' | 'uptime';

export const evaluatePromise = (input: EvaluatePromiseInput): Verdict => {
  const { promise, calendar, rules } = input;
  if (
    Number.isNaN(Date.parse(input.window.start)) ||
    Number.isNaN(Date.parse(input.window.end)) ||
    Date.parse(input.window.end) <= Date.parse(input.window.start)
  ) {
    throw new EvaluationInputError(promise.id, `window ${input.window.id} has no valid start and end`);
  }
  // Weeks and months are the company's: a week id names Monday 00:00 to Monday 00:00 local.
  const window =
    input.window.timeZone === calendar.timezone ? input.window : inTimeZone(input.window, calendar.timezone);
  const chosen = versionInForce(promise, input.versions ?? [], window);
  const version = chosen.version;
  const terms = {
    category: promise.category,
    metric: promise.metric,
    operator: version.operator,
    threshold: version.threshold,
    unit: version.unit,
    qualifiers: version.qualifiers,
    ...(promise.gradedOn ? { gradedOn: promise.gradedOn } : {}),
  };
  const notes: string[] = chosen.note ? [chosen.note] : [];
  let windowSamples = 0;
  const verdict = (
    status: VerdictStatus,
    reason: string,
    delivery: DeliveryFigures | null,
    trend: Verdict['trend'],
  ): Verdict => ({
    promiseId: promise.id,
    window,
    status,
    reason: [reason, ...notes].join('; '),
    promise: {
      quote: version.quote,
      sourceUrl: promise.sourceUrl,
      seenAt: promise.lastSeen,
      category: promise.category,
      operator: version.operator,
      threshold: version.threshold,
      unit: version.unit,
      qualifiers: version.qualifiers,
      version: version.version,
    },
    delivery,
    complaints: input.complaints ?? null,
    trend,
    windowSamples,
    rules: rulesText(calendar, rules),
    evaluatedAt: input.evaluatedAt.toISOString(),
  });

  const metrics = metricsForPromise(terms, rules.metrics);
  const threshold = terms.threshold;
  const unit = terms.unit;
  if (metrics.length === 0 || threshold === null || unit === null) {
    return verdict('no_data', `no metric backs this promise: ${unmeasuredBecause(terms)}`, null, null);
  }
  if (terms.operator === '==') {
    return verdict(
      'no_data',
      'no metric backs this promise: an exact figure (==) is not graded on samples',
      null,
      null,
    );
  }

  const period = measurementPeriod(
    statedPeriod({ quote: version.quote, qualifiers: terms.qualifiers }),
    window,
  );
  if (period.note) notes.push(period.note);
  let unsplit = 0;
  const names = new Set(metrics.map((m) => m.metric));
  const expectedUnit = new Map(metrics.map((m) => [m.metric, m.unit]));
  const groups = new Map<Unit, { factor: number; keys: SeriesKey[]; rollups: Rollup[]; count: number }>();
  const incomparable: string[] = [];
  for (const s of input.series) {
    const metric = s.key.metric.toLowerCase();
    if (!names.has(metric)) continue;
    windowSamples += clipRollups(s.rollups, window.start, window.end).rollups.reduce(
      (n, r) => n + r.count,
      0,
    );
    const clipped = clipRollups(s.rollups, period.measured.start, period.measured.end);
    const rollups = clipped.rollups;
    unsplit += clipped.unsplit;
    const first = rollups[0];
    if (!first) continue;
    const recorded = isUnit(first.unit) ? first.unit : expectedUnit.get(metric);
    const factor = recorded ? unitFactor(unit, recorded, calendar) : null;
    if (!recorded || factor === null) {
      incomparable.push(
        `${seriesId(s.key.metric, s.key.dimensions)} is recorded in ${first.unit || 'no unit'}`,
      );
      continue;
    }
    const group = groups.get(recorded) ?? { factor, keys: [], rollups: [], count: 0 };
    group.keys.push(s.key);
    group.rollups.push(...rollups);
    group.count += rollups.reduce((n, r) => n + r.count, 0);
    groups.set(recorded, group);
  }
  const best = [...groups.entries()].sort((a, b) => b[1].count - a[1].count)[0];
  for (const [other, group] of groups) {
    if (best && other !== best[0])
      notes.push(`${group.count} samples in ${other} left out (other series are in ${best[0]})`);
  }
  if (unsplit > 0) {
    notes.push(
      `${unsplit} samples lie in UTC hours that straddle this window's local start or end and could not be split: each such hour counts whole in the window holding its first minute`,
    );
  }
  const metricList = [...names].join(' or ');
  const summary: SeriesSummary | null = best ? summarise(best[1].rollups) : null;
  if (!best || !summary) {
    const stated = Object.entries(terms.qualifiers)
      .filter(([k, v]) => ['tier', 'severity', 'channel', 'region', 'scope'].includes(k) && v !== undefined)
      .map(([k, v]) => `${k}=${String(v)}`);
    const reason = incomparable.length
      ? `no comparable data: ${incomparable.join(', ')}, which cannot be compared with a promise in ${unit}`
      : `no ${metricList} samples${stated.length ? ` matching ${stated.join(', ')}` : ''} from ${localDates(period.measured)}${promise.category === 'delivery_time' ? `: ${DISPATCH_VS_DELIVERY}` : ''}`;
    return verdict('no_data', reason, null, null);
  }
  if (incomparable.length) notes.push(`left out: ${incomparable.join(', ')}`);
  const missing = unrecordedQualifiers(terms, best[1].keys);
  if (missing.length) notes.push(`the data does not record ${missing.join(', ')}: all such cases count`);

  const [, { factor, keys }] = best;
  const thr = threshold * factor;
  const toPromiseUnit = (v: number): number => v / factor;
  const isUptime = promise.category === 'uptime' || (terms.operator === '>=' && unit === 'percent');
  const statistic = terms.qualifiers.statistic;
  const mode: Mode = isUptime
    ? 'uptime'
    : statistic === 'median'
      ? 'median'
      : statistic === 'mean'
        ? 'mean'
        : 'share';
  const atMost = terms.operator === '<=';
  const { count } = summary;
  const within = atMost
    ? summary.max <= thr
      ? count
      : summary.min > thr
        ? 0
        : summary.countAtMost(thr)
    : summary.min >= thr
      ? count
      : summary.max < thr
        ? 0
        : summary.countAtLeast(thr);
  const breaches = count - within;
  const share = (within / count) * 100;
  const clampPct = (n: number): number => Math.min(100, Math.max(0, n));
  // A promise on the mean covers no share of cases: it has no target share, only the threshold.
  const target =
    mode === 'uptime'
      ? threshold
      : mode === 'share'
        ? clampPct(terms.qualifiers.target ?? 100)
        : mode === 'median'
          ? 50
          : null;
  const attainment = mode === 'uptime' ? summary.mean : share;

  // Error budget: the share of cases (or of time) the target lets miss.
  const allowed = target === null ? 0 : 100 - target;
  const spent = Math.max(0, 100 - attainment);
  const periodFraction =
    mode === 'uptime' && period.period
      ? (new Date(period.measured.end).getTime() - new Date(period.period.start).getTime()) /
        (new Date(period.period.end).getTime() - new Date(period.period.start).getTime())
      : 1;
  const periodSpent = spent * Math.min(1, periodFraction);
  let errorBudgetLeft: number;
  let burnRate: number | null;
  if (mode === 'mean') {
    errorBudgetLeft = atMost ? 100 * (1 - summary.mean / thr) : 100 * (summary.mean / thr - 1);
    burnRate = atMost ? summary.mean / thr : thr / Math.max(summary.mean, Number.EPSILON);
  } else if (allowed > 0) {
    errorBudgetLeft = 100 * (1 - periodSpent / allowed);
    burnRate = spent / allowed;
  } else {
    errorBudgetLeft = periodSpent > 0 ? -100 : 100;
    burnRate = spent > 0 ? null : 0;
  }

  // A previous window too small to grade (no_data) has no attainment to compare with.
  const previousAttainment =
    input.previous && input.previous.status !== 'no_data'
      ? (input.previous.delivery?.attainment ?? null)
      : null;
  const delta = previousAttainment === null ? null : attainment - previousAttainment;
  const noun = casesNoun(metricList);
  const shown = (v: number) => formatValue(toPromiseUnit(v), unit);
  const worstCases = [...summary.worst].sort((a, b) => (atMost ? b.value - a.value : a.value - b.value));
  const breaching = worstCases.filter((w) => (atMost ? w.value > thr : w.value < thr));
  const worst = (breaching.length ? breaching : worstCases)
    .slice(0, breaching.length ? WORST_SHOWN : 3)
    .map((w) => ({
      ...w,
      value: r2(toPromiseUnit(w.value)),
    }));
  const delivery: DeliveryFigures = {
    series: keys.map((k) => seriesId(k.metric, k.dimensions)).sort(),
    samples: count,
    attainment: r4(attainment),
    target: target === null ? null : r4(target),
    p50: r2(toPromiseUnit(summary.quantile(0.5))),
    p90: r2(toPromiseUnit(summary.quantile(0.9))),
    p95: r2(toPromiseUnit(summary.quantile(0.95))),
    max: r2(toPromiseUnit(atMost ? summary.max : summary.min)),
    unit,
    breaches,
    errorBudgetLeft: r2(errorBudgetLeft),
    burnRate: burnRate === null ? null : r2(burnRate),
    worst,
  };
  const trend = { previousAttainment, delta: delta === null ? null : r4(delta) };

  // Local days: a span across a DST change is a whole number of days give or take an hour.
  const days = Math.round(
    (new Date(period.measured.end).getTime() - new Date(period.measured.start).getTime()) / DAY_MS,
  );
  const minimum = mode === 'uptime' ? Math.min(rules.minSamples, days) : rules.minSamples;
  if (count < minimum) {
    return verdict(
      'no_data',
      `too few samples to say: ${count} ${noun}, at least ${minimum} needed`,
      delivery,
      trend,
    );
  }

  const promised = `${terms.operator === '<=' ? 'within' : 'at least'} ${formatValue(threshold, unit)}`;
  let breached: boolean;
  let figure: string;
  switch (mode) {
    case 'uptime':
      breached = period.period ? periodSpent > allowed + 1e-9 : attainment < threshold - 1e-9;
      figure = `mean ${formatValue(attainment, 'percent')} over ${count} ${noun}, promised ${promised}`;
      break;
    case 'mean':
      breached = atMost ? summary.mean > thr : summary.mean < thr;
      figure = `mean ${shown(summary.mean)} over ${count} ${noun}, promised ${promised} on average`;
      break;
    case 'median':
      breached = within * 2 < count;
      figure = `median ${shown(summary.quantile(0.5))} (${pct(share)} of ${count} ${noun} ${promised}), promised typically ${promised}`;
      break;
    default:
      breached = within * 100 < (target ?? 100) * count - 1e-9;
      figure = `${pct(share)} of ${count} ${noun} ${promised} (target ${pct(target ?? 100)})`;
  }
  if (breached) {
    const detail =
      mode === 'uptime' && period.period
        ? `; downtime so far exceeds the whole ${period.note?.includes('quarter') ? 'quarter' : period.note?.includes('year') ? 'year' : 'month'}'s budget`
        : breaches > 0 && worst[0]
          ? `; ${breaches} missed, worst ${formatValue(worst[0].value, unit)}`
          : '';
    return verdict('breached', `breached: ${figure}${detail}`, delivery, trend);
  }
  const risks: string[] = [];
  const budgetSpent = 100 - errorBudgetLeft;
  if ((mode === 'mean' || allowed > 0) && budgetSpent > rules.atRiskBudgetSpent) {
    risks.push(
      mode === 'mean'
        ? `the mean is ${pct(budgetSpent)} of the threshold: ${pct(budgetSpent)} of the error budget is spent`
        : `${pct(budgetSpent)} of the error budget is spent`,
    );
  }
  if (mode === 'uptime' && period.period && burnRate !== null && burnRate > 1) {
    risks.push(`the period's budget is burning ${burnRate.toFixed(1)}× faster than it allows`);
  }
  if (target !== null && mode !== 'mean' && delta !== null && delta < 0 && attainment + delta < target) {
    risks.push(
      `down ${Math.abs(r2(delta))} points since the previous window: one more such window misses the target`,
    );
  }
  if (risks.length)
    return verdict('at_risk', `at risk: ${figure}, but ${risks.join(' and ')}`, delivery, trend);
  return verdict('kept', `kept: ${figure}`, delivery, trend);
};
