// A small, bounded pool of worker threads for the work a request must not do on the event loop
// (complaint analysis, sample ingestion): jobs go to the first idle thread, up to `maxQueued` wait
// for one, and beyond that a job is refused at once with the pool's busy error (a 503 whose
// Retry-After estimates when there will be room), so a burst costs bounded memory and every other
// request is still answered. A thread that dies fails its job and is replaced on the next one.
//
// Threads speak one protocol: { ready: true } once loaded; then { id, job } in and { id, result }
// or { id, error: { name, message } } out.

import { availableParallelism } from 'node:os';
import { type TransferListItem, Worker } from 'node:worker_threads';

export interface WorkerPool<J, R> {
  /** Runs a job on a thread; rejects with the busy error when the queue is full. */
  run(job: J, transfer?: readonly TransferListItem[]): Promise<R>;
  /** Threads started, jobs being run and jobs waiting. */
  stats(): { threads: number; running: number; queued: number };
  /** Starts the threads now rather than on the first job (each takes about a second). */
  warm(): Promise<void>;
  /**
   * Stops every thread. Waiting jobs are refused with the stopped error; running jobs are
   * refused at once too, unless `drainMs` is set, when they are given that long to finish.
   */
  close(): Promise<void>;
}

export interface WorkerPoolOptions {
  /** The thread's module (plain JavaScript that may load TypeScript through tsx). */
  script: URL;
  workerData?: unknown;
  threads: number;
  maxQueued: number;
  /** How long a job is expected to take before any has finished, in ms (the first Retry-After). */
  expectedMs: number;
  busyError: (retryAfterSeconds: number, queued: number) => Error;
  stoppedError: (reason: string) => Error;
  /** A job the thread reported as failed (the thread's error name and message). */
  failedError: (error: { name: string; message: string }) => Error;
  /** Give running jobs this long to finish on close (default: refuse them at once). */
  drainMs?: number;
}

interface Pending<J, R> {
  id: number;
  job: J;
  transfer: readonly TransferListItem[];
  resolve: (result: R) => void;
  reject: (error: Error) => void;
  startedAt?: number;
}

interface Thread<J, R> {
  worker: Worker;
  ready: Promise<void>;
  pending?: Pending<J, R>;
}

type Reply<R> =
  | { ready: true }
  | { id: number; result: R }
  | { id: number; error: { name: string; message: string } };

/** One fewer than the cores, at least 1, at most `max`. */
export const threadsFor = (max: number): number => Math.max(1, Math.min(max, availableParallelism() - 1));

export const createWorkerPool = <J, R>(options: WorkerPoolOptions): WorkerPool<J, R> => {
  const size = Math.max(1, Math.floor(options.threads));
  const maxQueued = Math.max(0, Math.floor(options.maxQueued));
  const threads: Thread<J, R>[] = [];
  const queue: Pending<J, R>[] = [];
  let nextId = 1;
  let closed = false;
  // How long a job takes, smoothed: the basis of Retry-After.
  let averageMs = options.expectedMs;
  const settled = new Set<() => void>();

  const finish = (thread: Thread<J, R>) => {
    const pending = thread.pending;
    thread.pending = undefined;
    if (pending?.startedAt !== undefined) {
      averageMs = 0.8 * averageMs + 0.2 * (performance.now() - pending.startedAt);
    }
    for (const done of settled) done();
    return pending;
  };

  const spawn = (): Thread<J, R> => {
    const worker = new Worker(options.script, { workerData: options.workerData });
    // Never what keeps a process alive: a server is kept alive by its socket, a test by its work.
    worker.unref();
    let ready!: () => void;
    const thread: Thread<J, R> = { worker, ready: new Promise<void>((done) => (ready = done)) };
    worker.on('message', (reply: Reply<R>) => {
      if ('ready' in reply) return ready();
      if (thread.pending?.id !== reply.id) return;
      const pending = finish(thread);
      if ('error' in reply) pending?.reject(options.failedError(reply.error));
      else pending?.resolve(reply.result);
      pump();
    });
    const gone = (reason: string) => {
      const index = threads.indexOf(thread);
      if (index < 0) return;
      threads.splice(index, 1);
      ready();
      finish(thread)?.reject(options.stoppedError(reason));
      pump();
    };
    worker.on('error', (error) => gone(`a thread failed (${error.message})`));
    worker.on('exit', (code) => gone(`a thread exited (code ${code})`));
    threads.push(thread);
    return thread;
  };

  const pump = () => {
    while (!closed && queue.length > 0) {
      const thread = threads.find((t) => !t.pending) ?? (threads.length < size ? spawn() : undefined);
      if (!thread) return;
      const pending = queue.shift() as Pending<J, R>;
      thread.pending = pending;
      pending.startedAt = performance.now();
      // Messages wait in the thread's port until it has loaded its module.
      thread.worker.postMessage({ id: pending.id, job: pending.job }, pending.transfer);
    }
  };

  const running = () => threads.filter((t) => t.pending).length;

  const drain = async (ms: number) => {
    const deadline = performance.now() + ms;
    while (running() > 0 && performance.now() < deadline) {
      await new Promise<void>((done) => {
        const timer = setTimeout(done, Math.max(1, deadline - performance.now()));
        const wake = () => {
          clearTimeout(timer);
          settled.delete(wake);
          done();
        };
        settled.add(wake);
      });
    }
  };

  return {
    run: (job, transfer = []) => {
      if (closed) return Promise.reject(options.stoppedError('the server is stopping'));
      const idle = threads.some((t) => !t.pending) || threads.length < size;
      if (!idle && queue.length >= maxQueued) {
        const ahead = queue.length + running();
        const seconds = Math.max(1, Math.ceil((ahead * averageMs) / size / 1000));
        return Promise.reject(options.busyError(seconds, queue.length));
      }
      return new Promise<R>((resolve, reject) => {
        queue.push({ id: nextId++, job, transfer, resolve, reject });
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
      for (const pending of queue.splice(0)) pending.reject(options.stoppedError('the server is stopping'));
      if (options.drainMs) await drain(options.drainMs);
      const all = threads.splice(0);
      for (const t of all) finish(t)?.reject(options.stoppedError('the server is stopping'));
      await Promise.all(all.map((t) => t.worker.terminate()));
    },
  };
};
