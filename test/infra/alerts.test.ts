import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Synthesised, synth } from './synth.ts';

const policyStatements = (s: Synthesised) =>
  Object.values(s.stack.findResources('AWS::IAM::Policy')).flatMap(
    (p) =>
      (
        p.Properties.PolicyDocument as {
          Statement: { Action: unknown; Resource: unknown; Condition?: unknown }[];
        }
      ).Statement,
  );

describe('alerts: a daily schedule in the company zone, an SNS topic, scoped sending', () => {
  let s: Synthesised;
  beforeAll(() => {
    s = synth();
  });

  it('runs the alert check every day at 07:00 in the calendar zone, retried and dead-lettered', () => {
    s.stack.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      Target: Match.objectLike({
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21600 },
        DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }),
        Input: JSON.stringify({ trigger: 'schedule' }),
      }),
    });
  });

  it('owns an SSL-only alerts topic that only the checker may publish to, and names it to the function', () => {
    const topics = s.stack.findResources('AWS::SNS::Topic', {
      Properties: { DisplayName: 'promisegap alerts' },
    });
    const [topicId] = Object.keys(topics);
    expect(topicId).toBeDefined();
    s.stack.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
      Topics: [{ Ref: topicId }],
    });
    const publishers = policyStatements(s).filter((st) => JSON.stringify(st.Action).includes('sns:Publish'));
    expect(publishers).toHaveLength(1);
    expect(publishers[0]?.Resource).toEqual({ Ref: topicId });
    s.stack.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('alerts on breaches'),
      Environment: { Variables: Match.objectLike({ PROMISEGAP_ALERTS_TOPIC_ARN: { Ref: topicId } }) },
    });
  });

  it('alarms when the schedule dead-letters or the checker fails', () => {
    const alarms = Object.values(s.stack.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties.AlarmDescription as string,
    );
    expect(alarms).toContain(
      'Messages are waiting in the AlertsSchedule dead-letter queue: they failed every retry',
    );
    expect(alarms).toContain('The Alerts function failed');
  });

  it('lets the checker email only from the alerts sender, and only when alerts.email is set', () => {
    const sesOf = (t: Synthesised) =>
      policyStatements(t).filter((st) => JSON.stringify(st.Action).includes('ses:SendEmail'));
    // Without alerts.email: the digest's statement alone.
    expect(sesOf(s).map((st) => st.Condition)).toEqual([
      { StringEquals: { 'ses:FromAddress': 'digest@widgets.example' } },
    ]);
    const withEmail = synth({ config: 'test/infra/fixtures/config-alerts.json' });
    expect(sesOf(withEmail).map((st) => st.Condition)).toEqual(
      expect.arrayContaining([{ StringEquals: { 'ses:FromAddress': 'alerts@widgets.example' } }]),
    );
  });
});
