// Retries with exponential backoff and full jitter on 429, 5xx, network errors and connect
// timeouts, honouring Retry-After (within a cap: a server asking for an hour is not retried).

import { FetchTimeoutError, HttpStatusError, NetworkError } from './errors.ts';

export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this ends the retries. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 2,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether another attempt could succeed: the server is busy or the network hiccupped. */
export const isRetryable = (error: unknown): boolean =>
  (error instanceof HttpStatusError && (error.status === 429 || error.status >= 500)) ||
  error instanceof NetworkError ||
  (error instanceof FetchTimeoutError && error.phase === 'connect');

/** The wait before retry number `attempt` (0-based), or undefined when the server asked for too long. */
export const retryDelay = (
  attempt: number,
  error: unknown,
  policy: RetryPolicy,
  random: () => number,
): number | undefined => {
  const asked = error instanceof HttpStatusError ? error.retryAfterMs : undefined;
  if (asked !== undefined) return asked > policy.maxRetryAfterMs ? undefined : asked;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(random() * ceiling);
};

export const withRetries = async <T>(
  attemptOnce: () => Promise<T>,
  deps: {
    policy: RetryPolicy;
    sleep: Sleep;
    random: () => number;
    onRetry?: (error: unknown, delayMs: number) => void;
  },
): Promise<T> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptOnce();
    } catch (error) {
      if (attempt >= deps.policy.retries || !isRetryable(error)) throw error;
      const delay = retryDelay(attempt, error, deps.policy, deps.random);
      if (delay === undefined) throw error;
      deps.onRetry?.(error, delay);
      await deps.sleep(delay);
    }
  }
};
