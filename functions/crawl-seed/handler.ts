// Lambda entry of the crawl seed job: wiring only, built once per cold start.

import { SQSClient } from '@aws-sdk/client-sqs';
import { ConfigError } from '../../packages/core/index.ts';
import { createCrawlContext, toCrawlSources } from '../../packages/crawl/index.ts';
import { createDynamoStore } from '../../packages/store/index.ts';
import { createDocumentClient } from '../shared/aws.ts';
import { ENV, loadFunctionEnv } from '../shared/env.ts';
import { createFunctionLogger, toPackageLogger, withLogContext } from '../shared/logger.ts';
import { makeCrawlSeedHandler } from './crawl-seed-handler.ts';

const env = loadFunctionEnv(process.env, [ENV.tableName, ENV.crawlQueueUrl, ENV.config]);
const config = env.config;
if (!config) throw new ConfigError(ENV.config, ['required by this function']);
const queueUrl = env.crawlQueueUrl;
if (!queueUrl) throw new ConfigError(ENV.crawlQueueUrl, ['required by this function']);
const powertools = createFunctionLogger();
const logger = toPackageLogger(powertools);
const store = createDynamoStore({ client: createDocumentClient(), tableName: env.tableName, logger });
const options = { ...config.crawl };

export const handler = withLogContext(
  powertools,
  makeCrawlSeedHandler({
    sqs: new SQSClient({}),
    queueUrl,
    store,
    sources: toCrawlSources(config.sources),
    options,
    context: createCrawlContext(options),
    now: () => new Date(),
    logger,
  }),
);
