// A commitment's identity: what it means, from whichever page states it. Two pages that promise
// the same thing to the same customers are one commitment; the normalisation below only drops
// what does not change the meaning (casing, a heading that restates the measure, "every" = 100%).

import { canonicalJson, type PromiseTerms, type Qualifiers, stableId } from '../core/index.ts';

/** Words of a scope that only name the measure ("First response time", "Monthly uptime commitment"). */
const MEASURE_WORDS = new Set([
  'first',
  'response',
  'responses',
  'reply',
  'time',
  'times',
  'uptime',
  'monthly',
  'commitment',
  'support',
  'hours',
  'coverage',
  'resolution',
  'availability',
  'service',
  'level',
  'returns',
  'refunds',
  'and',
  'target',
  'targets',
  'guarantee',
]);

const TIMEZONES: Record<string, string> = {
  et: 'et',
  eastern: 'et',
  'eastern time': 'et',
  est: 'et',
  edt: 'et',
  'america/new_york': 'et',
  pt: 'pt',
  pacific: 'pt',
  'pacific time': 'pt',
  utc: 'utc',
  gmt: 'utc',
};

const loose = (value: string): string => value.trim().toLowerCase().replace(/\s+/g, ' ');

const onlyNamesTheMeasure = (scope: string, channel: string | undefined): boolean => {
  const words = loose(scope)
    .replace(/\([^)]*\)/g, ' ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.length === 0) return true;
  return words.every((w) => MEASURE_WORDS.has(w) || (channel !== undefined && w === loose(channel)));
};

/** The qualifiers as they count for identity: the same meaning always gives the same object. */
export const identityQualifiers = (q: Qualifiers): Record<string, string | number | boolean> => {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(q)) {
    if (value === undefined || value === null || value === '') continue;
    if (key === 'target' && value === 100) continue;
    if (key === 'negated' && value === false) continue;
    if (key === 'scope' && typeof value === 'string' && onlyNamesTheMeasure(value, q.channel)) continue;
    if (key === 'timezone' && typeof value === 'string') {
      out[key] = TIMEZONES[loose(value)] ?? loose(value);
      continue;
    }
    out[key] = typeof value === 'string' ? loose(value) : value;
  }
  return out;
};

/** Metric names that name the same measure: a "response" promise is a first-response promise. */
const METRIC_ALIASES: Record<string, string> = { response_time: 'first_response_time' };

const identityMetric = (metric: string): string => {
  const m = metric.trim().toLowerCase();
  return METRIC_ALIASES[m] ?? m;
};

/** The key of a commitment: category, metric, operator, threshold, unit and qualifiers. */
export const commitmentKey = (t: PromiseTerms): string =>
  canonicalJson({
    category: t.category,
    metric: identityMetric(t.metric),
    operator: t.operator,
    threshold: t.threshold,
    unit: t.unit,
    qualifiers: identityQualifiers(t.qualifiers),
  });

export const commitmentId = (t: PromiseTerms): string => stableId('cmt', commitmentKey(t));

/** What a commitment is about, without its figure: two commitments that share it and differ in figure contradict. */
export const subjectKey = (t: PromiseTerms): string =>
  canonicalJson({
    category: t.category,
    metric: identityMetric(t.metric),
    qualifiers: identityQualifiers(t.qualifiers),
  });
