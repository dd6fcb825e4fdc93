// Complaint analysis off the event loop: a small pool of worker threads (analysis-worker.mjs) that
// run the same analyser as the Lambda path, so a server busy reading complaints still answers
// /health and every other request at once. The queue is bounded: when it is full a request is
// refused with a 503 and a Retry-After that estimates when there will be room, instead of
// waiting without limit while memory grows.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ComplaintAnalysis } from '../core/index.ts';
import { ApiError } from './errors.ts';

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

interface Job {
  id: number;
  texts: readonly string[];
  resolve: (analyses: ComplaintAnalysis[]) => void;
  reject: (error: Error) => void;
  startedAt?: number;
}

interface Thread {
  worker: Worker;
  ready: Promise<void>;
  job?: Job;
}

type Reply = { ready: true } | { id: number; analyses: ComplaintAnalysis[] } | { id: number; error: string };

export const defaultThreads = (): number => Math.max(1, Math.min(4, availableParallelism() - 1));

export const createAnalysisPool = (options: AnalysisPoolOptions = {}): AnalysisPool => {
  const size = Math.max(1, Math.floor(options.threads ?? defaultThreads()));
  const maxQueued = Math.max(0, Math.floor(options.maxQueued ?? 8));
  const threads: Thread[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;
  // How long a request takes, smoothed: the basis of Retry-After.
  let averageMs = 500;

  const finish = (thread: Thread) => {
    const job = thread.job;
    thread.job = undefined;
    if (job?.startedAt !== undefined) averageMs = 0.8 * averageMs + 0.2 * (performance.now() - job.startedAt);
    return job;
  };

  const spawn = (): Thread => {
    const worker = new Worker(new URL('./analysis-worker.mjs', import.meta.url));
    // Never what keeps a process alive: a server is kept alive by its socket, a test by its work.
    worker.unref();
    let ready!: () => void;
    const thread: Thread = { worker, ready: new Promise<void>((done) => (ready = done)) };
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) return ready();
      if (thread.job?.id !== reply.id) return;
      const job = finish(thread);
      if ('error' in reply) job?.reject(new Error(`complaint analysis failed: ${reply.error}`));
      else job?.resolve(reply.analyses);
      pump();
    });
    const gone = (reason: string) => {
      const index = threads.indexOf(thread);
      if (index < 0) return;
      threads.splice(index, 1);
      ready();
      finish(thread)?.reject(new AnalysisStoppedError(reason));
      pump();
    };
    worker.on('error', (error) => gone(`a thread failed (${error.message})`));
    worker.on('exit', (code) => gone(`a thread exited (code ${code})`));
    threads.push(thread);
    return thread;
  };

  const pump = () => {
    while (!closed && queue.length > 0) {
      const thread = threads.find((t) => !t.job) ?? (threads.length < size ? spawn() : undefined);
      if (!thread) return;
      const job = queue.shift() as Job;
      thread.job = job;
      job.startedAt = performance.now();
      // Messages wait in the thread's port until it has loaded the analyser.
      thread.worker.postMessage({ id: job.id, texts: job.texts });
    }
  };

  const running = () => threads.filter((t) => t.job).length;

  return {
    analyse: (texts) => {
      if (closed) return Promise.reject(new AnalysisStoppedError('the server is stopping'));
      if (texts.length === 0) return Promise.resolve([]);
      const idle = threads.some((t) => !t.job) || threads.length < size;
      if (!idle && queue.length >= maxQueued) {
        const ahead = queue.length + running();
        const seconds = Math.max(1, Math.ceil((ahead * averageMs) / size / 1000));
        return Promise.reject(new AnalysisBusyError(seconds, queue.length));
      }
      return new Promise<ComplaintAnalysis[]>((resolve, reject) => {
        queue.push({ id: nextId++, texts, resolve, reject });
        pump();
      });
    },
    stats: () => ({ threads: threads.length, running: running(), queued: queue.length }),
    warm: async () => {
      while (!closed && threads.length < size) spawn();
      await Promise.all(threads.map((t) => t.ready));
    },
    close: async () => {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new AnalysisStoppedError('the server is stopping'));
      const all = threads.splice(0);
      for (const t of all) finish(t)?.reject(new AnalysisStoppedError('the server is stopping'));
      await Promise.all(all.map((t) => t.worker.terminate()));
    },
  };
};
