// The policy gap: for each public commitment, the help desk's own target that governs the same
// tickets, compared in the same units. A commitment is `laxer` when the help desk could meet its
// own target on some ticket the promise covers and still break the promise; `missing` when no
// target of the help desk governs those tickets; `aligned` otherwise. See POLICY_GAP_RULES.

import type { BusinessCalendar } from '../calendar/index.ts';
import type {
  Category,
  HelpDeskPolicy,
  Operator,
  PolicyCategory,
  PolicyFilter,
  PolicyTarget,
  Qualifiers,
  Unit,
} from '../core/index.ts';
import { formatDecimal, formatQuantity } from '../digest/format.ts';
import { normaliseChannel, normalisePriority, normaliseTier } from '../ingest/normalise.ts';

export type PolicyGapStatus = 'laxer' | 'missing' | 'aligned';

/** What a commitment states, as the store holds it. */
export interface CommitmentTerms {
  id: string;
  quote: string;
  sourceUrl: string;
  category: Category;
  operator: Operator;
  threshold: number | null;
  unit: Unit | null;
  qualifiers: Qualifiers;
}

export interface GoverningTarget {
  policyId: string;
  title: string;
  format: HelpDeskPolicy['format'];
  file: string;
  vendorMetric: string;
  /** The priority the target is for (p1 … p4), null when it covers every priority. */
  severity: string | null;
  minutes: number;
  businessHours: boolean;
  /** The target as a reader says it: "8 business hours", "30 minutes". */
  stated: string;
}

export interface PolicyGap {
  commitmentId: string;
  quote: string;
  sourceUrl: string;
  category: PolicyCategory;
  status: PolicyGapStatus;
  /** "within 2 business hours". */
  promised: string;
  /** The laxest target governing the commitment's tickets (the one compared), null when missing. */
  governing: GoverningTarget | null;
  /** How many help-desk targets govern some of the commitment's tickets. */
  targets: number;
  /** Which tickets and which clock: "Pro tickets, first reply". */
  scope: string;
  /** "your help desk aims for 8 business hours; the pricing page promises 2". */
  sentence: string;
  /** How the comparison was made (units, worst case). */
  reason: string;
}

const PROMISE_UNITS = new Set<Unit>(['minutes', 'hours', 'days', 'business_hours', 'business_days']);
const CALENDAR_MINUTES: Partial<Record<Unit, number>> = { minutes: 1, hours: 60, days: 1440 };

type Dimension = 'tier' | 'severity' | 'channel';
const DIMENSIONS: { key: Dimension; normalise: (v: string) => string }[] = [
  { key: 'tier', normalise: normaliseTier },
  { key: 'severity', normalise: normalisePriority },
  { key: 'channel', normalise: normaliseChannel },
];

/** What the commitment names, normalised like the policies' filters. */
const scopeOf = (q: Qualifiers): Partial<Record<Dimension, string>> => {
  const out: Partial<Record<Dimension, string>> = {};
  for (const { key, normalise } of DIMENSIONS) {
    const v = q[key];
    if (typeof v === 'string' && v.trim()) out[key] = normalise(v);
  }
  return out;
};

const filterRelation = (
  f: PolicyFilter,
  scope: Partial<Record<Dimension, string>>,
): 'none' | 'some' | 'all' => {
  let covers = !f.other?.length;
  for (const { key } of DIMENSIONS) {
    const values = f[key];
    if (!values) continue;
    const named = scope[key];
    if (named === undefined) covers = false;
    else if (!values.includes(named)) return 'none';
  }
  return covers ? 'all' : 'some';
};

/** Whether a policy applies to none, some or all of the tickets a commitment covers. */
export const policyRelation = (policy: HelpDeskPolicy, qualifiers: Qualifiers): 'none' | 'some' | 'all' => {
  const scope = scopeOf(qualifiers);
  const base = filterRelation(policy.all, scope);
  if (base === 'none' || !policy.any?.length) return base;
  const alternatives = policy.any.map((f) => filterRelation(f, scope));
  if (alternatives.every((r) => r === 'none')) return 'none';
  return base === 'all' && alternatives.includes('all') ? 'all' : 'some';
};

/** The help desk's targets that govern some of the commitment's tickets, in matching order. */
export const governingTargets = (
  policies: readonly HelpDeskPolicy[],
  commitment: Pick<CommitmentTerms, 'category' | 'qualifiers'>,
): { policy: HelpDeskPolicy; target: PolicyTarget }[] => {
  const scope = scopeOf(commitment.qualifiers);
  const out: { policy: HelpDeskPolicy; target: PolicyTarget }[] = [];
  const ordered = [...policies].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
  for (const policy of ordered) {
    const relation = policyRelation(policy, commitment.qualifiers);
    if (relation === 'none') continue;
    const allowed = policy.all.severity;
    for (const target of policy.targets) {
      if (target.category !== commitment.category) continue;
      if (target.severity && allowed && !allowed.includes(target.severity)) continue;
      if (target.severity && scope.severity && target.severity !== scope.severity) continue;
      out.push({ policy, target });
    }
    if (relation === 'all') break;
  }
  return out;
};

/** A target as people say it: business hours in business hours (days past two of them), calendar time in minutes, hours or days. */
export const statedTarget = (
  t: Pick<PolicyTarget, 'minutes' | 'businessHours'>,
  businessDayHours: number,
): string => {
  const hours = t.minutes / 60;
  if (t.businessHours) {
    if (t.minutes < 60)
      return formatQuantity(t.minutes, 'minutes').replace(/minutes?/, (m) => `business ${m}`);
    const days = hours / businessDayHours;
    if (days >= 2 && Number.isInteger(Math.round(days * 100) / 100))
      return formatQuantity(days, 'business_days');
    return formatQuantity(Number(hours.toFixed(2)), 'business_hours');
  }
  if (t.minutes < 60) return formatQuantity(t.minutes, 'minutes');
  if (hours < 48) return formatQuantity(Number(hours.toFixed(2)), 'hours');
  return formatQuantity(Number((hours / 24).toFixed(2)), 'days');
};

const STEP_MS = 15 * 60_000;
const WEEK_MS = 7 * 86_400_000;

/** The most business minutes any wall-clock span of `minutes` holds, over the week from `weekStart`. */
export const mostBusinessMinutesIn = (
  calendar: BusinessCalendar,
  minutes: number,
  weekStart: Date,
): number => {
  let most = 0;
  for (let t = weekStart.getTime(); t < weekStart.getTime() + WEEK_MS; t += STEP_MS) {
    most = Math.max(most, calendar.businessMinutesBetween(new Date(t), new Date(t + minutes * 60_000)));
    if (most >= minutes - 1e-9) return minutes;
  }
  return most;
};

/** The longest wall-clock time, in minutes, that `business` business minutes take from any start in the week. */
export const longestSpanFor = (calendar: BusinessCalendar, business: number, weekStart: Date): number => {
  let longest = 0;
  for (let t = weekStart.getTime(); t < weekStart.getTime() + WEEK_MS; t += STEP_MS) {
    const start = new Date(t);
    // The span is at least `business` minutes; double until it holds enough, then halve the gap.
    let lo = business;
    let hi = Math.max(business, 60);
    while (calendar.businessMinutesBetween(start, new Date(t + hi * 60_000)) < business - 1e-9) {
      lo = hi;
      hi *= 2;
      if (hi > 60 * 24 * 60) return Number.POSITIVE_INFINITY;
    }
    while (hi - lo > 1) {
      const mid = (lo + hi) / 2;
      if (calendar.businessMinutesBetween(start, new Date(t + mid * 60_000)) >= business - 1e-9) hi = mid;
      else lo = mid;
    }
    longest = Math.max(longest, hi);
  }
  return longest;
};

/** The promise read on its clock: business or calendar minutes. */
const promiseMinutes = (
  c: CommitmentTerms,
  businessDayHours: number,
): { minutes: number; business: boolean } | null => {
  if (c.threshold === null || c.unit === null || !PROMISE_UNITS.has(c.unit)) return null;
  if (c.unit === 'business_hours') return { minutes: c.threshold * 60, business: true };
  if (c.unit === 'business_days') return { minutes: c.threshold * businessDayHours * 60, business: true };
  const calendarMinutes = c.threshold * (CALENDAR_MINUTES[c.unit] ?? 0);
  const duringHours = /business hours|opening hours|office hours|while (we are|support is) open/i.test(
    c.qualifiers.condition ?? '',
  );
  return { minutes: calendarMinutes, business: duringHours };
};

/**
 * Whether the target allows more than the promise, on the promise's clock; `allowed` is the
 * target's worst case on that clock, in minutes.
 */
export const compareTarget = (
  target: Pick<PolicyTarget, 'minutes' | 'businessHours'>,
  promise: { minutes: number; business: boolean },
  calendar: BusinessCalendar,
  weekStart: Date,
): { laxer: boolean; allowed: number; how: string } => {
  if (target.businessHours === promise.business) {
    return {
      laxer: target.minutes > promise.minutes + 1e-9,
      allowed: target.minutes,
      how: promise.business ? 'both in business time' : 'both in calendar time',
    };
  }
  if (target.businessHours) {
    // Business target, calendar promise: N business hours take at least N wall-clock hours.
    if (target.minutes > promise.minutes + 1e-9)
      return { laxer: true, allowed: target.minutes, how: 'a business-time target longer than the promise' };
    const span = longestSpanFor(calendar, target.minutes, weekStart);
    return {
      laxer: span > promise.minutes + 1e-9,
      allowed: span,
      how: `in business time, which can take up to ${formatDecimal(span / 60)} hours on the wall clock (outside opening hours)`,
    };
  }
  // Calendar target, business promise: a wall-clock span holds at most its own length of business time.
  if (target.minutes <= promise.minutes + 1e-9)
    return {
      laxer: false,
      allowed: target.minutes,
      how: 'a calendar-time target no longer than the promise',
    };
  const most = mostBusinessMinutesIn(calendar, target.minutes, weekStart);
  return {
    laxer: most > promise.minutes + 1e-9,
    allowed: most,
    how: `in calendar time, which holds at most ${formatDecimal(most / 60)} business hours`,
  };
};

const PAGE_NAMES: Record<string, string> = { '': 'home', index: 'home' };

/** "the pricing page", "the home page", "the SLA document" from a source URL. */
export const pageName = (url: string): string => {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // a relative path or a label: read as it is
  }
  const last = path.split('/').filter(Boolean).at(-1) ?? '';
  const pdf = /\.pdf$/i.test(last);
  const stem = last.replace(/\.[a-z0-9]+$/i, '');
  const name = PAGE_NAMES[stem.toLowerCase()] ?? stem.replace(/[-_]+/g, ' ');
  const shown = /^(sla|faq|api)$/i.test(name) ? name.toUpperCase() : name;
  return pdf ? `the ${shown} document` : `the ${shown} page`;
};

/** "2" when the promise is in the target's unit, "2 business hours" otherwise. */
const promisedFigure = (c: CommitmentTerms, stated: string): string => {
  const full = formatQuantity(c.threshold, c.unit);
  const unitOf = (s: string) => s.replace(/^[\d.,]+\s*/, '').replace(/s$/, '');
  return unitOf(full) === unitOf(stated) ? formatDecimal(c.threshold ?? 0, 2) : full;
};

const describeScope = (c: CommitmentTerms): string => {
  const parts = [c.qualifiers.tier, c.qualifiers.severity, c.qualifiers.channel].filter(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  return parts.length ? `${parts.join(' ')} tickets` : 'these tickets';
};

const METRIC_WORDS: Record<string, string> = { response_time: 'first-reply', resolution_time: 'resolution' };

/** The policy gap of every reply-time and resolution commitment with a figure (others are not compared). */
export const policyGaps = (
  commitments: readonly CommitmentTerms[],
  policies: readonly HelpDeskPolicy[],
  calendar: BusinessCalendar,
  /** The week the comparison's worst cases are taken over (the digest's week). */
  weekStart: Date,
): PolicyGap[] => {
  if (policies.length === 0) return [];
  const dayHours = calendar.hoursPerBusinessDay();
  const out: PolicyGap[] = [];
  for (const c of commitments) {
    if (c.category !== 'response_time' && c.category !== 'resolution_time') continue;
    if (c.operator !== '<=') continue;
    const promise = promiseMinutes(c, dayHours);
    if (!promise) continue;
    const promised = `within ${formatQuantity(c.threshold, c.unit)}`;
    const where = pageName(c.sourceUrl);
    const found = governingTargets(policies, c);
    const base = {
      commitmentId: c.id,
      quote: c.quote,
      sourceUrl: c.sourceUrl,
      category: c.category,
      promised,
      scope: `${describeScope(c).replace(/^these tickets$/, 'all tickets')}, ${METRIC_WORDS[c.category]?.replace('-', ' ')}`,
    };
    if (found.length === 0) {
      out.push({
        ...base,
        status: 'missing',
        governing: null,
        targets: 0,
        sentence: `your help desk has no ${METRIC_WORDS[c.category]} target for ${describeScope(c)}; ${where} promises ${formatQuantity(c.threshold, c.unit)}`,
        reason: 'no imported SLA policy governs the tickets this commitment covers',
      });
      continue;
    }
    const compared = found.map((f) => ({
      ...f,
      result: compareTarget(f.target, promise, calendar, weekStart),
    }));
    const laxest = compared.reduce((a, b) => (b.result.allowed > a.result.allowed ? b : a));
    const stated = statedTarget(laxest.target, dayHours);
    const governing: GoverningTarget = {
      policyId: laxest.policy.id,
      title: laxest.policy.title,
      format: laxest.policy.format,
      file: laxest.policy.file,
      vendorMetric: laxest.target.vendorMetric,
      severity: laxest.target.severity ?? null,
      minutes: laxest.target.minutes,
      businessHours: laxest.target.businessHours,
      stated,
    };
    const laxer = laxest.result.laxer;
    // Across clocks, say what the target can mean on the promise's clock.
    const clocks =
      laxest.target.businessHours === promise.business
        ? ''
        : laxest.target.businessHours
          ? `, up to ${formatDecimal(laxest.result.allowed / 60)} hours on the wall clock`
          : `, up to ${formatDecimal(laxest.result.allowed / 60)} business hours`;
    const which = `${laxest.policy.format === 'promisegap' ? '' : `${laxest.policy.format[0]?.toUpperCase()}${laxest.policy.format.slice(1)} `}policy “${laxest.policy.title}”${laxest.target.severity && !c.qualifiers.severity ? `, ${laxest.target.severity.toUpperCase()}` : ''}`;
    out.push({
      ...base,
      status: laxer ? 'laxer' : 'aligned',
      governing,
      targets: found.length,
      sentence: laxer
        ? `your help desk aims for ${stated} (${which}${clocks}); ${where} promises ${promisedFigure(c, stated)}`
        : `your help desk aims for ${stated} or better (${which}), within ${where}'s ${formatQuantity(c.threshold, c.unit)}`,
      reason: `${found.length} help-desk ${found.length === 1 ? 'target governs' : 'targets govern'} ${describeScope(c)}; the laxest is ${stated}, ${laxest.result.how}`,
    });
  }
  const order: Record<PolicyGapStatus, number> = { laxer: 0, missing: 1, aligned: 2 };
  return out.sort((a, b) => order[a.status] - order[b.status] || a.quote.localeCompare(b.quote));
};
