// Lambda entry of the daily alert check: wiring only, built once per cold start.

import { SESClient } from '@aws-sdk/client-ses';
import { SNSClient } from '@aws-sdk/client-sns';
import { runAlerts } from '../../packages/alerts/index.ts';
import { ConfigError } from '../../packages/core/index.ts';
import { createAlertLedger, createDynamoStore } from '../../packages/store/index.ts';
import { createDocumentClient } from '../shared/aws.ts';
import { ENV, loadFunctionEnv } from '../shared/env.ts';
import { createFunctionLogger, toPackageLogger, withLogContext } from '../shared/logger.ts';
import { makeAlertsHandler } from './alerts-handler.ts';

const env = loadFunctionEnv(process.env, [ENV.tableName, ENV.config]);
const config = env.config;
if (!config) throw new ConfigError(ENV.config, ['required by this function']);
const powertools = createFunctionLogger();
const logger = toPackageLogger(powertools);
const client = createDocumentClient();
const store = createDynamoStore({ client, tableName: env.tableName, logger });
const ledger = createAlertLedger({ client, tableName: env.tableName });
const topic = env.alertsTopicArn;
const ses = new SESClient({});
const sns = new SNSClient({});

export const handler = withLogContext(
  powertools,
  makeAlertsHandler({
    logger,
    check: (at, send) =>
      runAlerts(
        {
          store,
          ledger,
          config,
          now: () => at ?? new Date(),
          logger,
          fetch,
          ...(config.alerts.email ? { ses } : {}),
          ...(topic ? { sns, snsTopicArn: topic } : {}),
        },
        { send },
      ),
  }),
);
