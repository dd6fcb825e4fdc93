// `promisegap alerts check [--send]`: the daily alert check on the embedded store (or --table):
// which commitments are broken so far this period, burning their budget fast, or drawing a jump of
// complaints; with --send each configured channel is told once until the condition clears.

import { SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';
import { Command } from 'commander';
import { runAlerts } from '../../alerts/index.ts';
import { createAlertLedger, documentClient } from '../../store/index.ts';
import { type StoreOptions, withStore, withStoreOptions } from '../store.ts';
import { createCliLogger, missingConfig } from '../support.ts';
import { sesClientFromEnv } from './digest.ts';
import { findConfig } from './import.ts';

interface AlertOptions extends StoreOptions {
  config?: string;
  send?: boolean;
  json?: boolean;
  snsTopic?: string;
  at?: string;
  verbose?: boolean;
}

const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|\[::1\]|localhost)(:\d+)?(\/|$)/;

/** An SNS client from the standard variables; a loopback AWS_ENDPOINT_URL_SNS needs no account. */
const snsClientFromEnv = (env: NodeJS.ProcessEnv): SNSClient => {
  const config: SNSClientConfig = {};
  const endpoint = env.AWS_ENDPOINT_URL_SNS ?? env.AWS_ENDPOINT_URL;
  if (endpoint && LOOPBACK.test(endpoint)) {
    if (!env.AWS_REGION && !env.AWS_DEFAULT_REGION) config.region = 'us-east-1';
    if (!env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE)
      config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  return new SNSClient(config);
};

export const register = (program: Command): void => {
  const alerts = new Command('alerts').description(
    'Alerts between digests: breaches, fast-burning budgets, complaint jumps.',
  );
  withStoreOptions(
    alerts
      .command('check')
      .description('Check the running period now; with --send, tell each configured channel once per alert.')
      .option('--config <file>', 'the configuration (default: promisegap.config.json here)')
      .option('--send', 'send new alerts and record them (without it: a dry run that changes nothing)')
      .option(
        '--sns-topic <arn>',
        'also publish to this SNS topic (AWS credentials, or AWS_ENDPOINT_URL_SNS)',
      )
      .option(
        '--json',
        'one JSON object { alerts: [ { commitmentId, condition, channel, alreadySent, sent } ], cleared }',
      )
      .option('--at <time>', 'check as of this ISO time instead of now (to replay a past day)')
      .option('--verbose', 'log what is evaluated'),
  ).action(async (options: AlertOptions) => {
    const loaded = findConfig(options.config);
    if (!loaded) {
      process.stderr.write(`promisegap: ${missingConfig('alerts check')}\n`);
      process.exitCode = 2;
      return;
    }
    const { config } = loaded;
    const logger = createCliLogger(options.verbose);
    const at = options.at ? new Date(options.at) : undefined;
    if (at && Number.isNaN(at.getTime())) {
      process.stderr.write(
        `promisegap: --at ${options.at} is not a time (expected ISO 8601, e.g. 2026-11-18T12:00:00Z)\n`,
      );
      process.exitCode = 2;
      return;
    }
    await withStore(options, async (opened) => {
      const topic = options.snsTopic ?? config.alerts.snsTopicArn;
      const result = await runAlerts(
        {
          store: opened.store,
          ledger: createAlertLedger({ client: documentClient(opened.raw), tableName: opened.tableName }),
          config,
          now: () => at ?? new Date(),
          logger,
          fetch,
          ...(config.alerts.email ? { ses: sesClientFromEnv(process.env) } : {}),
          ...(topic ? { sns: snsClientFromEnv(process.env), snsTopicArn: topic } : {}),
        },
        { send: options.send === true },
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
        return;
      }
      const fresh = result.alerts.filter((a) => !a.alreadySent);
      const sent = result.alerts.filter((a) => a.sent).length;
      const failed = result.alerts.filter((a) => a.error);
      const verb = options.send ? `${sent} sent` : 'dry run: nothing sent (add --send)';
      process.stdout.write(
        `${opened.description}: ${result.conditions.length} alert conditions, ${fresh.length} new deliveries, ${verb}, ${result.cleared.length} cleared\n`,
      );
      for (const a of result.alerts) {
        const state = a.alreadySent
          ? 'already sent'
          : a.sent
            ? 'sent'
            : a.error
              ? `failed: ${a.error}`
              : 'would send';
        process.stdout.write(
          `  [${a.condition}] ${a.commitmentId} → ${a.channel}: ${state}\n    ${a.summary}\n`,
        );
      }
      if (result.alerts.length > 0 && new Set(result.alerts.map((a) => a.channel)).size === 0)
        process.stdout.write(
          '  no channel is configured: set alerts.email, alerts.webhooks or alerts.snsTopicArn\n',
        );
      if (failed.length > 0) process.exitCode = 1;
    });
  });
  program.addCommand(alerts);
};
