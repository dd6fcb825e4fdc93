// Alerts between digests: a daily schedule in the company's time zone runs the alert check, which
// emails through the digest's SES identity, posts to the configured webhooks and publishes to an
// SNS topic this construct owns (subscribe pagers, chat bots or email to it).

import { Duration, TimeZone } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../functions/shared/env.ts';
import type { StageSettings } from '../config.ts';
import { AppFunction } from './app-function.ts';
import { scheduleInvokeRole } from './schedule-role.ts';
import { deadLetterQueue } from './work-queue.ts';

export interface AlertsProps {
  table: ITableV2;
  configJson: string;
  /** The cron expression of the daily check, read in `timeZone`. */
  schedule: string;
  timeZone: string;
  /** Email alerts: the sending identity (the digest's) and the from address sending is scoped to. */
  email?: { identityArn: string; from: string };
  stage: StageSettings;
}

export class Alerts extends Construct {
  readonly fn: AppFunction;
  readonly topic: Topic;
  readonly schedule: Schedule;
  readonly scheduleDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'promisegap alerts', enforceSSL: true });

    this.fn = new AppFunction(this, 'Checker', {
      name: 'alerts',
      description:
        'Checks the running week daily and alerts on breaches, fast-burning budgets and complaint jumps',
      timeout: Duration.minutes(5),
      memorySize: 1024,
      stage: props.stage.stage,
      logRetention: props.stage.logRetention,
      logRemovalPolicy: props.stage.removalPolicy,
      environment: { [ENV.config]: props.configJson, [ENV.alertsTopicArn]: this.topic.topicArn },
    }).bindTable(props.table, ['read', 'write']);
    this.topic.grantPublish(this.fn.fn);
    if (props.email) {
      this.fn.fn.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['ses:SendEmail'],
          resources: [props.email.identityArn],
          conditions: { StringEquals: { 'ses:FromAddress': props.email.from } },
        }),
      );
    }

    this.scheduleDeadLetterQueue = deadLetterQueue(this, 'ScheduleDeadLetters');
    this.schedule = new Schedule(this, 'Schedule', {
      description: 'Checks the running week and alerts on what changed since the last check',
      schedule: ScheduleExpression.expression(props.schedule, TimeZone.of(props.timeZone)),
      target: new LambdaInvoke(this.fn.fn, {
        role: scheduleInvokeRole(this, 'ScheduleRole', this.fn.fn),
        input: ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
        deadLetterQueue: this.scheduleDeadLetterQueue,
        // Safe to retry: each channel of each alert is claimed in the table before it is sent.
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
      }),
    });
  }
}
