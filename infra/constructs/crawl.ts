// The weekly crawl: a schedule in the company's time zone starts the seed function, which queues
// the start pages; the worker fetches one page per message with a reserved concurrency that keeps
// the crawl polite, queues the pages it discovers, and queues each new or changed snapshot for
// extraction.

import { Duration, TimeZone } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../functions/shared/env.ts';
import type { StageSettings } from '../config.ts';
import { AppFunction } from './app-function.ts';
import { scheduleInvokeRole } from './schedule-role.ts';
import { deadLetterQueue, WorkQueue } from './work-queue.ts';

export interface CrawlProps {
  table: ITableV2;
  /** Where new and changed snapshots go to be extracted. */
  extractQueue: IQueue;
  /** The functions' config JSON (sources, crawl options). */
  configJson: string;
  /** EventBridge Scheduler expression, read in `timeZone`. */
  schedule: string;
  timeZone: string;
  /** Reserved concurrency of the worker, and the event source's maximum concurrency. */
  concurrency: number;
  stage: StageSettings;
}

const WORKER_TIMEOUT = Duration.seconds(60);

export class Crawl extends Construct {
  readonly seed: AppFunction;
  readonly worker: AppFunction;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly scheduleDeadLetterQueue: Queue;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: CrawlProps) {
    super(scope, id);
    const common = {
      stage: props.stage.stage,
      logRetention: props.stage.logRetention,
      logRemovalPolicy: props.stage.removalPolicy,
      environment: { [ENV.config]: props.configJson },
    };

    const pages = new WorkQueue(this, 'Pages', { consumerTimeout: WORKER_TIMEOUT, maxReceiveCount: 5 });
    this.queue = pages.queue;
    this.deadLetterQueue = pages.deadLetterQueue;

    this.seed = new AppFunction(this, 'Seed', {
      ...common,
      name: 'crawl-seed',
      description: 'Plans the weekly crawl and queues one message per start page',
      timeout: Duration.minutes(2),
    })
      .bindTable(props.table, ['read', 'write'])
      .bindQueueSender(this.queue, ENV.crawlQueueUrl);

    this.worker = new AppFunction(this, 'Worker', {
      ...common,
      name: 'crawl-worker',
      description: 'Fetches one page per message, stores changed snapshots, queues extraction',
      timeout: WORKER_TIMEOUT,
      memorySize: 1024,
      reservedConcurrentExecutions: props.concurrency,
    })
      .bindTable(props.table, ['read', 'write'])
      .bindQueueSender(this.queue, ENV.crawlQueueUrl)
      .bindQueueSender(props.extractQueue, ENV.extractQueueUrl);
    this.worker.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 5,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        // Kept at the reserved concurrency so the poller is never throttled into redriving pages.
        maxConcurrency: props.concurrency,
      }),
    );

    this.scheduleDeadLetterQueue = deadLetterQueue(this, 'ScheduleDeadLetters');
    this.schedule = new Schedule(this, 'Schedule', {
      description: 'Starts the weekly crawl of the configured sources',
      schedule: ScheduleExpression.expression(props.schedule, TimeZone.of(props.timeZone)),
      target: new LambdaInvoke(this.seed.fn, {
        role: scheduleInvokeRole(this, 'ScheduleRole', this.seed.fn),
        input: ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
        deadLetterQueue: this.scheduleDeadLetterQueue,
        retryAttempts: 2,
        maxEventAge: Duration.hours(2),
      }),
    });
  }
}
