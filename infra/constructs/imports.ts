// Imports in AWS: a private, encrypted bucket where an operator (or a help desk's scheduled
// export) puts files under imports/tickets/, imports/samples/ or imports/complaints/. S3 sends
// each new object's event to a queue; the worker streams the object into the table and writes a
// report beside it under imports/reports/. A queue (not a direct S3 → Lambda trigger) so an import
// that fails is retried and finally dead-lettered, where an alarm sees it.

import { type CfnResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../functions/shared/env.ts';
import { IMPORT_PREFIXES, REPORT_PREFIX } from '../../packages/pipeline/import-keys.ts';
import type { StageSettings } from '../config.ts';
import { AppFunction } from './app-function.ts';
import { WorkQueue } from './work-queue.ts';

export interface ImportsProps {
  table: ITableV2;
  /** The project configuration as JSON (the calendar, column mappings). */
  configJson: string;
  stage: StageSettings;
}

// A 100,000-ticket export takes about a minute; the longest a Lambda may run leaves room for more.
const TIMEOUT = Duration.minutes(15);
/** Imported files and their reports are kept this long, then expire. */
export const IMPORT_RETENTION_DAYS = 90;

export class Imports extends Construct {
  readonly bucket: Bucket;
  readonly fn: AppFunction;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ImportsProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: false,
      // Files and reports are records of what was imported: kept when the stack goes (a dev
      // stage too: emptying a bucket on delete needs a custom-resource Lambda of its own).
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'ExpireImports', prefix: 'imports/', expiration: Duration.days(IMPORT_RETENTION_DAYS) },
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(2) },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket only receives import files from operators with IAM access and the reports the worker writes; ' +
        'every object is logged by the worker (key, rows, stored) and CloudTrail data events are the audit route if required.',
    });

    const events = new WorkQueue(this, 'Events', { consumerTimeout: TIMEOUT, maxReceiveCount: 3 });
    this.queue = events.queue;
    this.deadLetterQueue = events.deadLetterQueue;
    // The notification is set on the bucket itself (not through CDK's notifications custom
    // resource, a Lambda of its own): S3 may send to the queue from this account, and the bucket
    // is created after that permission so S3's check of the destination passes.
    this.queue.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('s3.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    const cfnBucket = this.bucket.node.defaultChild as CfnBucket;
    cfnBucket.notificationConfiguration = {
      queueConfigurations: Object.values(IMPORT_PREFIXES).map((prefix) => ({
        event: 's3:ObjectCreated:*',
        queue: this.queue.queueArn,
        filter: { s3Key: { rules: [{ name: 'prefix', value: prefix }] } },
      })),
    };
    const queuePolicy = this.queue.node.tryFindChild('Policy')?.node.defaultChild as CfnResource | undefined;
    if (queuePolicy) cfnBucket.addResourceDependency(queuePolicy);

    this.fn = new AppFunction(this, 'Worker', {
      name: 'import',
      description: 'Imports a file put in the import bucket and writes its report beside it',
      timeout: TIMEOUT,
      memorySize: 1024,
      stage: props.stage.stage,
      logRetention: props.stage.logRetention,
      logRemovalPolicy: props.stage.removalPolicy,
      environment: { [ENV.config]: props.configJson },
    }).bindTable(props.table, ['read', 'write']);
    // Read the files under the import prefixes, read and write the reports: nothing else.
    this.fn.fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['s3:GetObject'],
        resources: [
          ...Object.values(IMPORT_PREFIXES).map((p) => this.bucket.arnForObjects(`${p}*`)),
          this.bucket.arnForObjects(`${REPORT_PREFIX}*`),
        ],
      }),
    );
    this.fn.fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${REPORT_PREFIX}*`)],
      }),
    );
    // A missing report must read as NoSuchKey, not AccessDenied: ListBucket on the reports prefix.
    this.fn.fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${REPORT_PREFIX}*`] } },
      }),
    );
    const bucketId = Stack.of(this).getLogicalId(cfnBucket);
    for (const prefix of [...Object.values(IMPORT_PREFIXES), REPORT_PREFIX]) {
      Validations.of(this.fn.fn.role ?? this.fn.fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
        reason:
          `Objects under ${prefix} by nature end in a wildcard: the worker reads the files under the import ` +
          'prefixes and the reports, and writes reports only; no other object of the bucket and no other bucket.',
      });
    }
    this.fn.fn.addEventSource(
      new SqsEventSource(this.queue, {
        // One file a message: an import is long and stands alone.
        batchSize: 1,
        reportBatchItemFailures: true,
        // Two imports at a time at most: each is a long stream of conditional writes to the table.
        maxConcurrency: 2,
      }),
    );
  }
}
