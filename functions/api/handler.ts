// Lambda entry of the HTTP API: the hono app over the table, built once per cold start.

import { configuredRoutes } from '../../packages/api/config-routes.ts';
import { createApp } from '../../packages/api/index.ts';
import { analyzeComplaint } from '../../packages/complaints/index.ts';
import { ConfigError } from '../../packages/core/index.ts';
import { createApiKey } from '../../packages/keys/index.ts';
import { createDynamoStore } from '../../packages/store/index.ts';
import { createDocumentClient } from '../shared/aws.ts';
import { ENV, loadFunctionEnv } from '../shared/env.ts';
import { createFunctionLogger, toPackageLogger } from '../shared/logger.ts';
import { makeApiHandler } from './api-handler.ts';

const env = loadFunctionEnv(process.env, [ENV.tableName, ENV.config]);
const config = env.config;
if (!config) throw new ConfigError(ENV.config, ['required by this function']);
const powertools = createFunctionLogger();
const logger = toPackageLogger(powertools);
const store = createDynamoStore({ client: createDocumentClient(), tableName: env.tableName, logger });
const now = () => new Date();

const app = createApp({
  store,
  now,
  logger,
  analyzeComplaint,
  ...configuredRoutes(store, config),
});

export const handler = makeApiHandler({
  app,
  logger,
  createApiKey: async (scope, label) => {
    const created = await createApiKey(store, { scope, label, now });
    return { id: created.record.id, key: created.key, scope: created.record.scope };
  },
});
