// Alerts between digests: detection from verdicts, one message per channel, a ledger that sends
// each alert once per commitment and condition until it clears.

export { type AlertChannel, emailChannel, snsChannel, webhookChannel } from './channels.ts';
export { type AlertCheckDeps, type AlertCheckResult, type AlertOutcome, runAlertCheck } from './check.ts';
export {
  type AlertCondition,
  burnRate,
  type DetectedAlert,
  type DetectionInput,
  detectAlerts,
} from './detect.ts';
export { AlertConfigError, AlertDeliveryError } from './errors.ts';
export { type EvaluateOver, type GatherDeps, gatherDetectionInput } from './gather.ts';
export type { AlertEpisode, AlertLedger, Delivery, DeliveryState } from './ledger.ts';
export { type AlertMessage, alertMessage } from './message.ts';
export {
  type AlertRules,
  type BurnRateWindow,
  DEFAULT_ALERT_RULES,
  periodDays,
  scaledLookbackMs,
} from './rules.ts';
export { type AlertRunDeps, alertRules, channelsFor, dashboardLink, runAlerts } from './run.ts';
