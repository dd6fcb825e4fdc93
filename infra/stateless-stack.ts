// Everything that can be rebuilt from code: the crawl, extraction, the weekly evaluation and
// digest, the API and the alarms, wired to the table of the stateful stack.

import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { DeploySettings } from './config.ts';
import { Alarms } from './constructs/alarms.ts';
import { Alerts } from './constructs/alerts.ts';
import { Api } from './constructs/api.ts';
import { Crawl } from './constructs/crawl.ts';
import { EvaluateDigest } from './constructs/evaluate-digest.ts';
import { Extract } from './constructs/extract.ts';
import { Imports } from './constructs/imports.ts';

export interface StatelessStackProps extends StackProps {
  settings: DeploySettings;
  table: ITableV2;
}

export class StatelessStack extends Stack {
  readonly crawl: Crawl;
  readonly extract: Extract;
  readonly evaluateDigest: EvaluateDigest;
  readonly api: Api;
  readonly alerts: Alerts;
  readonly imports: Imports;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings, table } = props;
    const { config, functionConfigJson: configJson, stage } = settings;
    const timeZone = config.calendar.timezone;

    this.extract = new Extract(this, 'Extract', { table, stage });
    this.crawl = new Crawl(this, 'Crawl', {
      table,
      extractQueue: this.extract.queue,
      configJson,
      schedule: config.schedule.crawl,
      timeZone,
      concurrency: settings.crawlConcurrency,
      stage,
    });
    this.evaluateDigest = new EvaluateDigest(this, 'EvaluateDigest', {
      table,
      configJson,
      from: config.digest.from,
      recipients: config.digest.recipients,
      sender: settings.sender,
      schedule: config.schedule.evaluate,
      timeZone,
      stage,
    });
    this.alerts = new Alerts(this, 'Alerts', {
      table,
      configJson,
      schedule: config.schedule.alerts,
      timeZone,
      ...(config.alerts.email
        ? {
            email: {
              identityArn: this.evaluateDigest.identityArn,
              from: config.alerts.email.from ?? config.digest.from,
            },
          }
        : {}),
      stage,
    });
    this.api = new Api(this, 'Api', {
      table,
      configJson,
      rateLimit: settings.apiRateLimit,
      burstLimit: settings.apiBurstLimit,
      stage,
    });
    this.imports = new Imports(this, 'Imports', { table, configJson, stage });
    this.alarms = new Alarms(this, 'Alarms', {
      deadLetterQueues: {
        CrawlPages: this.crawl.deadLetterQueue,
        CrawlSchedule: this.crawl.scheduleDeadLetterQueue,
        Extract: this.extract.deadLetterQueue,
        EvaluateSchedule: this.evaluateDigest.scheduleDeadLetterQueue,
        AlertsSchedule: this.alerts.scheduleDeadLetterQueue,
        Imports: this.imports.deadLetterQueue,
      },
      functions: {
        CrawlSeed: this.crawl.seed.fn,
        CrawlWorker: this.crawl.worker.fn,
        Extract: this.extract.fn.fn,
        EvaluateDigest: this.evaluateDigest.fn.fn,
        Api: this.api.fn.fn,
        Alerts: this.alerts.fn.fn,
        ImportWorker: this.imports.fn.fn,
      },
      digestSendFailures: this.evaluateDigest.sendFailures,
      apiServerErrors: this.api.httpApi.metricServerError(),
      email: settings.alarmEmail,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    new CfnOutput(this, 'ApiFunctionName', {
      value: this.api.fn.fn.functionName,
      description: 'Invoke with {"keys":"create"} to create an API key (see docs/deploy.md)',
    });
    new CfnOutput(this, 'CrawlSeedFunctionName', {
      value: this.crawl.seed.fn.functionName,
      description: 'Invoke to crawl now instead of waiting for the schedule',
    });
    new CfnOutput(this, 'EvaluateDigestFunctionName', {
      value: this.evaluateDigest.fn.fn.functionName,
      description: 'Invoke with {"window":"2026-W47","send":false} to (re)evaluate a week',
    });
    new CfnOutput(this, 'AlertsTopicArn', {
      value: this.alerts.topic.topicArn,
      description: 'Subscribe to receive every alert between digests',
    });
    new CfnOutput(this, 'ImportBucketName', {
      value: this.imports.bucket.bucketName,
      description:
        'Put files under imports/tickets/, imports/samples/ or imports/complaints/; reports appear under imports/reports/',
    });
    new CfnOutput(this, 'SesIdentityArn', { value: this.evaluateDigest.identityArn });
  }
}
