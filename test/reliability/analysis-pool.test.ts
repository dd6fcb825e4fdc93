// Complaint analysis in worker threads (what `promisegap serve` uses): the same analyses as the
// in-process analyser, the event loop free while a maximal request is analysed, a bounded queue
// that answers 503 with Retry-After when full, and no thread left behind after close.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { AnalysisBusyError, createAnalysisPool } from '../../packages/api/analysis-pool.ts';
import { MAX_COMPLAINT_REQUEST_CHARS, MAX_COMPLAINT_TEXT_CHARS } from '../../packages/api/schemas.ts';
import { analyzeComplaint } from '../../packages/complaints/index.ts';
import { createHarness, isErrorBody } from './api-harness.ts';

const WORDS = [
  'waited',
  'three',
  'days',
  'for',
  'a',
  'reply',
  'my',
  'refund',
  'never',
  'arrived',
  'thanks',
  'quick',
  'fix',
  'the',
  'agent',
  'hung',
  'up',
  'after',
  '45',
  'minutes',
  'hours',
  'nobody',
  'called',
  'back',
  'great',
  'service',
  'invoice',
  'wrong',
  'again',
  'two',
  'weeks',
  'later',
  'still',
  'broken',
  '!',
  '.',
];

/** Made-up text of `length` characters from the word list above. */
const longText = (length: number, seed: number): string => {
  let out = '';
  for (let i = seed; out.length < length; i++) out += `${WORDS[(i * 31 + seed) % WORDS.length]} `;
  return out.slice(0, length);
};

const MAX_TEXTS = Math.floor(MAX_COMPLAINT_REQUEST_CHARS / MAX_COMPLAINT_TEXT_CHARS);
const maximal = (seed: number) =>
  Array.from({ length: MAX_TEXTS }, (_, i) => longText(MAX_COMPLAINT_TEXT_CHARS, seed * 100 + i));

const pools: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe('complaint analysis pool', () => {
  it('gives exactly the analyses of the in-process analyser (300 generated texts, and maximal ones)', async () => {
    const pool = createAnalysisPool({ threads: 2 });
    pools.push(pool);
    const texts = fc.sample(
      fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 60 }).map((w) => w.join(' ')),
      { numRuns: 300, seed: 18 },
    );
    texts.push('', '   ', 'ünïcödé wait 2 days 😡', ...maximal(1).slice(0, 3));
    // Several requests at once, so both threads take part.
    const chunks = Array.from({ length: 6 }, (_, i) => texts.filter((_, j) => j % 6 === i));
    const analysed = await Promise.all(chunks.map((chunk) => pool.analyse(chunk)));
    chunks.forEach((chunk, i) => {
      expect(analysed[i]).toEqual(chunk.map((t) => analyzeComplaint(t)));
    });
  }, 60_000);

  it('answers other requests while a maximal complaints POST is analysed', async () => {
    const pool = createAnalysisPool({ threads: 1 });
    pools.push(pool);
    await pool.warm();
    const { request, writeKey } = await createHarness({ complaintAnalyser: pool });
    const body = {
      complaints: maximal(2).map((text, i) => ({ id: `loop-${i}`, at: '2026-11-20T10:00:00Z', text })),
    };
    let postDone = 0;
    const post = Promise.resolve(request('POST', '/v1/complaints', writeKey, body)).then((res) => {
      postDone = performance.now();
      return res;
    });
    // Wait until the texts are with the thread, then ask for /health.
    while (pool.stats().running === 0) await new Promise((r) => setTimeout(r, 1));
    const health = await request('GET', '/health');
    const healthDone = performance.now();
    expect(health.status).toBe(200);
    const res = await post;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { accepted: number }).accepted).toBe(MAX_TEXTS);
    // /health did not wait for the analysis to finish.
    expect(healthDone).toBeLessThan(postDone);
  }, 60_000);

  it('refuses work beyond its queue with a 503 that says when to retry, and stores nothing of it', async () => {
    const pool = createAnalysisPool({ threads: 1, maxQueued: 1 });
    pools.push(pool);
    const { request, writeKey, recorded } = await createHarness({ complaintAnalyser: pool });
    const body = (n: number) => ({
      complaints: maximal(10 + n).map((text, i) => ({ id: `q-${n}-${i}`, at: '2026-11-20T10:00:00Z', text })),
    });
    const first = request('POST', '/v1/complaints', writeKey, body(0));
    const second = request('POST', '/v1/complaints', writeKey, body(1));
    while (pool.stats().running + pool.stats().queued < 2) await new Promise((r) => setTimeout(r, 1));
    const third = await request('POST', '/v1/complaints', writeKey, body(2));
    expect(third.status).toBe(503);
    const retryAfter = Number(third.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
    const error = (await third.json()) as { error: string };
    expect(isErrorBody(error)).toBe(true);
    expect(error.error).toMatch(/busy.*try again in \d+ s/);
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect(recorded.complaints.map((c) => c.id).filter((id) => id.startsWith('q-2-'))).toEqual([]);
    expect(recorded.complaints).toHaveLength(2 * MAX_TEXTS);
    // Room again once the queue has drained.
    expect((await pool.analyse(['waited two days'])).length).toBe(1);
  }, 60_000);

  it('stops its threads on close, and refuses work after it', async () => {
    const pool = createAnalysisPool({ threads: 2 });
    await pool.warm();
    expect(pool.stats().threads).toBe(2);
    const pending = pool.analyse(maximal(3)).catch((error: unknown) => error);
    await pool.close();
    expect(pool.stats()).toEqual({ threads: 0, running: 0, queued: 0 });
    expect(await pending).toMatchObject({ status: 503 });
    await expect(pool.analyse(['late again'])).rejects.toMatchObject({ status: 503 });
    expect(new AnalysisBusyError(3, 4).message).toMatch(/try again in 3 s/);
  }, 60_000);
});
