// The deployment's settings: the project config file and CDK context, validated once at synth time.
// Every problem is reported together, with where it came from.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ConfigError, type PromisegapConfig, parseConfig } from '../packages/core/index.ts';

/** The fictitious example company's config: synthesised only when named (-c config=…), never by default. */
export const EXAMPLE_CONFIG_PATH = 'examples/promisegap.config.json';

/** Stages whose data may be thrown away with the stack. Every other stage keeps its table. */
export const EPHEMERAL_STAGES: readonly string[] = ['dev', 'test', 'ci'];

/**
 * Lambda allows 4 KB of environment variables in total; the config travels in one of them, so
 * it must leave room for the others.
 */
export const MAX_FUNCTION_CONFIG_BYTES = 3_000;

export interface StageSettings {
  stage: string;
  /** RETAIN and deletion protection on stored data. */
  retainData: boolean;
  removalPolicy: RemovalPolicy;
  logRetention: RetentionDays;
}

export interface SenderSettings {
  /** The SES identity sending is scoped to: the from address, or its domain. */
  identity: string;
  /** True when the identity already exists in the account (referenced), false to create it. */
  existing: boolean;
  /** In the SES sandbox recipients are identities too, and IAM checks them. */
  sandboxRecipients: boolean;
}

export interface DeploySettings {
  /** The validated project config, as read from the file. */
  config: PromisegapConfig;
  configPath: string;
  /** The config the functions receive: local-only parts removed, URLs made absolute. */
  functionConfig: PromisegapConfig;
  functionConfigJson: string;
  stage: StageSettings;
  sender: SenderSettings;
  alarmEmail?: string;
  /** Crawl worker reserved concurrency and event-source maximum concurrency (SQS needs >= 2). */
  crawlConcurrency: number;
  /** API stage throttling. */
  apiRateLimit: number;
  apiBurstLimit: number;
  /** Things a deployer should know but that do not stop synthesis. */
  warnings: string[];
}

/** What `app.node.tryGetContext` returns, read through one function so tests can pass a plain object. */
export type ContextReader = (key: string) => unknown;

const SCHEDULE = /^(cron\((\S+\s+){5}\S+\)|rate\(\d+\s+(minute|minutes|hour|hours|day|days)\))$/;
const STAGE = /^[a-z][a-z0-9-]{0,19}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const isTimeZone = (name: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
};

const readJsonFile = (path: string): unknown => {
  if (!existsSync(path)) {
    throw new ConfigError(path, [
      'config file not found (pass -c config=PATH, relative to the repository root)',
    ]);
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ConfigError(path, [`not valid JSON: ${(cause as Error).message}`], { cause });
  }
};

const contextString = (read: ContextReader, key: string, problems: string[]): string | undefined => {
  const value = read(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    problems.push(`context ${key}: expected a string, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return value;
};

const contextInt = (
  read: ContextReader,
  key: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number => {
  const value = read(key);
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(
      `context ${key}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
    return fallback;
  }
  return n;
};

const contextBool = (read: ContextReader, key: string, problems: string[]): boolean => {
  const value = read(key);
  if (value === undefined || value === null || value === '') return false;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  problems.push(`context ${key}: expected true or false, got ${JSON.stringify(value)}`);
  return false;
};

export const stageSettings = (stage: string): StageSettings => {
  const retainData = !EPHEMERAL_STAGES.includes(stage);
  return {
    stage,
    retainData,
    removalPolicy: retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    logRetention: retainData ? RetentionDays.THREE_MONTHS : RetentionDays.ONE_WEEK,
  };
};

/**
 * The config the functions receive. Local-only parts go (the served example folder, metric and
 * complaint files), relative source URLs are resolved against `siteBaseUrl`, and private
 * addresses are never allowed from inside AWS (that switch exists only for a site on loopback).
 */
export const functionConfigFor = (
  config: PromisegapConfig,
  siteBaseUrl: string | undefined,
  warnings: string[],
): PromisegapConfig => {
  const sources = config.sources.map((source) => {
    if (/^https?:\/\//i.test(source.url)) return source;
    if (siteBaseUrl) return { ...source, url: new URL(source.url, siteBaseUrl).toString() };
    warnings.push(
      `source ${source.url} is relative to the local example site; the deployed crawler cannot reach it ` +
        '(pass -c siteBaseUrl=https://your-site.example to resolve relative sources)',
    );
    return source;
  });
  if (config.crawl.allowPrivateAddresses) {
    warnings.push(
      'crawl.allowPrivateAddresses is turned off in AWS: it is only for a site served on this machine',
    );
  }
  const { site: _site, ...rest } = config;
  return Object.freeze({
    ...rest,
    sources,
    crawl: { ...config.crawl, allowPrivateAddresses: false },
    metrics: [],
    complaints: [],
  });
};

const senderFor = (config: PromisegapConfig, read: ContextReader, problems: string[]): SenderSettings => {
  const from = config.digest.from.toLowerCase();
  const referenced = contextString(read, 'sesIdentity', problems)?.toLowerCase();
  const sandboxRecipients = contextBool(read, 'sesSandbox', problems);
  if (!referenced) return { identity: from, existing: false, sandboxRecipients };
  const domain = from.slice(from.indexOf('@') + 1);
  if (referenced !== from && referenced !== domain) {
    problems.push(
      `context sesIdentity: "${referenced}" cannot send as digest.from "${from}" ` +
        `(use the address itself or its domain "${domain}")`,
    );
  }
  return { identity: referenced, existing: true, sandboxRecipients };
};

/**
 * Reads the config file named by context `config` (relative to `rootDir`; there is no default, so
 * the fictitious example is never deployed by accident) and the deployment context, and validates all of it.
 */
export const loadDeploySettings = (read: ContextReader, rootDir: string): DeploySettings => {
  const problems: string[] = [];
  const warnings: string[] = [];
  const named = contextString(read, 'config', problems);
  if (named === undefined) {
    throw new ConfigError('the CDK context', [
      'no deployment config: pass -c config=FILE (your promisegap.config.json, relative to the repository root); ' +
        `-c config=${EXAMPLE_CONFIG_PATH} synthesises the fictitious example company`,
    ]);
  }
  const configPath = resolve(rootDir, named);
  const config = parseConfig(readJsonFile(configPath), configPath);

  const stage = contextString(read, 'stage', problems) ?? 'prod';
  if (!STAGE.test(stage)) {
    problems.push(`context stage: "${stage}" must be lower-case letters, digits and dashes, at most 20`);
  }
  if (!isTimeZone(config.calendar.timezone)) {
    problems.push(`calendar.timezone: "${config.calendar.timezone}" is not an IANA time zone`);
  }
  for (const [name, expression] of Object.entries(config.schedule)) {
    if (!SCHEDULE.test(expression)) {
      problems.push(
        `schedule.${name}: "${expression}" is not an EventBridge Scheduler expression ` +
          '(cron with six fields, e.g. "cron(0 7 ? * MON *)", or "rate(7 days)")',
      );
    }
  }
  const alarmEmail = contextString(read, 'alarmEmail', problems);
  if (alarmEmail && !EMAIL.test(alarmEmail)) {
    problems.push(`context alarmEmail: "${alarmEmail}" is not an email address`);
  }
  const siteBaseUrl = contextString(read, 'siteBaseUrl', problems);
  if (siteBaseUrl && !/^https:\/\/[^/]+/i.test(siteBaseUrl)) {
    problems.push(`context siteBaseUrl: "${siteBaseUrl}" must be an https:// URL`);
  }
  const sender = senderFor(config, read, problems);
  const crawlConcurrency = contextInt(read, 'crawlConcurrency', 2, 2, 50, problems);
  const apiRateLimit = contextInt(read, 'apiRateLimit', 50, 1, 10_000, problems);
  const apiBurstLimit = contextInt(read, 'apiBurstLimit', 100, 1, 5_000, problems);

  const functionConfig = functionConfigFor(config, siteBaseUrl, warnings);
  const functionConfigJson = JSON.stringify(functionConfig);
  const bytes = Buffer.byteLength(functionConfigJson);
  if (bytes > MAX_FUNCTION_CONFIG_BYTES) {
    problems.push(
      `the config the functions receive is ${bytes} bytes; Lambda's 4 KB environment allows at most ` +
        `${MAX_FUNCTION_CONFIG_BYTES} (fewer or shorter sources, include/exclude patterns or recipients)`,
    );
  }
  if (problems.length) throw new ConfigError(`${configPath} and the CDK context`, problems);

  return Object.freeze({
    config,
    configPath,
    functionConfig,
    functionConfigJson,
    stage: stageSettings(stage),
    sender,
    alarmEmail,
    crawlConcurrency,
    apiRateLimit,
    apiBurstLimit,
    warnings,
  });
};
