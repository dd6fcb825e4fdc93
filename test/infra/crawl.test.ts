import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Synthesised, synth } from './synth.ts';

describe('crawl: schedule, seed, page queue and worker', () => {
  let s: Synthesised;
  const id = (construct: { node: { defaultChild?: unknown } }) =>
    s.stateless.getLogicalId(construct.node.defaultChild as never);
  beforeAll(() => {
    s = synth({ crawlConcurrency: 3 });
  });

  it('starts on the configured schedule, read in the calendar time zone', () => {
    s.stack.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 4 ? * SUN *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [id(s.stateless.crawl.seed.fn), 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [id(s.stateless.crawl.scheduleDeadLetterQueue), 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 },
      }),
    });
  });

  it('sends pages that fail five receives to a dead-letter queue, with the visibility six times the worker timeout', () => {
    s.stack.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 360,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [id(s.stateless.crawl.deadLetterQueue), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
    s.stack.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it('refuses plain-HTTP access to every queue', () => {
    const policies = Object.values(s.stack.findResources('AWS::SQS::QueuePolicy'));
    const queues = Object.keys(s.stack.findResources('AWS::SQS::Queue'));
    expect(policies).toHaveLength(queues.length);
    for (const policy of policies) {
      expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('feeds the worker in batches with partial failures, as many at a time as its reserved concurrency', () => {
    s.stack.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [id(s.stateless.crawl.queue), 'Arn'] },
      FunctionName: { Ref: id(s.stateless.crawl.worker.fn) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 3 },
      BatchSize: 5,
    });
    s.stack.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.absent(),
      ReservedConcurrentExecutions: 3,
      Description: Match.stringLikeRegexp('^Fetches one page'),
    });
  });

  it('gives the seed and the worker the page queue, the worker the extract queue, both the config', () => {
    const env = (fn: { node: { defaultChild?: unknown } }): Record<string, unknown> => {
      const props = s.stack.findResources('AWS::Lambda::Function')[id(fn)]?.Properties as
        | { Environment: { Variables: Record<string, unknown> } }
        | undefined;
      return props?.Environment.Variables ?? {};
    };
    const seed = env(s.stateless.crawl.seed.fn);
    const worker = env(s.stateless.crawl.worker.fn);
    expect(seed.PROMISEGAP_CRAWL_QUEUE_URL).toEqual({ Ref: id(s.stateless.crawl.queue) });
    expect(seed.PROMISEGAP_EXTRACT_QUEUE_URL).toBeUndefined();
    expect(worker.PROMISEGAP_CRAWL_QUEUE_URL).toEqual({ Ref: id(s.stateless.crawl.queue) });
    expect(worker.PROMISEGAP_EXTRACT_QUEUE_URL).toEqual({ Ref: id(s.stateless.extract.queue) });
    const config = JSON.parse(String(seed.PROMISEGAP_CONFIG));
    expect(config.crawl.allowPrivateAddresses).toBe(false);
    expect(worker.PROMISEGAP_CONFIG).toBe(seed.PROMISEGAP_CONFIG);
  });

  it('lets the worker send to the extract queue and nothing else outside the crawl', () => {
    s.stack.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^CrawlWorkerRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
            Resource: { 'Fn::GetAtt': [id(s.stateless.extract.queue), 'Arn'] },
          },
        ]),
      },
    });
  });
});
