// Public entry of compliance: each promise against what was delivered, per window, with the
// accounting rules every verdict carries.

export { EvaluationInputError, PartialWindowError } from './errors.ts';
export { type EvaluatePromiseInput, evaluatePromise, type SeriesRollups } from './evaluate.ts';
export { type EvaluateWindowDeps, type EvaluateWindowOptions, evaluateWindow } from './evaluate-window.ts';
export {
  chooseEvaluationWeek,
  LATEST_DATA_WEEKS,
  type LatestDataDeps,
  latestDataAt,
  type WeekChoice,
} from './latest-data.ts';
export { matchSeries, QUALIFIER_RULES, unrecordedQualifiers } from './match.ts';
export {
  deliveryMetric,
  type MetricChoice,
  metricsForPromise,
  type PromiseMeasure,
  unmeasuredBecause,
} from './metrics.ts';
export {
  closingPeriods,
  currentVersion,
  type MeasurementPeriod,
  measurementPeriod,
  periodName,
  periodOfStatedWindow,
  previousWindowOf,
  type StatedPeriod,
  statedPeriod,
  type VersionChoice,
  versionInForce,
} from './periods.ts';
export { ACCOUNTING_RULES, DEFAULT_EVALUATION_RULES, type EvaluationRules, rulesText } from './rules.ts';
export { formatValue, unitFactor } from './units.ts';
