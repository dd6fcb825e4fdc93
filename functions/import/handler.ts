// Lambda entry of the import worker: wiring only, built once per cold start. Each SQS message is
// an S3 event for a file put under imports/tickets/, imports/samples/ or imports/complaints/.

import { S3Client } from '@aws-sdk/client-s3';
import { createBusinessCalendar } from '../../packages/calendar/index.ts';
import { makeImportHandler } from '../../packages/pipeline/object-import.ts';
import { createImportLedger } from '../../packages/store/import-ledger.ts';
import { createDynamoStore } from '../../packages/store/index.ts';
import { createDocumentClient } from '../shared/aws.ts';
import { ENV, loadFunctionEnv } from '../shared/env.ts';
import { createFunctionLogger, toPackageLogger, withLogContext } from '../shared/logger.ts';
import { mappingsOf } from './mappings.ts';
import { createS3ImportBucket } from './s3-bucket.ts';

const env = loadFunctionEnv(process.env, [ENV.tableName, ENV.config]);
const powertools = createFunctionLogger();
const logger = toPackageLogger(powertools);
const client = createDocumentClient();
const store = createDynamoStore({ client, tableName: env.tableName, logger });
const config = env.config;
if (!config) throw new Error(`${ENV.config} is required by the import function`);

export const handler = withLogContext(
  powertools,
  makeImportHandler({
    store,
    bucket: createS3ImportBucket(new S3Client({})),
    calendar: createBusinessCalendar(config.calendar),
    now: () => new Date(),
    logger,
    mappings: mappingsOf(config),
    // Completed imports are recorded by content: the same bytes under another key store nothing.
    ledger: createImportLedger({ client, tableName: env.tableName }),
    ledgerContext: config.calendar,
  }),
);
