// Worker threads of the pools (analysis-worker.mjs, ingest-worker.mjs) do batch work; the thread
// that answers requests must come first when the cores are busy. On Linux a thread has its own
// nice value (setpriority on its thread id), so each pool thread lowers its own: when the machine
// is saturated the event loop is scheduled before them, and they still use every idle cycle.
// Elsewhere (or without /proc) this does nothing.

import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';

/** Nice value of pool threads (0 is normal, 19 the lowest). */
export const BACKGROUND_NICE = 10;

export const lowerThisThreadsPriority = () => {
  try {
    // '/proc/thread-self' → '<pid>/task/<tid>'
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, BACKGROUND_NICE);
  } catch {
    // Not Linux, or not allowed: the thread keeps the process's priority.
  }
};

/**
 * Answers the pool's jobs with `run` (worker-pool.ts's messages: { id, job } in; { id, result } or
 * { id, error: { name, message } } out), then tells the pool the thread is ready.
 */
export const serveJobs = (run) => {
  parentPort?.on('message', async ({ id, job }) => {
    try {
      parentPort?.postMessage({ id, result: await run(job) });
    } catch (error) {
      parentPort?.postMessage({
        id,
        error: {
          name: error instanceof Error ? error.name : 'Error',
          message: error instanceof Error ? error.message : String(error),
        },
      });
    }
  });
  parentPort?.postMessage({ ready: true });
};
