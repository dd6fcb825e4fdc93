// One thread of the complaint analysis pool (analysis-pool.ts): the analyser of packages/complaints,
// unchanged, run off the server's event loop. Plain JavaScript that loads the TypeScript sources
// through tsx, the way bin/promisegap.mjs runs the CLI, so the thread starts the same under the
// CLI, a benchmark or a test runner.
//
// Messages (worker-pool.ts): { id, job: { texts } } in; { id, result: analyses } or
// { id, error: { name, message } } out.

import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';
import { lowerThisThreadsPriority } from './background-thread.mjs';

lowerThisThreadsPriority();

register();
const { analyzeComplaint } = await import('../complaints/index.ts');

parentPort?.on('message', ({ id, job }) => {
  try {
    parentPort?.postMessage({ id, result: job.texts.map((text) => analyzeComplaint(text)) });
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
