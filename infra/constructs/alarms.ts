// Alarms an operator acts on: anything in a dead-letter queue, any function error or throttle,
// any digest that could not be delivered, and server errors at the API, all to one SNS topic
// with an optional email subscription.

import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  /** Name shown in the alarm → dead-letter queue. */
  deadLetterQueues: Record<string, IQueue>;
  /** Name shown in the alarm → function. */
  functions: Record<string, IFunction>;
  /** Recipients the digest could not be delivered to. */
  digestSendFailures: IMetric;
  /** API responses with a 5xx status. */
  apiServerErrors?: IMetric;
  /** Subscribed to the topic when given (SNS sends a confirmation link first). */
  email?: string;
}

export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'promisegap alarms', enforceSSL: true });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.add(`${name}DeadLetters`, {
        description: `Messages are waiting in the ${name} dead-letter queue: they failed every retry`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          period: Duration.minutes(5),
        }),
      });
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}Errors`, {
        description: `The ${name} function failed`,
        metric: fn.metricErrors({ statistic: 'Sum', period: Duration.minutes(5) }),
      });
      this.add(`${name}Throttles`, {
        description: `The ${name} function was throttled`,
        metric: fn.metricThrottles({ statistic: 'Sum', period: Duration.minutes(5) }),
      });
    }
    this.add('DigestSendFailures', {
      description: 'The weekly digest could not be delivered to at least one recipient',
      metric: props.digestSendFailures,
    });
    if (props.apiServerErrors) {
      this.add('ApiServerErrors', {
        description: 'The API answered with server errors',
        metric: props.apiServerErrors,
        threshold: 5,
      });
    }
  }

  private add(id: string, options: { description: string; metric: IMetric; threshold?: number }): void {
    const alarm = new Alarm(this, id, {
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold ?? 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
