// Public promises as OpenSLO v1 documents, so an SRE team can keep them beside its internal
// objectives. One `Service` per company, one `SLO` per measurable commitment; what has no
// OpenSLO form (opening hours, a refund window, a promise on the mean) is listed with the reason.

import { stringify } from 'yaml';
import type { Category, Operator, Qualifiers, Unit, Verdict } from '../core/index.ts';
import { ExportInputError } from './errors.ts';

export const OPENSLO_API_VERSION = 'openslo/v1';

/** The annotation keys promisegap writes on each SLO (OpenSLO allows any `domain/key`). */
export const ANNOTATIONS = {
  promiseId: 'promisegap.dev/promise-id',
  sourceUrl: 'promisegap.dev/source-url',
  quote: 'promisegap.dev/quote',
  promisedTarget: 'promisegap.dev/promised-target-percent',
  unit: 'promisegap.dev/unit',
} as const;

interface Metadata {
  name: string;
  displayName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface MetricSource {
  type: string;
  spec: Record<string, unknown>;
}

export interface OpenSloService {
  apiVersion: typeof OPENSLO_API_VERSION;
  kind: 'Service';
  metadata: Metadata;
  spec: { description?: string };
}

export interface OpenSloObjective {
  displayName?: string;
  op?: 'lte' | 'gte' | 'lt' | 'gt';
  value?: number;
  target?: number;
  targetPercent?: number;
}

export interface OpenSloSlo {
  apiVersion: typeof OPENSLO_API_VERSION;
  kind: 'SLO';
  metadata: Metadata;
  spec: {
    description?: string;
    service: string;
    indicator: {
      metadata: Metadata;
      spec:
        | { thresholdMetric: { metricSource: MetricSource } }
        | {
            ratioMetric: {
              counter: boolean;
              rawType: 'success' | 'failure';
              raw: { metricSource: MetricSource };
            };
          };
    };
    timeWindow: [{ duration: string; isRolling: false; calendar: { startTime: string; timeZone: string } }];
    budgetingMethod: 'Occurrences';
    objectives: OpenSloObjective[];
  };
}

export type OpenSloDocument = OpenSloService | OpenSloSlo;

export interface SkippedCommitment {
  promiseId: string;
  quote: string;
  reason: string;
}

export interface OpenSloExport {
  documents: OpenSloDocument[];
  skipped: SkippedCommitment[];
}

export interface OpenSloInput {
  /** The company the promises belong to (its name becomes the Service). */
  company: string;
  /** The business calendar's IANA zone: every calendar-aligned window is in it. */
  timezone: string;
  /** The verdicts of one window: each names its promise, and the series that measured it. */
  verdicts: Verdict[];
  /** The data source type written into each indicator (the store the metrics live in). */
  sourceType?: string;
}

const TIME_UNITS: ReadonlySet<Unit> = new Set<Unit>([
  'minutes',
  'hours',
  'business_hours',
  'days',
  'business_days',
]);
const SCHEDULE_ONLY: ReadonlySet<Category> = new Set<Category>(['availability_hours', 'credit_compensation']);

/**
 * OpenSLO objectives take a target in [0, 1): a promise that covers every case ("all tickets
 * within 4 hours") is written with this nearest target, and its annotation keeps the promised 100.
 */
export const EVERY_CASE_TARGET = 0.9999;

/** DNS-1123 label: lowercase letters, digits and '-', at most 63, alphanumeric at both ends. */
export const dnsLabel = (text: string, fallback = 'x'): string => {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = slug.slice(0, 63).replace(/-+$/g, '');
  return cut || fallback;
};

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/** `metric{k=v,…}` as stored; values may be encoded, so only the first `{` and last `}` split. */
const parseSeries = (series: string): { metric: string; dimensions: Record<string, string> } => {
  const open = series.indexOf('{');
  if (open < 0 || !series.endsWith('}')) return { metric: series, dimensions: {} };
  const dimensions: Record<string, string> = Object.create(null);
  for (const pair of series.slice(open + 1, -1).split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) dimensions[decodeURIComponent(pair.slice(0, eq))] = decodeURIComponent(pair.slice(eq + 1));
  }
  return { metric: series.slice(0, open), dimensions: { ...dimensions } };
};

/** The calendar window a promise is graded over, as OpenSLO's calendar-aligned duration. */
export const windowDuration = (
  qualifiers: Qualifiers,
): { duration: string; period: 'week' | 'month' | 'quarter' | 'year' } => {
  const window = (qualifiers.window ?? '').toLowerCase();
  if (/quarter/.test(window)) return { duration: '1Q', period: 'quarter' };
  if (/year|annual/.test(window)) return { duration: '1Y', period: 'year' };
  if (/month/.test(window)) return { duration: '1M', period: 'month' };
  return { duration: '1w', period: 'week' };
};

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * The start of the calendar period that holds the graded window, as local wall time (OpenSLO's
 * `startTime` has no zone: `timeZone` gives it). A week starts on its ISO Monday.
 */
export const periodStart = (windowId: string, period: 'week' | 'month' | 'quarter' | 'year'): string => {
  const week = /^(\d{4})-W(\d{2})$/.exec(windowId);
  const month = /^(\d{4})-(\d{2})$/.exec(windowId);
  let year: number;
  let monthIndex: number;
  let day = 1;
  if (week) {
    const jan4 = new Date(Date.UTC(Number(week[1]), 0, 4));
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000);
    const start = new Date(monday.getTime() + (Number(week[2]) - 1) * 7 * 86_400_000);
    year = start.getUTCFullYear();
    monthIndex = start.getUTCMonth();
    day = start.getUTCDate();
  } else if (month) {
    year = Number(month[1]);
    monthIndex = Number(month[2]) - 1;
  } else {
    throw new ExportInputError(
      `cannot place window "${windowId}" on a calendar (expected 2026-W47 or 2026-11)`,
    );
  }
  if (period === 'month') day = 1;
  if (period === 'quarter') {
    monthIndex -= monthIndex % 3;
    day = 1;
  }
  if (period === 'year') {
    monthIndex = 0;
    day = 1;
  }
  return `${year}-${pad(monthIndex + 1)}-${pad(day)} 00:00:00`;
};

const opFor = (operator: Operator): 'lte' | 'gte' | undefined =>
  operator === '<=' ? 'lte' : operator === '>=' ? 'gte' : undefined;

/** Why a commitment has no OpenSLO form, or undefined when it has one. */
export const unexportableBecause = (verdict: Verdict): string | undefined => {
  const { category, operator, threshold, unit, qualifiers } = verdict.promise;
  if (SCHEDULE_ONLY.has(category))
    return category === 'availability_hours'
      ? 'opening hours are a schedule, not an objective over measured events'
      : 'compensation is what is owed after a miss, not an objective';
  if (threshold === null || unit === null)
    return 'the promise states no figure a metric can be compared with';
  if (qualifiers.negated) return 'the statement says what is not promised';
  if (qualifiers.statistic === 'mean')
    return 'a promise on the mean has no OpenSLO objective (objectives count events or time slices)';
  if (category === 'uptime')
    return unit === 'percent' && operator === '>=' ? undefined : 'uptime not stated as a percentage floor';
  if (!TIME_UNITS.has(unit)) return `unit ${unit} is not a time a metric measures`;
  if (operator !== '<=')
    return 'a time promise that is not an upper bound (a window the customer holds) is a policy';
  if (!verdict.delivery) return 'no metric measures it yet: an SLO needs an indicator';
  return undefined;
};

const describe = (verdict: Verdict): string =>
  clip(
    `Public promise: "${verdict.promise.quote}" (${verdict.promise.sourceUrl}, seen ${verdict.promise.seenAt.slice(0, 10)})`,
    1050,
  );

/** Builds the Service and one SLO per measurable commitment of the window's verdicts. */
export const toOpenSlo = (input: OpenSloInput): OpenSloExport => {
  if (!input.timezone)
    throw new ExportInputError('the business calendar has no time zone: OpenSLO windows need one');
  const service = dnsLabel(input.company, 'service');
  const documents: OpenSloDocument[] = [
    {
      apiVersion: OPENSLO_API_VERSION,
      kind: 'Service',
      metadata: { name: service, displayName: clip(input.company, 200) },
      spec: {
        description: clip(
          `What ${input.company} promises in public, read from its own pages by promisegap.`,
          1050,
        ),
      },
    },
  ];
  const skipped: SkippedCommitment[] = [];
  const names = new Set<string>();
  const sourceType = input.sourceType ?? 'promisegap';
  const ordered = [...input.verdicts].sort((a, b) => a.promiseId.localeCompare(b.promiseId));
  for (const verdict of ordered) {
    const reason = unexportableBecause(verdict);
    if (reason) {
      skipped.push({ promiseId: verdict.promiseId, quote: verdict.promise.quote, reason });
      continue;
    }
    const { category, operator, threshold, unit, qualifiers } = verdict.promise;
    const series = (verdict.delivery?.series ?? []).map(parseSeries);
    const metric = series[0]?.metric ?? category;
    const labels: Record<string, string> = { category: dnsLabel(category) };
    for (const key of ['tier', 'severity', 'channel', 'region'] as const) {
      const value = qualifiers[key];
      if (value) labels[key] = dnsLabel(value);
    }
    const base = dnsLabel(
      [category.replace('_time', ''), qualifiers.tier, qualifiers.severity, qualifiers.channel]
        .filter(Boolean)
        .join(' '),
    ).slice(0, 48);
    const name = dnsLabel(`${base}-${dnsLabel(verdict.promiseId).slice(-12)}`);
    if (names.has(name)) throw new ExportInputError(`two commitments export as the same SLO name "${name}"`);
    names.add(name);
    const { duration, period } = windowDuration(qualifiers);
    const promisedTarget = category === 'uptime' ? (threshold as number) : (verdict.delivery?.target ?? 100);
    const source: MetricSource = {
      type: sourceType,
      spec: { metric, series: series.map((s) => ({ metric: s.metric, dimensions: s.dimensions })), unit },
    };
    const objective: OpenSloObjective =
      category === 'uptime'
        ? {
            displayName: `at least ${threshold} % available`,
            targetPercent: Math.min(threshold as number, 99.9999),
          }
        : {
            displayName: `${operator} ${threshold} ${unit}`,
            op: opFor(operator),
            value: threshold as number,
            target: promisedTarget >= 100 ? EVERY_CASE_TARGET : Math.max(0, promisedTarget / 100),
          };
    documents.push({
      apiVersion: OPENSLO_API_VERSION,
      kind: 'SLO',
      metadata: {
        name,
        displayName: clip(verdict.promise.quote, 200),
        labels,
        annotations: {
          [ANNOTATIONS.promiseId]: verdict.promiseId,
          [ANNOTATIONS.sourceUrl]: verdict.promise.sourceUrl,
          [ANNOTATIONS.quote]: clip(verdict.promise.quote, 500),
          [ANNOTATIONS.promisedTarget]: String(promisedTarget),
          [ANNOTATIONS.unit]: String(unit),
        },
      },
      spec: {
        description: describe(verdict),
        service,
        indicator: {
          metadata: { name: dnsLabel(`${metric}-${name}`.slice(0, 63)) },
          spec:
            category === 'uptime'
              ? { ratioMetric: { counter: false, rawType: 'success', raw: { metricSource: source } } }
              : { thresholdMetric: { metricSource: source } },
        },
        timeWindow: [
          {
            duration,
            isRolling: false,
            calendar: { startTime: periodStart(verdict.window.id, period), timeZone: input.timezone },
          },
        ],
        budgetingMethod: 'Occurrences',
        objectives: [objective],
      },
    });
  }
  return { documents, skipped };
};

/** One YAML stream, documents separated by `---`, as OpenSLO tools read them. */
export const openSloYaml = (documents: OpenSloDocument[]): string =>
  documents.map((doc) => stringify(doc, { lineWidth: 0 })).join('---\n');
