// What each metric measures, in a customer's words: the one vocabulary the config (evaluation.metrics),
// the store (series ids "metric{dims}"), the verdict (delivery.series) and docs/metrics.md share. A
// sentence about delivery says what was measured — dispatch, first reply, uptime — never the promise's
// category when the data measured something narrower.

import type { Category } from '../core/index.ts';

export interface Measure {
  /** The metric name as it appears in series ids and in `evaluation.metrics`. */
  metric: string;
  /** What one case is: "tickets", "orders", "days". */
  noun: string;
  /** What happened to a case within the figure: "answered", "dispatched"; empty for uptime. */
  verb: string;
  /** What the clock measures, for the reader: "order to dispatch". */
  span: string;
  /**
   * Words a promise uses when it is about this event. A promise of the same category that does not
   * use them (an arrival promise measured on dispatch) gets no rewording from these figures.
   */
  promiseWords?: RegExp;
}

const MEASURES: readonly Measure[] = [
  { metric: 'first_response_time', noun: 'tickets', verb: 'answered', span: 'ticket to first reply' },
  {
    metric: 'first_response_business_time',
    noun: 'tickets',
    verb: 'answered',
    span: 'ticket to first reply, in business time',
  },
  { metric: 'resolution_time', noun: 'tickets', verb: 'resolved', span: 'ticket to resolution' },
  {
    metric: 'resolution_business_time',
    noun: 'tickets',
    verb: 'resolved',
    span: 'ticket to resolution, in business time',
  },
  { metric: 'uptime', noun: 'days', verb: '', span: 'daily uptime' },
  {
    metric: 'dispatch_time',
    noun: 'orders',
    verb: 'dispatched',
    span: 'order to dispatch',
    promiseWords: /\b(ship|ships|shipped|shipping|dispatch\w*|leaves?|sent|send)\b/i,
  },
  {
    metric: 'delivery_time',
    noun: 'orders',
    verb: 'delivered',
    span: 'order to delivery',
  },
  {
    metric: 'refund_processing_time',
    noun: 'refunds',
    verb: 'processed',
    span: 'return received to refund issued',
  },
];

const BY_METRIC = new Map(MEASURES.map((m) => [m.metric, m]));

const CATEGORY_MEASURES: Record<Category, Omit<Measure, 'metric'>> = {
  response_time: { noun: 'tickets', verb: 'answered', span: 'ticket to first reply' },
  resolution_time: { noun: 'tickets', verb: 'resolved', span: 'ticket to resolution' },
  uptime: { noun: 'days', verb: '', span: 'daily uptime' },
  availability_hours: { noun: 'weeks', verb: 'staffed', span: 'opening hours' },
  delivery_time: { noun: 'orders', verb: 'delivered', span: 'order to delivery' },
  refund_guarantee: { noun: 'refunds', verb: 'processed', span: 'refund processing' },
  credit_compensation: { noun: 'credits', verb: 'paid', span: 'service credits' },
  other: { noun: 'cases', verb: 'met', span: 'cases' },
};

/** Every named measure, for docs and tests. */
export const KNOWN_MEASURES: readonly Measure[] = MEASURES;

/** The metric of a series id: "first_response_time{tier=pro}" → "first_response_time". */
export const metricOfSeries = (series: string): string => series.replace(/\{.*$/, '').trim().toLowerCase();

/**
 * What a verdict's figures measured: the metric of its series when the vocabulary knows it, the
 * promise's category otherwise (an unknown metric is named as itself).
 */
export const measureOf = (category: Category, series: readonly string[] | undefined): Measure => {
  const metrics = [...new Set((series ?? []).map(metricOfSeries))];
  const known = metrics.map((m) => BY_METRIC.get(m)).find((m): m is Measure => m !== undefined);
  if (known) return known;
  const fallback = CATEGORY_MEASURES[category] ?? CATEGORY_MEASURES.other;
  const metric = metrics[0];
  return metric ? { ...fallback, metric, span: metric.replaceAll('_', ' ') } : { ...fallback, metric: '' };
};

/** Whether the promise's own words are about what was measured (see `promiseWords`). */
export const promiseIsAbout = (measure: Measure, quote: string): boolean =>
  !measure.promiseWords || measure.promiseWords.test(quote);
