// The DynamoDB implementation of the Store: one table, keys from schema.ts, no Scan anywhere.
// Each aggregate has its repository (with its item mapping) in its own file; this joins them.

import type { Store } from '../core/index.ts';
import { createApiKeyRepository } from './api-keys.ts';
import { createComplaintRepository } from './complaints.ts';
import { createPageRepository } from './pages.ts';
import { createPolicyRepository } from './policies.ts';
import { createPromiseRepository } from './promises.ts';
import { createSampleRepository } from './samples.ts';
import { createSurveyRepository } from './surveys.ts';
import { createTable, type DynamoStoreOptions } from './table.ts';
import { createVerdictRepository } from './verdicts.ts';

export type { DynamoStoreOptions } from './table.ts';

export const createDynamoStore = (options: DynamoStoreOptions): Store => {
  const table = createTable(options);
  // Metric samples and rollups live in samples.ts (one item per series and week).
  const samples = createSampleRepository({
    client: table.client,
    tableName: table.tableName,
    logger: table.logger,
    sleep: table.sleep,
    ...(options.idsPerRollupPart === undefined ? {} : { idsPerRollupPart: options.idsPerRollupPart }),
  });
  return {
    ...createPageRepository(table),
    ...createPromiseRepository(table),
    ingestSamples: (batch) => samples.ingestSamples(batch),
    listSeries: (metric) => samples.listSeries(metric),
    rollupsFor: (series, from, to) => samples.rollupsFor(series, from, to),
    ...createComplaintRepository(table),
    ...createSurveyRepository(table),
    ...createVerdictRepository(table),
    ...createApiKeyRepository(table),
    ...createPolicyRepository(table),
  };
};
