// Complaint analysis off the event loop: a small pool of worker threads (analysis-worker.mjs) that
// run the same analyser as the Lambda path, so a server busy reading complaints still answers
// /health and every other request at once. The queue is bounded: when it is full a request is
// refused with a 503 and a Retry-After that estimates when there will be room, instead of
// waiting without limit while memory grows.

import type { ComplaintAnalysis } from '../core/index.ts';
import { ApiError } from './errors.ts';
import { createWorkerPool, threadsFor } from './worker-pool.ts';

/** What the complaints route needs: the analyses of a request's texts, in order. */
export interface ComplaintAnalyser {
  analyse(texts: readonly string[]): Promise<ComplaintAnalysis[]>;
}

export interface AnalysisPool extends ComplaintAnalyser {
  /** Threads started, requests being analysed and requests waiting. */
  stats(): { threads: number; running: number; queued: number };
  /** Starts the threads now rather than on the first request (each takes about a second). */
  warm(): Promise<void>;
  /** Stops every thread; waiting and running requests are refused. */
  close(): Promise<void>;
}

export interface AnalysisPoolOptions {
  /** Worker threads (default: one fewer than the cores, at least 1, at most 4). */
  threads?: number;
  /** Requests that may wait for a thread beyond those being analysed (default 8). */
  maxQueued?: number;
}

/** The pool's queue is full: a 503 that says when to try again. */
export class AnalysisBusyError extends ApiError {
  constructor(
    readonly retryAfterSeconds: number,
    queued: number,
  ) {
    super(
      503,
      `complaint analysis is busy (${queued} requests waiting); try again in ${retryAfterSeconds} s`,
    );
    this.name = 'AnalysisBusyError';
  }
}

export class AnalysisStoppedError extends ApiError {
  constructor(reason: string) {
    super(503, `complaint analysis is not available: ${reason}`);
    this.name = 'AnalysisStoppedError';
  }
}

export const defaultThreads = (): number => threadsFor(4);

export const createAnalysisPool = (options: AnalysisPoolOptions = {}): AnalysisPool => {
  const pool = createWorkerPool<{ texts: readonly string[] }, ComplaintAnalysis[]>({
    script: new URL('./analysis-worker.mjs', import.meta.url),
    threads: options.threads ?? defaultThreads(),
    maxQueued: options.maxQueued ?? 8,
    expectedMs: 500,
    busyError: (seconds, queued) => new AnalysisBusyError(seconds, queued),
    stoppedError: (reason) => new AnalysisStoppedError(reason),
    failedError: (error) => new Error(`complaint analysis failed: ${error.message}`),
  });
  return {
    analyse: (texts) => (texts.length === 0 ? Promise.resolve([]) : pool.run({ texts })),
    stats: pool.stats,
    warm: pool.warm,
    close: pool.close,
  };
};
