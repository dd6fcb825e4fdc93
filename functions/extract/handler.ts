// Lambda entry of the extract function: wiring only, built once per cold start.

import { extractSnapshotStep } from '../../packages/promises/index.ts';
import { createDynamoStore } from '../../packages/store/index.ts';
import { createDocumentClient } from '../shared/aws.ts';
import { ENV, loadFunctionEnv } from '../shared/env.ts';
import { createFunctionLogger, toPackageLogger, withLogContext } from '../shared/logger.ts';
import { makeExtractHandler } from './extract-handler.ts';

const env = loadFunctionEnv(process.env, [ENV.tableName]);
const powertools = createFunctionLogger();
const logger = toPackageLogger(powertools);
const store = createDynamoStore({ client: createDocumentClient(), tableName: env.tableName, logger });
const now = () => new Date();

export const handler = withLogContext(
  powertools,
  makeExtractHandler({ extract: (url) => extractSnapshotStep({ store, now, logger }, url), logger, now }),
);
