import { describe, expect, it } from 'vitest';
import {
  createProgressReporter,
  FetchTimeoutError,
  HttpStatusError,
  NetworkError,
} from '../../../packages/crawl/index.ts';
import { DEFAULT_RETRY_POLICY, isRetryable, retryDelay, withRetries } from '../../../packages/crawl/retry.ts';

const URL_ = 'https://e.com/';

describe('retries', () => {
  it.each([
    [new HttpStatusError(URL_, 503), true],
    [new HttpStatusError(URL_, 429), true],
    [new HttpStatusError(URL_, 404), false],
    [new NetworkError(URL_, 'ECONNRESET'), true],
    [new FetchTimeoutError(URL_, 1000, 'connect'), true],
    [new FetchTimeoutError(URL_, 1000, 'total'), false],
  ])('retries %s: %s', (error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });

  it('backs off exponentially with full jitter under a ceiling', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    const error = new HttpStatusError(URL_, 503);
    expect([0, 1, 2, 5].map((a) => retryDelay(a, error, policy, () => 1))).toEqual([100, 200, 400, 1000]);
    expect(retryDelay(3, error, policy, () => 0.5)).toBe(400);
  });

  it('waits as long as Retry-After asks, and gives up when it asks for too long', () => {
    expect(retryDelay(0, new HttpStatusError(URL_, 429, 7000), DEFAULT_RETRY_POLICY, () => 1)).toBe(7000);
    expect(
      retryDelay(0, new HttpStatusError(URL_, 429, 3_600_000), DEFAULT_RETRY_POLICY, () => 1),
    ).toBeUndefined();
  });

  it('retries a busy server and returns the first success, sleeping between attempts', async () => {
    const slept: number[] = [];
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls++;
        if (calls < 3) throw new HttpStatusError(URL_, 503);
        return 'ok';
      },
      { policy: DEFAULT_RETRY_POLICY, sleep: async (ms) => void slept.push(ms), random: () => 1 },
    );
    expect(result).toBe('ok');
    expect(slept).toEqual([500, 1000]);
  });

  it('does not retry a page that is gone', async () => {
    let calls = 0;
    const attempt = withRetries(
      async () => {
        calls++;
        throw new HttpStatusError(URL_, 404);
      },
      { policy: DEFAULT_RETRY_POLICY, sleep: async () => {}, random: () => 1 },
    );
    await expect(attempt).rejects.toThrow(/HTTP 404/);
    expect(calls).toBe(1);
  });
});

describe('progress reporter', () => {
  const recorder = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, stream: { isTTY, write: (c: string) => chunks.push(c) > 0 } };
  };

  it('prints plain lines off a terminal, every few pages and at the end', () => {
    const { chunks, stream } = recorder(false);
    const progress = createProgressReporter({ stream, lineEvery: 2 });
    for (let done = 1; done <= 5; done++)
      progress.update({ done, queued: 5 - done, url: `https://e.com/${done}` });
    progress.stop();
    expect(chunks).toEqual([
      'crawl: 2 done, 3 to go: https://e.com/2\n',
      'crawl: 4 done, 1 to go: https://e.com/4\n',
      'crawl: 5 done, 0 to go: https://e.com/5\n',
    ]);
  });

  it('draws a bar on a terminal', () => {
    const { chunks, stream } = recorder(true);
    const progress = createProgressReporter({ stream });
    progress.update({ done: 1, queued: 3, url: 'https://e.com/a' });
    progress.update({ done: 4, queued: 0, url: 'https://e.com/b' });
    progress.stop();
    expect(chunks.join('')).toMatch(/crawl \[.*\] 4\/4 pages/);
  });
});
