// Which metric backs a promise: the category and its unit decide; the configuration may override.

import { type Category, isBusinessUnit, type Operator, type Unit } from '../core/index.ts';

export interface PromiseMeasure {
  category: Category;
  operator: Operator;
  threshold: number | null;
  unit: Unit | null;
  /** What the extractor says the figure measures (e.g. refund_processing_time vs return_processing_time). */
  metric?: string;
  /** A person named the metric to grade on (a register correction): it wins over the defaults. */
  gradedOn?: string;
}

export interface MetricChoice {
  metric: string;
  /** The unit the metric's samples are expected in (the promise's own unit when it varies). */
  unit: Unit | null;
}

/** The metrics that back a promise; empty when none does (the promise is unmeasured). */
export const metricsForPromise = (
  promise: PromiseMeasure,
  overrides: Record<string, string> = {},
): MetricChoice[] => {
  if (promise.threshold === null || promise.unit === null) return [];
  if (promise.gradedOn) return [{ metric: promise.gradedOn.toLowerCase(), unit: promise.unit }];
  const business = isBusinessUnit(promise.unit);
  const override = overrides[promise.category]?.trim().toLowerCase();
  if (override) return [{ metric: override, unit: promise.unit }];
  switch (promise.category) {
    case 'response_time':
      return [
        business
          ? { metric: 'first_response_business_time', unit: 'business_hours' }
          : { metric: 'first_response_time', unit: 'minutes' },
      ];
    case 'resolution_time':
      return [
        business
          ? { metric: 'resolution_business_time', unit: 'business_hours' }
          : { metric: 'resolution_time', unit: 'minutes' },
      ];
    case 'uptime':
      return [{ metric: 'uptime', unit: 'percent' }];
    case 'delivery_time':
      // What is measured must be what is promised: shipping (dispatch) is not delivery. A promise
      // to handle or process an order names its own metric, which the data may or may not record.
      return [{ metric: deliveryMetric(promise.metric), unit: promise.unit }];
    case 'refund_guarantee':
      // A processing time backs only the processing it names: a return label is not a refund.
      return promise.operator === '<=' &&
        (promise.metric ?? 'refund_processing_time') === 'refund_processing_time'
        ? [{ metric: 'refund_processing_time', unit: promise.unit }]
        : [];
    default:
      return [];
  }
};

/** The metric a delivery-category promise is graded on, from the verb the extractor read. */
export const deliveryMetric = (named: string | undefined): string => {
  const metric = named?.trim().toLowerCase();
  if (metric === 'dispatch_time' || metric === 'shipping_time' || metric === 'ship_time')
    return 'dispatch_time';
  if (metric === 'handling_time' || metric === 'processing_time') return metric;
  return 'delivery_time';
};

/** Why a promise has no metric, in a reader's words. */
export const unmeasuredBecause = (promise: PromiseMeasure): string => {
  if (promise.threshold === null || promise.unit === null) return 'it states no figure to check';
  switch (promise.category) {
    case 'availability_hours':
      return 'opening hours are not measured as samples';
    case 'credit_compensation':
      return 'a service credit is paid only on request, and no metric records it';
    case 'refund_guarantee':
      return 'a money-back window is a right, not a measured delay';
    default:
      return `no metric is configured for ${promise.category} (set evaluation.metrics.${promise.category})`;
  }
};
