import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageFormatError } from '../../../functions/shared/errors.ts';
import { makeExtractEnqueuer, parseExtractMessage } from '../../../functions/shared/extract-messages.ts';
import type { Snapshot } from '../../../packages/core/index.ts';

const sqsMock = mockClient(SQSClient);
afterEach(() => sqsMock.reset());

const snapshot: Snapshot = {
  url: 'https://a.example/sla',
  sourceKind: 'sla',
  fetchedAt: '2026-11-16T05:00:00.000Z',
  status: 200,
  contentType: 'text/html',
  contentHash: 'new-hash',
  body: new TextEncoder().encode('<p>hi</p>'),
};

describe('extract queue messages', () => {
  it('queues the URL and hashes of a changed snapshot, never its body', async () => {
    sqsMock.on(SendMessageCommand).resolves({ MessageId: '1' });
    const enqueue = makeExtractEnqueuer({
      sqs: new SQSClient({ region: 'eu-west-1' }),
      queueUrl: 'https://sqs.example/q',
    });
    await enqueue(snapshot, {
      url: snapshot.url,
      fetchedAt: '2026-11-09T05:00:00.000Z',
      contentHash: 'old-hash',
    });
    const calls = sqsMock.commandCalls(SendMessageCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input.QueueUrl).toBe('https://sqs.example/q');
    const body = String(calls[0]?.args[0].input.MessageBody);
    expect(JSON.parse(body)).toEqual({
      url: 'https://a.example/sla',
      fetchedAt: '2026-11-16T05:00:00.000Z',
      contentHash: 'new-hash',
      previousHash: 'old-hash',
    });
    expect(parseExtractMessage(body, 'm1').url).toBe(snapshot.url);
  });

  it('lets a failed send propagate, so the crawl record is retried', async () => {
    sqsMock.on(SendMessageCommand).rejects(new Error('throttled'));
    const enqueue = makeExtractEnqueuer({
      sqs: new SQSClient({ region: 'eu-west-1' }),
      queueUrl: 'https://sqs.example/q',
    });
    await expect(enqueue(snapshot)).rejects.toThrow('throttled');
  });

  it.each([
    ['{', /body is not JSON/],
    ['{"url":"https://a.example","fetchedAt":"yesterday","contentHash":"x"}', /fetchedAt/],
    ['{"url":"https://a.example","fetchedAt":"2026-11-16T05:00:00Z"}', /contentHash/],
  ])('names the message and the problem for %s', (body, problem) => {
    expect(() => parseExtractMessage(body, 'msg-9')).toThrow(MessageFormatError);
    expect(() => parseExtractMessage(body, 'msg-9')).toThrow(/message msg-9 on the extract queue/);
    expect(() => parseExtractMessage(body, 'msg-9')).toThrow(problem);
  });
});
