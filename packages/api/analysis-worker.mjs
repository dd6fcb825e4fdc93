// One thread of the complaint analysis pool (analysis-pool.ts): the analyser of packages/complaints,
// unchanged, run off the server's event loop. Plain JavaScript that loads the TypeScript sources
// through tsx, the way bin/promisegap.mjs runs the CLI, so the thread starts the same under the
// CLI, a benchmark or a test runner.
//
// Messages (worker-pool.ts): { id, job: { texts } } in; { id, result: analyses } or
// { id, error: { name, message } } out.

import { register } from 'tsx/esm/api';
import { lowerThisThreadsPriority, serveJobs } from './background-thread.mjs';

lowerThisThreadsPriority();

register();
const { analyzeComplaint } = await import('../complaints/index.ts');

serveJobs((job) => job.texts.map((text) => analyzeComplaint(text)));
