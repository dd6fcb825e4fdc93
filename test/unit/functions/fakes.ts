// Small fakes for handler tests: a recording logger, a Lambda context and SQS events.

import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../../../packages/core/index.ts';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  attributes?: Record<string, unknown>;
}

export const recordingLogger = (): Logger & { lines: LogLine[] } => {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (message: string, attributes?: Record<string, unknown>) =>
    lines.push({ level, message, ...(attributes ? { attributes } : {}) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
};

export const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'promisegap-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:promisegap-test',
  memoryLimitInMB: '512',
  awsRequestId: 'req-1',
  logGroupName: '/aws/lambda/promisegap-test',
  logStreamName: 'stream',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

export const sqsRecord = (messageId: string, body: string): SQSRecord => ({
  messageId,
  receiptHandle: `handle-${messageId}`,
  body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '1700000000000',
    SenderId: 'sender',
    ApproximateFirstReceiveTimestamp: '1700000000000',
  },
  messageAttributes: {},
  md5OfBody: 'md5',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:extract',
  awsRegion: 'eu-west-1',
});

export const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

/** A clock that moves forward by `stepMs` on every read. */
export const steppingClock = (start: string, stepMs = 0) => {
  let t = new Date(start).getTime();
  return () => {
    const now = new Date(t);
    t += stepMs;
    return now;
  };
};
