// One thread of the complaint analysis pool (analysis-pool.ts): the analyser of packages/complaints,
// unchanged, run off the server's event loop. Plain JavaScript that loads the TypeScript sources
// through tsx, the way bin/promisegap.mjs runs the CLI, so the thread starts the same under the
// CLI, a benchmark or a test runner.
//
// Messages: { id, texts } in; { id, analyses } or { id, error } out.

import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { analyzeComplaint } = await import('../complaints/index.ts');

parentPort?.on('message', ({ id, texts }) => {
  try {
    parentPort?.postMessage({ id, analyses: texts.map((text) => analyzeComplaint(text)) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
parentPort?.postMessage({ ready: true });
