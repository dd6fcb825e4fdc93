// The HTTP API: API Gateway (HTTP API) in front of the hono app in one function, throttled on
// its stage and logging every request. Authorisation is the app's own API keys (read and write
// scopes, stored hashed in the table), so the gateway routes every request to the function.

import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV } from '../../functions/shared/env.ts';
import type { StageSettings } from '../config.ts';
import { AppFunction } from './app-function.ts';

export interface ApiProps {
  table: ITableV2;
  configJson: string;
  /** Steady requests per second, and the burst above it, for the whole stage. */
  rateLimit: number;
  burstLimit: number;
  stage: StageSettings;
}

/** One JSON object per request, from HTTP API context variables (no headers, no keys). */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
};

export class Api extends Construct {
  readonly fn: AppFunction;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly url: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.fn = new AppFunction(this, 'Handler', {
      name: 'api',
      description: 'The HTTP API and dashboard',
      timeout: Duration.seconds(15),
      memorySize: 1024,
      stage: props.stage.stage,
      logRetention: props.stage.logRetention,
      logRemovalPolicy: props.stage.removalPolicy,
      environment: { [ENV.config]: props.configJson },
    }).bindTable(props.table, ['read', 'write']);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'promisegap: promises, compliance, gaps, metrics and complaints',
      defaultIntegration: new HttpLambdaIntegration('App', this.fn.fn),
      createDefaultStage: false,
    });
    Validations.of(this.httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'The app authorises every /v1 request itself with API keys (read and write scopes, stored as SHA-256 ' +
        'hashes, compared in constant time); /health and the dashboard login must stay reachable without one.',
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.stage.logRetention,
      removalPolicy: props.stage.removalPolicy,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    this.url = this.stage.url;
  }
}
