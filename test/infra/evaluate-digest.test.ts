import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_SUMMARY_MESSAGE } from '../../functions/shared/log-messages.ts';
import { type Synthesised, synth } from './synth.ts';

const sesArn = (identity: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':ses:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:identity/${identity}`,
    ],
  ],
});

const sendStatements = (s: Synthesised) =>
  Object.values(s.stack.findResources('AWS::IAM::Policy'))
    .flatMap(
      (p) =>
        (
          p.Properties.PolicyDocument as {
            Statement: { Action: unknown; Resource: unknown; Condition?: unknown }[];
          }
        ).Statement,
    )
    .filter((st) => JSON.stringify(st.Action).includes('ses:'));

describe('evaluate and digest: weekly schedule, SES sending', () => {
  let s: Synthesised;
  let referenced: Synthesised;
  let sandbox: Synthesised;
  beforeAll(() => {
    s = synth();
    referenced = synth({ sesIdentity: 'widgets.example' });
    sandbox = synth({ sesSandbox: 'true' });
  });

  it('runs weekly on the configured schedule in the calendar time zone, retried into a dead-letter queue', () => {
    s.stack.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 8 ? * MON *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      Target: Match.objectLike({
        Arn: {
          'Fn::GetAtt': [
            s.stateless.getLogicalId(s.stateless.evaluateDigest.fn.fn.node.defaultChild as never),
            'Arn',
          ],
        },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21600 },
        DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }),
      }),
    });
  });

  it('creates an email identity for the from address when none is referenced', () => {
    s.stack.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'digest@widgets.example' });
  });

  it('references an existing identity instead of creating one', () => {
    referenced.stack.resourceCountIs('AWS::SES::EmailIdentity', 0);
    expect(sendStatements(referenced)[0]?.Resource).toEqual(sesArn('widgets.example'));
  });

  it('may send only through its identity and only as the digest address', () => {
    expect(sendStatements(s)).toEqual([
      {
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: sesArn('digest@widgets.example'),
        Condition: { StringEquals: { 'ses:FromAddress': 'digest@widgets.example' } },
      },
    ]);
  });

  it('in the SES sandbox also names the recipients, which are identities there', () => {
    expect(sendStatements(sandbox)[0]?.Resource).toEqual([
      sesArn('digest@widgets.example'),
      sesArn('lead@widgets.example'),
      sesArn('ops@widgets.example'),
    ]);
  });

  it('counts undelivered digests from the summary log line', () => {
    s.stack.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: `{ $.message = "${DIGEST_SUMMARY_MESSAGE}" }`,
      MetricTransformations: [
        {
          MetricNamespace: 'Promisegap',
          MetricName: 'DigestSendFailures',
          MetricValue: '$.failed',
          DefaultValue: 0,
        },
      ],
    });
  });
});

describe('the weekly schedule in a zone east of UTC', () => {
  // Sydney, Monday 07:00 local (the example's default schedule): in March (AEDT, UTC+11) that is
  // Sunday 20:00 UTC, when the UTC week has not ended yet. The schedules must be read in the
  // calendar's zone, so that the crawl (05:00) and the evaluation (07:00) both start after the
  // local week ended at Monday 00:00 local, the crawl first.
  let s: Synthesised;
  beforeAll(() => {
    s = synth({ config: 'test/infra/fixtures/config-sydney.json' });
  });

  const schedules = () =>
    Object.values(s.stack.findResources('AWS::Scheduler::Schedule')).map(
      (r) => r.Properties as { ScheduleExpression: string; ScheduleExpressionTimezone: string },
    );
  /** Minutes after local Monday 00:00 at which a weekly cron(m h ? * MON *) fires. */
  const mondayMinute = (expression: string): number => {
    const m = /^cron\((\d+) (\d+) \? \* MON \*\)$/.exec(expression);
    if (!m) throw new Error(`not a Monday cron: ${expression}`);
    return Number(m[2]) * 60 + Number(m[1]);
  };

  it('reads the crawl seed, the evaluation and the daily alert schedule in the calendar zone', () => {
    const all = schedules();
    expect(all.map((s) => s.ScheduleExpression).sort()).toEqual([
      'cron(0 5 ? * MON *)',
      'cron(0 7 * * ? *)',
      'cron(0 7 ? * MON *)',
    ]);
    for (const schedule of all) expect(schedule.ScheduleExpressionTimezone).toBe('Australia/Sydney');
  });

  it('crawls, then evaluates, after the local week has ended', () => {
    const [crawl, evaluate] = ['cron(0 5 ? * MON *)', 'cron(0 7 ? * MON *)'].map((e) => {
      const found = schedules().find((x) => x.ScheduleExpression === e);
      if (!found) throw new Error(`no schedule ${e}`);
      return mondayMinute(found.ScheduleExpression);
    });
    expect(crawl).toBeGreaterThan(0);
    expect(evaluate).toBeGreaterThan(crawl ?? 0);
  });
});
