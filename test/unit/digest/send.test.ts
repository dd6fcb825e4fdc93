import {
  AccountSendingPausedException,
  MessageRejected,
  SESClient,
  SESServiceException,
  SendEmailCommand,
} from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DigestSendRecord, Logger, Store } from '../../../packages/core/index.ts';
import { buildDigest, DigestInputError, sendDigest } from '../../../packages/digest/index.ts';
import { input, verdict } from './fixtures.ts';

/** The store's digest-send contract: a claim succeeds once, unless the last attempt failed. */
const fakeStore = (): Pick<Store, 'claimDigestSend' | 'recordDigestSend' | 'digestSends'> & {
  records: Map<string, DigestSendRecord>;
} => {
  const records = new Map<string, DigestSendRecord>();
  const key = (w: string, r: string) => `${w}|${r}`;
  return {
    records,
    async claimDigestSend(windowId, recipient, at) {
      const existing = records.get(key(windowId, recipient));
      if (existing && existing.state !== 'failed') return false;
      records.set(key(windowId, recipient), { windowId, recipient, state: 'sending', at });
      return true;
    },
    async recordDigestSend(record) {
      records.set(key(record.windowId, record.recipient), record);
    },
    async digestSends(windowId) {
      return [...records.values()].filter((r) => r.windowId === windowId);
    },
  };
};

const recordingLogger = (): Logger & { lines: string[] } => {
  const lines: string[] = [];
  const log = (message: string, attributes?: Record<string, unknown>) =>
    lines.push(`${message} ${JSON.stringify(attributes ?? {})}`);
  return { lines, debug: log, info: log, warn: log, error: log };
};

const throttled = () =>
  new SESServiceException({
    name: 'Throttling',
    $fault: 'client',
    message: 'Maximum sending rate exceeded.',
    $metadata: { httpStatusCode: 400 },
  });

const ses = mockClient(SESClient);
const digest = buildDigest(input({ verdicts: [verdict('a')] }));
const now = () => new Date('2026-11-23T07:05:00.000Z');
const recipients = ['lead@example.test', 'cmo@example.test', 'ops@example.test'];

describe('sendDigest', () => {
  let store: ReturnType<typeof fakeStore>;
  let sleeps: number[];
  let logger: ReturnType<typeof recordingLogger>;
  const deps = () => ({
    ses: new SESClient({ region: 'eu-west-1' }),
    store,
    now,
    logger,
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
  });

  beforeEach(() => {
    ses.reset();
    store = fakeStore();
    sleeps = [];
    logger = recordingLogger();
  });

  it('sends each recipient one message with the subject, the HTML part and the text part', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const result = await sendDigest(deps(), {
      digest,
      windowId: '2026-W47',
      from: 'digest@example.test',
      recipients,
    });
    expect(result).toEqual({ sent: recipients, skipped: [], rejected: [], failed: [] });
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls.map((c) => c.args[0].input.Destination?.ToAddresses)).toEqual(recipients.map((r) => [r]));
    const message = calls[0]?.args[0].input.Message;
    expect(message?.Subject?.Data).toBe(digest.subject);
    expect(message?.Body?.Html?.Data).toBe(digest.html);
    expect(message?.Body?.Text?.Data).toBe(digest.text);
    expect((await store.digestSends('2026-W47')).map((r) => [r.state, r.messageId])).toEqual(
      recipients.map(() => ['sent', 'm-1']),
    );
  });

  it('retries a throttled send with growing waits, then delivers it', async () => {
    ses.on(SendEmailCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({ MessageId: 'm-2' });
    const result = await sendDigest(deps(), {
      digest,
      windowId: '2026-W47',
      from: 'digest@example.test',
      recipients: ['lead@example.test'],
    });
    expect(result.sent).toEqual(['lead@example.test']);
    expect(sleeps).toEqual([500, 1000]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
  });

  it('records a send throttled to the end as failed, so the next run tries it again', async () => {
    ses.on(SendEmailCommand).rejects(throttled());
    const first = await sendDigest(
      { ...deps(), maxAttempts: 3 },
      { digest, windowId: '2026-W47', from: 'digest@example.test', recipients: ['lead@example.test'] },
    );
    expect(first.failed).toEqual([
      { recipient: 'lead@example.test', error: expect.stringContaining('Throttling') },
    ]);
    expect(sleeps).toEqual([500, 1000]);
    expect(store.records.get('2026-W47|lead@example.test')?.state).toBe('failed');

    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-3' });
    const second = await sendDigest(deps(), {
      digest,
      windowId: '2026-W47',
      from: 'digest@example.test',
      recipients: ['lead@example.test'],
    });
    expect(second.sent).toEqual(['lead@example.test']);
  });

  it('records and reports a rejected recipient while the others still get theirs', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ok' });
    ses
      .on(SendEmailCommand, { Destination: { ToAddresses: ['cmo@example.test'] } })
      .rejects(new MessageRejected({ message: 'Email address is not verified.', $metadata: {} }));
    const result = await sendDigest(deps(), {
      digest,
      windowId: '2026-W47',
      from: 'digest@example.test',
      recipients,
    });
    expect(result.sent).toEqual(['lead@example.test', 'ops@example.test']);
    expect(result.rejected).toEqual([
      { recipient: 'cmo@example.test', error: 'MessageRejected: Email address is not verified.' },
    ]);
    expect(store.records.get('2026-W47|cmo@example.test')).toMatchObject({
      state: 'rejected',
      error: 'MessageRejected: Email address is not verified.',
    });
    expect(sleeps).toEqual([]);
  });

  it('sends nothing twice when the job runs again for the same week', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
    const args = { digest, windowId: '2026-W47', from: 'digest@example.test', recipients };
    await sendDigest(deps(), args);
    const again = await sendDigest(deps(), args);
    expect(again).toEqual({ sent: [], skipped: recipients, rejected: [], failed: [] });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
    const nextWeek = await sendDigest(deps(), { ...args, windowId: '2026-W48' });
    expect(nextWeek.sent).toEqual(recipients);
  });

  it('stops calling SES when the account is paused and leaves every recipient to retry', async () => {
    ses.on(SendEmailCommand).rejects(new AccountSendingPausedException({ message: 'paused', $metadata: {} }));
    const result = await sendDigest(deps(), {
      digest,
      windowId: '2026-W47',
      from: 'digest@example.test',
      recipients,
    });
    expect(result.failed.map((f) => f.recipient)).toEqual(recipients);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect([...store.records.values()].every((r) => r.state === 'failed')).toBe(true);
  });

  it('sends once to an address listed twice', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
    const result = await sendDigest(deps(), {
      digest,
      windowId: '2026-W47',
      from: 'digest@example.test',
      recipients: ['lead@example.test', 'Lead@Example.test'],
    });
    expect(result.sent).toEqual(['lead@example.test']);
  });

  it('never writes an email address to the logs', async () => {
    ses.on(SendEmailCommand).rejectsOnce(throttled()).resolves({ MessageId: 'm' });
    await sendDigest(deps(), { digest, windowId: '2026-W47', from: 'digest@example.test', recipients });
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.lines.join('\n')).not.toMatch(/@example\.test/);
  });

  it.each([
    [{ from: 'not-an-address' }, /from/],
    [{ recipients: [] }, /recipients/],
    [{ recipients: ['ok@example.test', 'bad address'] }, /recipients\[1\]/],
    [{ windowId: '' }, /windowId/],
  ])('refuses bad input %#, naming the field', async (over, message) => {
    const args = { digest, windowId: '2026-W47', from: 'digest@example.test', recipients, ...over };
    await expect(sendDigest(deps(), args)).rejects.toThrow(DigestInputError);
    await expect(sendDigest(deps(), args)).rejects.toThrow(message);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});
