// The weekly job's logic: evaluate every promise for the week that just ended, then build and
// send the digest. Safe to run twice: verdict writes are idempotent and each recipient is claimed
// before sending, so a retry sends only what the first attempt did not.

import type { Context } from 'aws-lambda';
import {
  type Clock,
  type Logger,
  latestCompleteWeek,
  parseWindow,
  type Verdict,
  type VerdictStatus,
  type Window,
  WindowFormatError,
} from '../../packages/core/index.ts';
import { UnsupportedEventError } from '../shared/errors.ts';
import { DIGEST_SUMMARY_MESSAGE } from '../shared/log-messages.ts';

/** What the schedule sends; an operator may invoke it by hand with a `window` to re-run a week. */
export interface EvaluateDigestEvent {
  trigger?: string;
  /** An ISO week ("2026-W47") or a month; default: the latest complete ISO week. */
  window?: string;
  /** False evaluates without emailing (a re-run for the API's figures). Default true. */
  send?: boolean;
}

export interface ComposedDigest {
  subject: string;
  html: string;
  text: string;
}

export interface DeliveryReport {
  sent: string[];
  skipped: string[];
  /** Refused for this recipient (a bad address, a suppressed one). */
  rejected: { recipient: string; error: string }[];
  /** Not sent for another reason (throttled past every retry, the account paused). */
  failed?: { recipient: string; error: string }[];
}

export interface EvaluateDigestDeps<D extends ComposedDigest = ComposedDigest> {
  now: Clock;
  /** The business calendar's zone: weeks run Monday 00:00 to Monday 00:00 there (UTC when absent). */
  timeZone?: string;
  logger: Logger;
  /** Evaluates every promise for the window and stores the verdicts. */
  evaluate: (window: Window) => Promise<Verdict[]>;
  /** Builds the digest for the window from what is stored. */
  compose: (window: Window) => Promise<D>;
  /** Sends to every recipient not yet sent this window. */
  send: (digest: D, window: Window) => Promise<DeliveryReport>;
}

export interface EvaluateDigestResult {
  windowId: string;
  verdicts: number;
  statuses: Record<VerdictStatus, number>;
  sent: number;
  skipped: number;
  rejected: number;
  /** Recipients without the digest this run: rejected ones and other failures. */
  failed: number;
}

const windowOf = (event: EvaluateDigestEvent, now: Date, timeZone: string | undefined): Window => {
  if (event.window === undefined) return latestCompleteWeek(now, timeZone);
  if (typeof event.window !== 'string') {
    throw new UnsupportedEventError('evaluate-digest', 'event.window must be a string such as "2026-W47"');
  }
  try {
    return parseWindow(event.window, timeZone);
  } catch (cause) {
    if (cause instanceof WindowFormatError) {
      throw new UnsupportedEventError('evaluate-digest', `event.window: ${cause.message}`, { cause });
    }
    throw cause;
  }
};

export const makeEvaluateDigestHandler =
  <D extends ComposedDigest>(deps: EvaluateDigestDeps<D>) =>
  async (
    event: EvaluateDigestEvent | null | undefined,
    _context?: Context,
  ): Promise<EvaluateDigestResult> => {
    const input = event ?? {};
    const window = windowOf(input, deps.now(), deps.timeZone);
    const verdicts = await deps.evaluate(window);
    const statuses: Record<VerdictStatus, number> = { kept: 0, at_risk: 0, breached: 0, no_data: 0 };
    for (const verdict of verdicts) statuses[verdict.status] += 1;
    deps.logger.info('week evaluated', { windowId: window.id, verdicts: verdicts.length, ...statuses });

    const result: EvaluateDigestResult = {
      windowId: window.id,
      verdicts: verdicts.length,
      statuses,
      sent: 0,
      skipped: 0,
      rejected: 0,
      failed: 0,
    };
    if (input.send === false) return result;

    const digest = await deps.compose(window);
    const report = await deps.send(digest, window);
    result.sent = report.sent.length;
    result.skipped = report.skipped.length;
    result.rejected = report.rejected.length;
    result.failed = report.rejected.length + (report.failed?.length ?? 0);
    // Counts only: recipients are email addresses and stay out of the logs. A metric filter
    // turns `failed` into the DigestSendFailures metric that the alarm watches.
    deps.logger.info(DIGEST_SUMMARY_MESSAGE, {
      windowId: window.id,
      sent: result.sent,
      skipped: result.skipped,
      rejected: result.rejected,
      failed: result.failed,
    });
    return result;
  };
