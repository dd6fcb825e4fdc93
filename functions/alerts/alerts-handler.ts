// The daily alert check's logic: grade the running period, detect, tell each channel once. Safe to
// retry and to redeliver: the ledger's claims decide who sends, so a second run sends nothing new.

import type { AlertCheckResult } from '../../packages/alerts/index.ts';
import type { Logger } from '../../packages/core/index.ts';
import { UnsupportedEventError } from '../shared/errors.ts';
import { ALERTS_SUMMARY_MESSAGE } from '../shared/log-messages.ts';

/** What the schedule sends; an operator may invoke it by hand with `at` to replay a past day. */
export interface AlertsEvent {
  trigger?: string;
  /** Check as of this ISO time instead of now. */
  at?: string;
  /** False detects without sending (a dry run). Default true. */
  send?: boolean;
}

export interface AlertsHandlerDeps {
  logger: Logger;
  check: (at: Date | undefined, send: boolean) => Promise<AlertCheckResult>;
}

export interface AlertsSummary {
  conditions: number;
  sent: number;
  alreadySent: number;
  failed: number;
  cleared: number;
}

const readEvent = (event: unknown): AlertsEvent => {
  if (event === null || typeof event !== 'object' || Array.isArray(event))
    throw new UnsupportedEventError('alerts', 'takes an object event: { trigger, at?, send? }');
  const { at, send } = event as Record<string, unknown>;
  if (at !== undefined && (typeof at !== 'string' || Number.isNaN(Date.parse(at))))
    throw new UnsupportedEventError('alerts', `"at" must be an ISO time, got ${JSON.stringify(at)}`);
  if (send !== undefined && typeof send !== 'boolean')
    throw new UnsupportedEventError('alerts', `"send" must be true or false, got ${JSON.stringify(send)}`);
  return event as AlertsEvent;
};

export const makeAlertsHandler =
  (deps: AlertsHandlerDeps) =>
  async (event: unknown): Promise<AlertsSummary> => {
    const { at, send } = readEvent(event);
    const result = await deps.check(at ? new Date(at) : undefined, send ?? true);
    const summary: AlertsSummary = {
      conditions: result.conditions.length,
      sent: result.alerts.filter((a) => a.sent).length,
      alreadySent: result.alerts.filter((a) => a.alreadySent).length,
      failed: result.alerts.filter((a) => a.error !== undefined).length,
      cleared: result.cleared.length,
    };
    deps.logger.info(ALERTS_SUMMARY_MESSAGE, { ...summary });
    return summary;
  };
