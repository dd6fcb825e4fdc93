// Extraction: the crawl worker queues the URL of each new or changed snapshot; this function
// loads the snapshot from the table, extracts its promises, diffs them with what was there and
// writes the promises and their versions. A queue (not a direct call) so a slow PDF or a bad page
// is retried on its own and ends in a dead-letter queue, never blocking the crawl.

import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageSettings } from '../config.ts';
import { AppFunction } from './app-function.ts';
import { WorkQueue } from './work-queue.ts';

export interface ExtractProps {
  table: ITableV2;
  stage: StageSettings;
}

const TIMEOUT = Duration.minutes(2);

export class Extract extends Construct {
  readonly fn: AppFunction;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ExtractProps) {
    super(scope, id);
    const snapshots = new WorkQueue(this, 'Snapshots', { consumerTimeout: TIMEOUT, maxReceiveCount: 3 });
    this.queue = snapshots.queue;
    this.deadLetterQueue = snapshots.deadLetterQueue;

    this.fn = new AppFunction(this, 'Extractor', {
      name: 'extract',
      description: 'Extracts promises from a changed snapshot and records their versions',
      timeout: TIMEOUT,
      // PDF text extraction is the heaviest work in the app; memory also buys CPU.
      memorySize: 1536,
      stage: props.stage.stage,
      logRetention: props.stage.logRetention,
      logRemovalPolicy: props.stage.removalPolicy,
    }).bindTable(props.table, ['read', 'write']);
    this.fn.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 5,
        maxBatchingWindow: Duration.seconds(5),
        reportBatchItemFailures: true,
      }),
    );
  }
}
