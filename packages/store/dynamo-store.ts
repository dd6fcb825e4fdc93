// The DynamoDB implementation of the Store: one table, keys from schema.ts, no Scan anywhere.
// Each aggregate has its repository (with its item mapping) in its own file; this joins them.

import type { Store } from '../core/index.ts';
import { createApiKeyRepository } from './api-keys.ts';
import { createComplaintRepository } from './complaints.ts';
import { createMetricRepository } from './metrics.ts';
import { createPageRepository } from './pages.ts';
import { createPromiseRepository } from './promises.ts';
import { createTable, type DynamoStoreOptions } from './table.ts';
import { createVerdictRepository } from './verdicts.ts';

export type { DynamoStoreOptions } from './table.ts';

export const createDynamoStore = (options: DynamoStoreOptions): Store => {
  const table = createTable(options);
  return {
    ...createPageRepository(table),
    ...createPromiseRepository(table),
    ...createMetricRepository(table),
    ...createComplaintRepository(table),
    ...createVerdictRepository(table),
    ...createApiKeyRepository(table),
  };
};
