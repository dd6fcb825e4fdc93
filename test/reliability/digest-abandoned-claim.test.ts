// A run that dies after claiming a recipient and before SES answers must not cost that recipient
// the week's digest: once the claim is older than the timeout, the next run sends it, and the
// stored state says it was taken over. Real claims (DynamoDB store on dynalite), SES mocked.

import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Store, silentLogger } from '../../packages/core/index.ts';
import { buildDigest, sendDigest } from '../../packages/digest/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../packages/store/index.ts';
import { input, verdict } from '../unit/digest/fixtures.ts';

const ses = mockClient(SESClient);
const digest = buildDigest(input({ verdicts: [verdict('a')] }));
const T0 = Date.parse('2026-11-23T07:00:00.000Z');
const MINUTE = 60_000;
let embedded: EmbeddedStore;
let store: Store;

beforeAll(async () => {
  embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  store = embedded.store;
});
afterAll(async () => {
  await embedded?.close();
});
beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
});

const runAt = (windowId: string, minutes: number, recipients: string[]) =>
  sendDigest(
    {
      ses: new SESClient({ region: 'eu-west-1' }),
      store,
      now: () => new Date(T0 + minutes * MINUTE),
      logger: silentLogger,
      sleep: async () => {},
    },
    { digest, windowId, from: 'digest@example.test', recipients },
  );

describe('a digest claim left by a run that died', () => {
  it('is left alone while it may still be in flight, then sent once and shown as taken over', async () => {
    const windowId = '2026-W47';
    // The dead run: it claimed lead@ and never got to SES.
    expect(await store.claimDigestSend(windowId, 'lead@example.test', new Date(T0).toISOString())).toBe(true);

    const soon = await runAt(windowId, 5, ['lead@example.test', 'cmo@example.test']);
    expect(soon.sent).toEqual(['cmo@example.test']);
    expect(soon.skipped).toEqual(['lead@example.test']);

    const later = await runAt(windowId, 16, ['lead@example.test', 'cmo@example.test']);
    expect(later.sent).toEqual(['lead@example.test']);
    expect(later.skipped).toEqual(['cmo@example.test']);

    const again = await runAt(windowId, 60, ['lead@example.test', 'cmo@example.test']);
    expect(again.sent).toEqual([]);

    const sentTo = ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Destination?.ToAddresses);
    expect(sentTo).toEqual([['cmo@example.test'], ['lead@example.test']]);
    const lead = (await store.digestSends(windowId)).find((r) => r.recipient === 'lead@example.test');
    expect(lead).toMatchObject({
      state: 'sent',
      attempt: 2,
      reclaimedFrom: new Date(T0).toISOString(),
      messageId: 'ses-1',
    });
  });

  it('lets only one of two late runs take the abandoned claim', async () => {
    const windowId = '2026-W48';
    await store.claimDigestSend(windowId, 'ops@example.test', new Date(T0).toISOString());
    const [a, b] = await Promise.all([
      runAt(windowId, 20, ['ops@example.test']),
      runAt(windowId, 20, ['ops@example.test']),
    ]);
    expect([...a.sent, ...b.sent]).toEqual(['ops@example.test']);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });
});
