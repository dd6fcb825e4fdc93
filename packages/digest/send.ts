// Sends the digest through SES, one message per recipient and window: a conditional claim in the
// store before each send, the outcome recorded after. Throttling is retried with backoff; a rejected
// recipient is recorded and reported while the others still get theirs. A claim left `sending` for
// longer than `claimTimeoutMs` belongs to a run that died between claim and record: it is taken
// over and sent (at least once: SES's SendEmail has no idempotency token, so a run that died after
// SES accepted the message and before recording it means that recipient gets it twice). The record
// shows the takeover: `attempt` counts the claims, `reclaimedFrom` is the abandoned claim's time.

import {
  AccountSendingPausedException,
  ConfigurationSetDoesNotExistException,
  ConfigurationSetSendingPausedException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  type SESClient,
  SESServiceException,
  SendEmailCommand,
} from '@aws-sdk/client-ses';
import { type Logger, type Store, sha256Hex } from '../core/index.ts';
import type { Digest } from './build.ts';
import { DigestInputError } from './errors.ts';

export interface SendDigestDeps {
  ses: SESClient;
  store: Pick<Store, 'claimDigestSend' | 'recordDigestSend' | 'digestSends'>;
  now: () => Date;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
  /** Attempts per recipient when SES throttles (default 6). */
  maxAttempts?: number;
  /** First backoff in ms, doubled each retry up to `maxDelayMs` (defaults 500 and 20,000). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /**
   * How long a `sending` claim may stand before it is taken as abandoned (default 15 minutes: no
   * Lambda invocation lives longer, and a CLI run sends one message in seconds).
   */
  claimTimeoutMs?: number;
}

export const DEFAULT_CLAIM_TIMEOUT_MS = 15 * 60_000;

export interface SendDigestInput {
  digest: Digest;
  windowId: string;
  from: string;
  recipients: string[];
}

export interface SendDigestResult {
  sent: string[];
  /** Already sent (or being sent) this window by an earlier run. */
  skipped: string[];
  /** SES refused the message for this recipient; it will not be retried. */
  rejected: { recipient: string; error: string }[];
  /** Failed for a reason that may pass (throttled to the end, a paused account); a later run retries. */
  failed: { recipient: string; error: string }[];
}

// SES reports throttling as an unmodelled error code, so there is no class to test with instanceof.
const THROTTLING_CODES = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException']);

const isThrottling = (error: unknown): boolean =>
  error instanceof SESServiceException &&
  (THROTTLING_CODES.has(error.name) ||
    error.$retryable?.throttling === true ||
    error.$metadata?.httpStatusCode === 429);

/** Refusals tied to this message or recipient: trying again would be refused again. */
const isRejection = (error: unknown): boolean =>
  error instanceof MessageRejected ||
  error instanceof MailFromDomainNotVerifiedException ||
  (error instanceof SESServiceException && error.name === 'InvalidParameterValue');

/** Refusals of the whole account or configuration: every recipient fails, none is at fault. */
const isAccountBlocked = (error: unknown): boolean =>
  error instanceof AccountSendingPausedException ||
  error instanceof ConfigurationSetSendingPausedException ||
  error instanceof ConfigurationSetDoesNotExistException;

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

const defaultSleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** A short hash stands in for the address in logs: never log email addresses. */
const who = (recipient: string) => sha256Hex(recipient).slice(0, 12);

export const sendDigest = async (deps: SendDigestDeps, input: SendDigestInput): Promise<SendDigestResult> => {
  const { ses, store, now, logger } = deps;
  const sleep = deps.sleep ?? defaultSleep;
  const maxAttempts = Math.max(1, deps.maxAttempts ?? 6);
  const baseDelayMs = deps.baseDelayMs ?? 500;
  const maxDelayMs = deps.maxDelayMs ?? 20_000;
  if (!input.windowId) throw new DigestInputError('windowId', 'must be a window id such as 2026-W47');
  if (!EMAIL.test(input.from)) throw new DigestInputError('from', `"${input.from}" is not an email address`);
  const recipients: string[] = [];
  const seen = new Set<string>();
  input.recipients.forEach((r, i) => {
    const address = typeof r === 'string' ? r.trim() : '';
    if (!EMAIL.test(address))
      throw new DigestInputError(`recipients[${i}]`, `"${String(r)}" is not an email address`);
    if (seen.has(address.toLowerCase())) return;
    seen.add(address.toLowerCase());
    recipients.push(address);
  });
  if (recipients.length === 0) throw new DigestInputError('recipients', 'needs at least one address');

  const claimTimeoutMs = deps.claimTimeoutMs ?? DEFAULT_CLAIM_TIMEOUT_MS;
  // What earlier runs left, so a claim can say which attempt it is and whether it takes one over.
  const earlier = new Map(
    (await store.digestSends(input.windowId)).map((r) => [r.recipient.toLowerCase(), r] as const),
  );
  const claim = async (recipient: string) => {
    const at = now();
    const before = earlier.get(recipient.toLowerCase());
    const attempt = before ? (before.attempt ?? 1) + 1 : 1;
    const staleBefore = new Date(at.getTime() - claimTimeoutMs).toISOString();
    const abandoned = before?.state === 'sending' && before.at < staleBefore ? before.at : undefined;
    const claimed = await store.claimDigestSend(input.windowId, recipient, at.toISOString(), {
      staleBefore,
      attempt,
      ...(abandoned ? { reclaimedFrom: abandoned } : {}),
    });
    const tried: { attempt: number; reclaimedFrom?: string } = { attempt };
    if (abandoned) tried.reclaimedFrom = abandoned;
    return { claimed, tried };
  };

  const result: SendDigestResult = { sent: [], skipped: [], rejected: [], failed: [] };
  for (const recipient of recipients) {
    const { claimed, tried } = await claim(recipient);
    if (!claimed) {
      result.skipped.push(recipient);
      const inFlight = earlier.get(recipient.toLowerCase())?.state === 'sending';
      logger.info(inFlight ? 'digest send in flight elsewhere' : 'digest already sent', {
        windowId: input.windowId,
        recipient: who(recipient),
      });
      continue;
    }
    if (tried.reclaimedFrom) {
      logger.warn('digest claim abandoned by an earlier run, sending again', {
        windowId: input.windowId,
        recipient: who(recipient),
        claimedAt: tried.reclaimedFrom,
        attempt: tried.attempt,
      });
    }
    const command = new SendEmailCommand({
      Source: input.from,
      Destination: { ToAddresses: [recipient] },
      Message: {
        Subject: { Data: input.digest.subject, Charset: 'UTF-8' },
        Body: {
          Html: { Data: input.digest.html, Charset: 'UTF-8' },
          Text: { Data: input.digest.text, Charset: 'UTF-8' },
        },
      },
    });
    let attempt = 0;
    for (;;) {
      attempt += 1;
      try {
        const out = await ses.send(command);
        await store.recordDigestSend({
          windowId: input.windowId,
          recipient,
          state: 'sent',
          at: now().toISOString(),
          ...(out.MessageId ? { messageId: out.MessageId } : {}),
          ...tried,
        });
        result.sent.push(recipient);
        logger.info('digest sent', { windowId: input.windowId, recipient: who(recipient), attempt });
        break;
      } catch (error) {
        if (isThrottling(error) && attempt < maxAttempts) {
          const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
          logger.warn('digest send throttled, retrying', { recipient: who(recipient), attempt, delay });
          await sleep(delay);
          continue;
        }
        const message = describe(error);
        const rejected = isRejection(error);
        await store.recordDigestSend({
          windowId: input.windowId,
          recipient,
          state: rejected ? 'rejected' : 'failed',
          at: now().toISOString(),
          error: message,
          ...tried,
        });
        (rejected ? result.rejected : result.failed).push({ recipient, error: message });
        logger.error(rejected ? 'digest rejected' : 'digest send failed', {
          windowId: input.windowId,
          recipient: who(recipient),
          attempt,
          error: message,
        });
        if (isAccountBlocked(error)) {
          // The account cannot send at all: record the rest as failed (a later run retries them)
          // instead of hammering SES with requests that must fail the same way.
          for (const rest of recipients.slice(recipients.indexOf(recipient) + 1)) {
            const held = await claim(rest);
            if (!held.claimed) {
              result.skipped.push(rest);
              continue;
            }
            await store.recordDigestSend({
              windowId: input.windowId,
              recipient: rest,
              state: 'failed',
              at: now().toISOString(),
              error: message,
              ...held.tried,
            });
            result.failed.push({ recipient: rest, error: message });
          }
          return result;
        }
        break;
      }
    }
  }
  return result;
};
