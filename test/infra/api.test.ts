import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Synthesised, synth } from './synth.ts';

describe('api: HTTP API in front of the hono function', () => {
  let s: Synthesised;
  beforeAll(() => {
    s = synth({ apiRateLimit: 20, apiBurstLimit: 40 });
  });

  it('sends every route to the function', () => {
    s.stack.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    s.stack.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
  });

  it('throttles the stage at the configured rate and burst', () => {
    s.stack.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });

  it('logs every request as JSON with its request id, without headers', () => {
    const stage = Object.values(s.stack.findResources('AWS::ApiGatewayV2::Stage'))[0];
    const settings = stage?.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
    expect(settings.DestinationArn).toEqual({
      'Fn::GetAtt': [s.stateless.getLogicalId(s.stateless.api.accessLogs.node.defaultChild as never), 'Arn'],
    });
    const format = JSON.parse(settings.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(settings.Format).not.toMatch(/authorization|header/i);
  });

  it('gives the function the table and the config it needs for digest previews', () => {
    s.stack.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'The HTTP API and dashboard',
      Environment: {
        Variables: Match.objectLike({
          PROMISEGAP_TABLE: Match.anyValue(),
          PROMISEGAP_CONFIG: Match.anyValue(),
        }),
      },
    });
  });
});
