import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../infra/bundling.ts';
import { type Synthesised, synth } from './synth.ts';

type Alarm = {
  Properties: { MetricName?: string; Namespace?: string; AlarmActions: unknown[]; Dimensions?: unknown };
};

describe('alarms', () => {
  let s: Synthesised;
  let withEmail: Synthesised;
  let alarms: Alarm[];
  beforeAll(() => {
    s = synth();
    withEmail = synth({ alarmEmail: 'oncall@widgets.example' });
    alarms = Object.values(s.stack.findResources('AWS::CloudWatch::Alarm')) as Alarm[];
  });

  const count = (metric: string) => alarms.filter((a) => a.Properties.MetricName === metric).length;

  it('watches every dead-letter queue', () => {
    // Crawl pages and schedule, extract, evaluate schedule, imports, alerts schedule.
    expect(count('ApproximateNumberOfMessagesVisible')).toBe(6);
  });

  it('watches errors and throttles of every function', () => {
    expect(count('Errors')).toBe(Object.keys(FUNCTIONS).length);
    expect(count('Throttles')).toBe(Object.keys(FUNCTIONS).length);
  });

  it('watches undelivered digests and API server errors', () => {
    expect(
      alarms.filter(
        (a) => a.Properties.Namespace === 'Promisegap' && a.Properties.MetricName === 'DigestSendFailures',
      ),
    ).toHaveLength(1);
    expect(count('5xx')).toBe(1);
  });

  it('sends every alarm to the one topic', () => {
    const topic = s.stateless.getLogicalId(s.stateless.alarms.topic.node.defaultChild as never);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
  });

  it('subscribes the alarm email only when one is given', () => {
    s.stack.resourceCountIs('AWS::SNS::Subscription', 0);
    withEmail.stack.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@widgets.example',
    });
  });
});
