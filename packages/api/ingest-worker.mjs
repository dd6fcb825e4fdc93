// One thread of the sample ingestion pool (ingest-pool.ts): POST /v1/metrics's work (metrics-ingest.ts:
// the schema check, normalisation, keys and the rollup merge) run off the server's event loop,
// writing to the server's embedded store through its loopback endpoint with the folder's token,
// as any other promisegap command on the folder does. Plain JavaScript that loads the TypeScript
// sources through tsx, like analysis-worker.mjs.
//
// workerData: { endpoint, token?, tableName }. Messages (worker-pool.ts): { id, job: { body:
// { text } | { value }, nowMs } } in; { id, result: outcome } or { id, error: { name, message } } out.

import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';
import { lowerThisThreadsPriority, serveJobs } from './background-thread.mjs';

lowerThisThreadsPriority();

register();
const { ingestMetricsBody } = await import('./metrics-ingest.ts');
const { createDynamoStore } = await import('../store/dynamo-store.ts');
const { documentClient, loopbackClient } = await import('../store/embedded.ts');

const { endpoint, token, tableName } = workerData;
const store = createDynamoStore({ client: documentClient(loopbackClient(endpoint, token)), tableName });

serveJobs((job) => {
  const body = 'text' in job.body ? JSON.parse(job.body.text) : job.body.value;
  return ingestMetricsBody(body, job.nowMs, store);
});
