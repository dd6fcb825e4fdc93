// Log messages that something outside the function depends on: CloudWatch metric filters in
// infra/ match them, so they are spelled once here.

/** Logged once per evaluate-digest run with `sent`, `skipped` and `failed` counts. */
export const DIGEST_SUMMARY_MESSAGE = 'digest delivery summary';

/** Logged once per alerts run with `conditions`, `sent`, `alreadySent`, `failed` and `cleared`. */
export const ALERTS_SUMMARY_MESSAGE = 'alerts check summary';
