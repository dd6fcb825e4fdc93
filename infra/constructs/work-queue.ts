// An SQS queue with its dead-letter queue: encrypted, TLS only, redriven after a few receives,
// the visibility timeout set from the consumer's timeout as Lambda's SQS guide advises.

import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface WorkQueueProps {
  /** The consuming function's timeout; the visibility timeout is six times it. */
  consumerTimeout: Duration;
  /** Receives before a message goes to the dead-letter queue. */
  maxReceiveCount: number;
}

/** A dead-letter queue on its own, for targets that only need somewhere to put failures. */
export const deadLetterQueue = (scope: Construct, id: string): Queue => {
  const queue = new Queue(scope, id, {
    retentionPeriod: Duration.days(14),
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself a dead-letter queue (of a work queue or a schedule target): a message here has ' +
      'failed every retry, stays 14 days for inspection and raises an alarm; there is nowhere further to send it.',
  });
  return queue;
};

export class WorkQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetters');
    this.queue = new Queue(this, 'Queue', {
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
  }
}
