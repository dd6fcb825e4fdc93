// Lambda entry of the crawl worker: wiring only, built once per cold start.

import { SQSClient } from '@aws-sdk/client-sqs';
import { ConfigError } from '../../packages/core/index.ts';
import { createCrawlContext, toCrawlSources } from '../../packages/crawl/index.ts';
import { createDynamoStore } from '../../packages/store/index.ts';
import { createDocumentClient } from '../shared/aws.ts';
import { ENV, loadFunctionEnv } from '../shared/env.ts';
import { makeExtractEnqueuer } from '../shared/extract-messages.ts';
import { createFunctionLogger, toPackageLogger, withLogContext } from '../shared/logger.ts';
import { makeCrawlWorkerHandler } from './crawl-worker-handler.ts';

const env = loadFunctionEnv(process.env, [ENV.tableName, ENV.crawlQueueUrl, ENV.extractQueueUrl, ENV.config]);
const config = env.config;
if (!config) throw new ConfigError(ENV.config, ['required by this function']);
const { crawlQueueUrl, extractQueueUrl } = env;
if (!crawlQueueUrl || !extractQueueUrl)
  throw new ConfigError('the function environment', ['queue URLs required']);
const powertools = createFunctionLogger();
const logger = toPackageLogger(powertools);
const store = createDynamoStore({ client: createDocumentClient(), tableName: env.tableName, logger });
const sqs = new SQSClient({});
const options = { ...config.crawl };
// Within a 60-second invocation: one quick retry here, longer waits are the queue's redelivery.
const context = createCrawlContext(options, { retryPolicy: { retries: 1, maxRetryAfterMs: 5_000 } });

export const handler = withLogContext(
  powertools,
  makeCrawlWorkerHandler({
    sqs,
    queueUrl: crawlQueueUrl,
    store,
    sources: toCrawlSources(config.sources),
    options,
    context,
    onSnapshot: makeExtractEnqueuer({ sqs, queueUrl: extractQueueUrl }),
    now: () => new Date(),
    logger,
  }),
);
