// Environment variable names shared by the Lambda handlers and the CDK app, and their loader.

import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { ConfigError, type PromisegapConfig, parseConfig } from '../../packages/core/index.ts';

export const ENV = {
  tableName: 'PROMISEGAP_TABLE',
  crawlQueueUrl: 'PROMISEGAP_CRAWL_QUEUE_URL',
  extractQueueUrl: 'PROMISEGAP_EXTRACT_QUEUE_URL',
  /** The project configuration (promisegap.config.json), as JSON, validated at synth time too. */
  config: 'PROMISEGAP_CONFIG',
  stage: 'PROMISEGAP_STAGE',
  /** The stack's alerts topic, published to by the daily alert check. */
  alertsTopicArn: 'PROMISEGAP_ALERTS_TOPIC_ARN',
} as const;

export interface FunctionEnv {
  tableName: string;
  crawlQueueUrl?: string;
  extractQueueUrl?: string;
  alertsTopicArn?: string;
  config?: PromisegapConfig;
  stage: string;
}

// zod/mini keeps the bundles small (see packages/core/config.ts); English messages as classic zod.
z.config(en());

const envSchema = z.object({
  [ENV.tableName]: z.string().check(z.minLength(1)),
  [ENV.crawlQueueUrl]: z.optional(z.url()),
  [ENV.extractQueueUrl]: z.optional(z.url()),
  [ENV.alertsTopicArn]: z.optional(z.string().check(z.regex(/^arn:aws[\w-]*:sns:/, 'an SNS topic ARN'))),
  [ENV.config]: z.optional(z.string()),
  [ENV.stage]: z._default(z.string(), 'dev'),
});

/** Reads every variable once and reports all problems together. */
export const loadFunctionEnv = (
  env: NodeJS.ProcessEnv = process.env,
  require: string[] = [],
): FunctionEnv => {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  for (const name of require) if (!env[name]) problems.push(`${name}: required by this function`);
  if (!parsed.success || problems.length) throw new ConfigError('the function environment', problems);
  const raw = parsed.data;
  let config: PromisegapConfig | undefined;
  const configJson = raw[ENV.config];
  if (configJson) {
    let value: unknown;
    try {
      value = JSON.parse(configJson);
    } catch (cause) {
      throw new ConfigError(ENV.config, ['not valid JSON'], { cause });
    }
    config = parseConfig(value, ENV.config);
  }
  return Object.freeze({
    tableName: raw[ENV.tableName],
    crawlQueueUrl: raw[ENV.crawlQueueUrl],
    extractQueueUrl: raw[ENV.extractQueueUrl],
    alertsTopicArn: raw[ENV.alertsTopicArn],
    config,
    stage: raw[ENV.stage],
  });
};
