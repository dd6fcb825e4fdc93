// The weekly verdict and digest: a schedule in the company's time zone runs one function that
// evaluates last week's promises and emails the digest through SES, from an identity this
// construct creates or references and to which sending is scoped.

import { Duration, TimeZone } from 'aws-cdk-lib';
import type { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../functions/shared/env.ts';
import { DIGEST_SUMMARY_MESSAGE } from '../../functions/shared/log-messages.ts';
import type { SenderSettings, StageSettings } from '../config.ts';
import { AppFunction } from './app-function.ts';
import { scheduleInvokeRole } from './schedule-role.ts';
import { deadLetterQueue } from './work-queue.ts';

export const METRICS_NAMESPACE = 'Promisegap';

export interface EvaluateDigestProps {
  table: ITableV2;
  configJson: string;
  /** The digest's from address and recipients (the recipients matter in the SES sandbox only). */
  from: string;
  recipients: string[];
  sender: SenderSettings;
  schedule: string;
  timeZone: string;
  stage: StageSettings;
}

export class EvaluateDigest extends Construct {
  readonly fn: AppFunction;
  readonly schedule: Schedule;
  readonly scheduleDeadLetterQueue: Queue;
  /** Recipients the digest could not be sent to, per run (from the function's summary log line). */
  readonly sendFailures: Metric;
  /** The ARN sending is scoped to. */
  readonly identityArn: string;

  constructor(scope: Construct, id: string, props: EvaluateDigestProps) {
    super(scope, id);

    if (!props.sender.existing) {
      const identity = props.sender.identity;
      // Creating an email identity makes SES send a verification link to that address.
      new EmailIdentity(this, 'Sender', {
        identity: identity.includes('@') ? Identity.email(identity) : Identity.domain(identity),
      });
    }
    this.identityArn = AppFunction.sesIdentityArn(this, props.sender.identity);

    this.fn = new AppFunction(this, 'Evaluator', {
      name: 'evaluate-digest',
      description: 'Evaluates last week against every promise and emails the digest',
      timeout: Duration.minutes(5),
      memorySize: 1024,
      stage: props.stage.stage,
      logRetention: props.stage.logRetention,
      logRemovalPolicy: props.stage.removalPolicy,
      environment: { [ENV.config]: props.configJson },
    }).bindTable(props.table, ['read', 'write']);

    const resources = [this.identityArn];
    if (props.sender.sandboxRecipients) {
      for (const recipient of props.recipients) resources.push(AppFunction.sesIdentityArn(this, recipient));
    }
    this.fn.fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail'],
        resources,
        conditions: { StringEquals: { 'ses:FromAddress': props.from } },
      }),
    );

    this.scheduleDeadLetterQueue = deadLetterQueue(this, 'ScheduleDeadLetters');
    this.schedule = new Schedule(this, 'Schedule', {
      description: 'Evaluates the week that just ended and sends the digest',
      schedule: ScheduleExpression.expression(props.schedule, TimeZone.of(props.timeZone)),
      target: new LambdaInvoke(this.fn.fn, {
        role: scheduleInvokeRole(this, 'ScheduleRole', this.fn.fn),
        input: ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
        deadLetterQueue: this.scheduleDeadLetterQueue,
        // Safe to retry: verdict writes are idempotent and each recipient is claimed before sending.
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
      }),
    });

    const failures = new MetricFilter(this, 'SendFailures', {
      logGroup: this.fn.logGroup,
      filterPattern: FilterPattern.stringValue('$.message', '=', DIGEST_SUMMARY_MESSAGE),
      metricNamespace: METRICS_NAMESPACE,
      metricName: 'DigestSendFailures',
      metricValue: '$.failed',
      defaultValue: 0,
    });
    this.sendFailures = failures.metric({ statistic: 'Sum', period: Duration.hours(1) });
  }
}
