// One alert run as the CLI and the Lambda both do it: grade the running period and the lookbacks
// (nothing stored), detect, and tell each configured channel once.

import type { SESClient } from '@aws-sdk/client-ses';
import type { SNSClient } from '@aws-sdk/client-sns';
import { createBusinessCalendar } from '../calendar/index.ts';
import { complaintJudgement } from '../complaints/index.ts';
import { evaluateWindow } from '../compliance/index.ts';
import type { Logger, PromisegapConfig, Store } from '../core/index.ts';
import { type AlertChannel, emailChannel, snsChannel, webhookChannel } from './channels.ts';
import { type AlertCheckResult, runAlertCheck } from './check.ts';
import { detectAlerts } from './detect.ts';
import { AlertConfigError } from './errors.ts';
import { gatherDetectionInput } from './gather.ts';
import type { AlertLedger } from './ledger.ts';
import { type AlertRules, DEFAULT_ALERT_RULES } from './rules.ts';

export interface AlertRunDeps {
  store: Store;
  ledger: AlertLedger;
  config: PromisegapConfig;
  now: () => Date;
  logger: Logger;
  fetch: typeof fetch;
  ses?: SESClient;
  sns?: SNSClient;
  /** The topic to publish to (the stack's own in AWS); overrides `alerts.snsTopicArn`. */
  snsTopicArn?: string;
}

export const alertRules = (config: PromisegapConfig): AlertRules => ({
  ...DEFAULT_ALERT_RULES,
  fast: { ...config.alerts.fastBurn },
  slow: { ...config.alerts.slowBurn },
  complaintsJump: { ...config.alerts.complaintsJump },
});

/** The channels the configuration names; each needs its client, or the run says which is missing. */
export const channelsFor = (deps: AlertRunDeps): AlertChannel[] => {
  const { alerts, digest } = deps.config;
  const channels: AlertChannel[] = [];
  if (alerts.email) {
    if (!deps.ses) throw new AlertConfigError('alerts.email is configured but no SES client was given');
    channels.push(
      emailChannel({
        ses: deps.ses,
        from: alerts.email.from ?? digest.from,
        recipients: alerts.email.recipients,
      }),
    );
  }
  for (const url of alerts.webhooks) channels.push(webhookChannel({ url, fetch: deps.fetch }));
  const topic = deps.snsTopicArn ?? alerts.snsTopicArn;
  if (topic) {
    if (!deps.sns) throw new AlertConfigError('an SNS topic is configured but no SNS client was given');
    channels.push(snsChannel({ sns: deps.sns, topicArn: topic }));
  }
  return channels;
};

export const dashboardLink =
  (base: string | undefined) =>
  (commitmentId: string): string | undefined =>
    base ? `${base.replace(/\/+$/, '')}/promises/${encodeURIComponent(commitmentId)}` : undefined;

export const runAlerts = async (
  deps: AlertRunDeps,
  options: { send: boolean },
): Promise<AlertCheckResult> => {
  const { config, store, logger } = deps;
  const calendar = createBusinessCalendar(config.calendar);
  const rules = alertRules(config);
  const { input } = await gatherDetectionInput({
    now: deps.now,
    timezone: calendar.timezone,
    rules,
    evaluate: (window, { periodToDate }) =>
      evaluateWindow(
        {
          store,
          calendar,
          rules: config.evaluation,
          now: deps.now,
          logger,
          ...complaintJudgement(config.evaluation),
        },
        window,
        { persist: false, periodToDate },
      ),
  });
  const detected = detectAlerts(input);
  return runAlertCheck(
    {
      ledger: deps.ledger,
      channels: channelsFor(deps),
      now: deps.now,
      logger,
      company: config.company,
      link: dashboardLink(config.alerts.dashboardUrl),
      staleClaimMinutes: rules.staleClaimMinutes,
    },
    detected,
    options,
  );
};
