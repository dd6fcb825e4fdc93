// Lambda entry of the HTTP API: the hono app over the table, built once per cold start.

import { createApp } from '../../packages/api/index.ts';
import { createBusinessCalendar } from '../../packages/calendar/index.ts';
import { analyzeComplaint } from '../../packages/complaints/index.ts';
import { rulesText } from '../../packages/compliance/index.ts';
import { ConfigError, parseWindow } from '../../packages/core/index.ts';
import { buildDigest, digestInputFromStore } from '../../packages/digest/index.ts';
import { evidencePackFor } from '../../packages/export/index.ts';
import { createApiKey } from '../../packages/keys/index.ts';
import { gatherGapSignals } from '../../packages/policy/signals.ts';
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
  gapSignals: (window) => gatherGapSignals(store, config, window),
  digestPreview: async (windowId) =>
    buildDigest(await digestInputFromStore(store, config, parseWindow(windowId))),
  evidencePack: evidencePackFor(
    store,
    {
      company: config.company,
      timezone: config.calendar.timezone,
      rules: rulesText(createBusinessCalendar(config.calendar), config.evaluation),
      now: () => new Date(),
    },
    parseWindow,
  ),
});

export const handler = makeApiHandler({
  app,
  logger,
  createApiKey: async (scope, label) => {
    const created = await createApiKey(store, { scope, label, now });
    return { id: created.record.id, key: created.key, scope: created.record.scope };
  },
});
