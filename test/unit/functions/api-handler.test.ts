import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { makeApiHandler } from '../../../functions/api/api-handler.ts';
import { UnsupportedEventError } from '../../../functions/shared/errors.ts';
import { lambdaContext, recordingLogger } from './fakes.ts';

const httpEvent = (path: string): APIGatewayProxyEventV2 => {
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.example', 'x-forwarded-proto': 'https' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example',
      domainPrefix: 'api',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r1',
      routeKey: '$default',
      stage: '$default',
      time: '16/Nov/2026:05:00:00 +0000',
      timeEpoch: 1_700_000_000_000,
    },
  };
  return event;
};

const setup = () => {
  const app = new Hono().get('/health', (c) => c.json({ ok: true }));
  const created: { scope: string; label?: string }[] = [];
  const logger = recordingLogger();
  const handler = makeApiHandler({
    app,
    logger,
    createApiKey: async (scope, label) => {
      created.push({ scope, ...(label ? { label } : {}) });
      return { id: 'key_1', key: 'pg_read_secret', scope };
    },
  });
  return { handler, created, logger };
};

describe('api handler', () => {
  it('answers HTTP API requests with the app', async () => {
    const { handler } = setup();
    const response = await handler(httpEvent('/health'), lambdaContext());
    expect(response).toMatchObject({ statusCode: 200, body: '{"ok":true}' });
  });

  it('creates an API key on a direct invoke, returning it once and logging only its id', async () => {
    const { handler, created, logger } = setup();
    const response = await handler({ admin: 'create-api-key', scope: 'read', label: 'ops' });
    expect(response).toEqual({ id: 'key_1', key: 'pg_read_secret', scope: 'read' });
    expect(created).toEqual([{ scope: 'read', label: 'ops' }]);
    expect(JSON.stringify(logger.lines)).not.toContain('pg_read_secret');
    expect(logger.lines).toEqual([
      { level: 'info', message: 'api key created', attributes: { id: 'key_1', scope: 'read' } },
    ]);
  });

  it.each([
    [{ admin: 'create-api-key', scope: 'admin' }, /scope/],
    [{ admin: 'drop-table' }, /admin/],
  ])('refuses a malformed direct invoke %j', async (event, problem) => {
    const { handler, created } = setup();
    await expect(handler(event as never)).rejects.toThrow(UnsupportedEventError);
    await expect(handler(event as never)).rejects.toThrow(problem);
    expect(created).toEqual([]);
  });
});
