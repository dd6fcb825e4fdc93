import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_RETENTION_DAYS } from '../../infra/constructs/imports.ts';
import { type Synthesised, synth } from './synth.ts';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown };
const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('imports: bucket, event queue and worker', () => {
  let s: Synthesised;
  const id = (construct: { node: { defaultChild?: unknown } }) =>
    s.stateless.getLogicalId(construct.node.defaultChild as never);
  beforeAll(() => {
    s = synth();
  });

  it('keeps the bucket private, encrypted and retained, and expires imports after the retention', () => {
    s.stack.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({
              Prefix: 'imports/',
              ExpirationInDays: IMPORT_RETENTION_DAYS,
              Status: 'Enabled',
            }),
            Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 } }),
          ]),
        },
      }),
    });
  });

  it('refuses requests without TLS', () => {
    s.stack.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('sends new files under the three import prefixes (never the reports) to the queue', () => {
    const bucket = Object.values(s.stack.findResources('AWS::S3::Bucket'))[0] as {
      Properties: {
        NotificationConfiguration: {
          QueueConfigurations: { Filter: unknown; Queue: unknown; Event: string }[];
        };
      };
    };
    const configs = bucket.Properties.NotificationConfiguration.QueueConfigurations;
    expect(configs.map((c) => JSON.stringify(c.Filter))).toEqual(
      ['imports/tickets/', 'imports/samples/', 'imports/complaints/'].map((p) =>
        JSON.stringify({ S3Key: { Rules: [{ Name: 'prefix', Value: p }] } }),
      ),
    );
    for (const c of configs) {
      expect(c.Event).toBe('s3:ObjectCreated:*');
      expect(c.Queue).toEqual({ 'Fn::GetAtt': [id(s.stateless.imports.queue), 'Arn'] });
    }
    s.stack.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  it('dead-letters an event after three failed imports and alarms on it and on worker errors', () => {
    s.stack.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 15 * 60 * 6,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [id(s.stateless.imports.deadLetterQueue), 'Arn'] },
        maxReceiveCount: 3,
      },
    });
    s.stack.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [id(s.stateless.imports.deadLetterQueue), 'QueueName'] },
        },
      ],
    });
    s.stack.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: id(s.stateless.imports.fn.fn) } }],
    });
  });

  it('reads one file a message, two imports at a time, reporting failures per message', () => {
    s.stack.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [id(s.stateless.imports.queue), 'Arn'] },
      FunctionName: { Ref: id(s.stateless.imports.fn.fn) },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    s.stack.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Imports a file put in the import bucket'),
      Timeout: 900,
      Environment: {
        Variables: Match.objectLike({
          PROMISEGAP_TABLE: Match.anyValue(),
          PROMISEGAP_CONFIG: Match.anyValue(),
        }),
      },
    });
  });

  it('lets the worker read only the import prefixes and reports, and write only reports', () => {
    const role = s.stateless.imports.fn.fn.role?.node.defaultChild;
    const roleId = s.stateless.getLogicalId(role as never);
    const statements = Object.values(s.stack.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify((p as { Properties: unknown }).Properties).includes(roleId))
      .flatMap(
        (p) =>
          (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
            .Statement,
      );
    const s3 = statements.filter((st) => asList(st.Action).some((a) => a.startsWith('s3:')));
    const byAction = (action: string) =>
      JSON.stringify(s3.filter((st) => asList(st.Action).includes(action)).map((st) => st.Resource));
    expect(byAction('s3:GetObject')).toMatch(
      /imports\/tickets\/\*.*imports\/samples\/\*.*imports\/complaints\/\*.*imports\/reports\/\*/,
    );
    expect(byAction('s3:PutObject')).toMatch(/imports\/reports\/\*/);
    expect(byAction('s3:PutObject')).not.toMatch(/imports\/tickets/);
    expect(s3.flatMap((st) => asList(st.Action)).sort()).toEqual([
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
  });
});
