// Sample ingestion off the event loop: POST /v1/metrics parses, validates (zod), keys and merges up
// to 1,000 samples into weekly rollups (tens to hundreds of milliseconds of work a request), so
// `promisegap serve` hands the body to a small pool of worker threads (ingest-worker.mjs) that
// write to the same embedded store through its loopback endpoint. The event loop keeps answering
// /health and every other request meanwhile. The queue is bounded: when it is full the request is
// refused with a 503 and a Retry-After, before anything of it is stored, so the caller sends it
// again and each sample is stored exactly once (sample ids come from their content; a re-sent
// sample is a duplicate).
//
// The Lambda API has no pool: it serves one request at a time and runs the same function
// (metrics-ingest.ts) in-process.

import { ApiError } from './errors.ts';
import type { MetricsOutcome } from './metrics-ingest.ts';
import { createWorkerPool, threadsFor } from './worker-pool.ts';

/** A metrics body as it arrived: the JSON text (parsed again in the thread), or a value. */
export type MetricsBodyInput = { text: string } | { value: unknown };

/** What the metrics route needs: the outcome of one request's body. */
export interface SampleIngester {
  ingest(body: MetricsBodyInput, nowMs: number): Promise<MetricsOutcome>;
}

export interface IngestPool extends SampleIngester {
  /** Threads started, requests being ingested and requests waiting. */
  stats(): { threads: number; running: number; queued: number };
  /** Starts the threads now rather than on the first request (each takes about a second). */
  warm(): Promise<void>;
  /** Refuses waiting requests, lets running ones finish (up to 30 s), then stops the threads. */
  close(): Promise<void>;
}

export interface IngestPoolOptions {
  /** The store's loopback endpoint (EmbeddedStore.endpoint). */
  endpoint: string;
  /** The folder's token (EmbeddedStore.token); none for an in-memory store. */
  token?: string;
  tableName: string;
  /** Worker threads (default: one fewer than the cores, at least 1, at most 2). */
  threads?: number;
  /** Requests that may wait for a thread beyond those being ingested (default 8). */
  maxQueued?: number;
}

/** The pool's queue is full: a 503 that says when to try again. Nothing of the request was stored. */
export class IngestBusyError extends ApiError {
  constructor(
    readonly retryAfterSeconds: number,
    queued: number,
  ) {
    super(
      503,
      `sample ingestion is busy (${queued} requests waiting); nothing was stored, try again in ${retryAfterSeconds} s`,
    );
    this.name = 'IngestBusyError';
  }
}

export class IngestStoppedError extends ApiError {
  constructor(reason: string) {
    super(503, `sample ingestion is not available: ${reason}`);
    this.name = 'IngestStoppedError';
  }
}

export const defaultIngestThreads = (): number => threadsFor(2);

export const createIngestPool = (options: IngestPoolOptions): IngestPool => {
  const pool = createWorkerPool<{ body: MetricsBodyInput; nowMs: number }, MetricsOutcome>({
    script: new URL('./ingest-worker.mjs', import.meta.url),
    workerData: { endpoint: options.endpoint, token: options.token, tableName: options.tableName },
    threads: options.threads ?? defaultIngestThreads(),
    maxQueued: options.maxQueued ?? 8,
    expectedMs: 200,
    busyError: (seconds, queued) => new IngestBusyError(seconds, queued),
    stoppedError: (reason) => new IngestStoppedError(reason),
    // The store's own error (a write that failed after its retries): a 500, as in-process.
    failedError: ({ name, message }) => Object.assign(new Error(message), { name }),
    // A request being merged finishes before the store closes: its writes are complete.
    drainMs: 30_000,
  });
  return {
    ingest: (body, nowMs) => pool.run({ body, nowMs }),
    stats: pool.stats,
    warm: pool.warm,
    close: pool.close,
  };
};
