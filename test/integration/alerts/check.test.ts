// Alerts end to end on the real pieces: the ledger on the embedded dynalite, email through
// aws-ses-v2-local and a Slack-compatible webhook received on loopback. Each alert reaches each
// channel once per episode, whatever is retried; a cleared condition alerts again when it returns.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESClient } from '@aws-sdk/client-ses';
import * as sesLocalModule from 'aws-ses-v2-local';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AlertChannel,
  type AlertCheckDeps,
  type DetectedAlert,
  emailChannel,
  runAlertCheck,
  webhookChannel,
} from '../../../packages/alerts/index.ts';
import { silentLogger } from '../../../packages/core/index.ts';
import { createAlertLedger, type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';

type StartSesLocal = (config?: { host?: string; port?: number }) => Promise<Server>;
const startSesLocal = ((): StartSesLocal => {
  const m = sesLocalModule as unknown as { default: StartSesLocal | { default: StartSesLocal } };
  return typeof m.default === 'function' ? m.default : m.default.default;
})();

const read = (req: IncomingMessage): Promise<string> =>
  new Promise((done) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => done(body));
  });

const breach: DetectedAlert = {
  commitmentId: 'c_pro_reply',
  condition: 'breached',
  summary: 'broken so far this period (2026-W48): 81% of 64 tickets within 2 business hours',
  quote: 'Pro: first reply within 2 business hours',
  sourceUrl: 'http://127.0.0.1:4780/pricing.html',
  figures: { attainment: 81, target: 100, samples: 64 },
};

describe('the alert check', () => {
  let ses: Server;
  let sesEndpoint: string;
  let hook: Server;
  let hookUrl: string;
  let hookStatus = 200;
  const hookBodies: string[] = [];
  let embedded: EmbeddedStore;
  let clock = new Date('2026-11-25T12:00:00.000Z');
  let deps: AlertCheckDeps;

  const inbox = async () =>
    (
      (await (await fetch(`${sesEndpoint}/store`)).json()) as {
        emails: { subject: string; body: { text?: string } }[];
      }
    ).emails;

  beforeAll(async () => {
    ses = await startSesLocal({ host: '127.0.0.1', port: 0 });
    sesEndpoint = `http://127.0.0.1:${(ses.address() as AddressInfo).port}`;
    hook = createServer(async (req, res) => {
      hookBodies.push(await read(req));
      res.writeHead(hookStatus).end('ok');
    });
    await new Promise<void>((done) => hook.listen(0, '127.0.0.1', done));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/services/T000/B000/xyz`;
    embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  });

  afterAll(async () => {
    await embedded?.close();
    await new Promise<void>((done) => hook?.close(() => done()));
    await new Promise<void>((done) => ses?.close(() => done()));
  });

  beforeEach(async () => {
    await fetch(`${sesEndpoint}/clear-store`, { method: 'POST' }).catch(() => undefined);
    hookBodies.length = 0;
    hookStatus = 200;
    const channels: AlertChannel[] = [
      emailChannel({
        ses: new SESClient({
          endpoint: sesEndpoint,
          region: 'eu-west-1',
          credentials: { accessKeyId: 't', secretAccessKey: 't' },
        }),
        from: 'alerts@example.test',
        recipients: ['support-lead@example.test'],
      }),
      webhookChannel({ url: hookUrl, fetch }),
    ];
    deps = {
      ledger: createAlertLedger({ client: embedded.client, tableName: 'promisegap' }),
      channels,
      now: () => clock,
      logger: silentLogger,
      company: 'Ferngrove Tools',
      link: (id) => `http://127.0.0.1:8787/promises/${id}`,
      staleClaimMinutes: 30,
    };
  });

  it('sends a new breach once to every channel, and nothing on a second check', async () => {
    clock = new Date('2026-11-25T12:00:00.000Z');
    const first = await runAlertCheck(deps, [breach], { send: true });
    expect(first.alerts.map((a) => [a.channel, a.sent, a.alreadySent])).toEqual([
      ['email', true, false],
      [`webhook:${new URL(hookUrl).host}`, true, false],
    ]);
    const emails = await inbox();
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toContain('Promise broken');
    expect(emails[0]?.body.text).toContain('Details: http://127.0.0.1:8787/promises/c_pro_reply');
    expect(hookBodies).toHaveLength(1);
    expect(JSON.parse(hookBodies[0] ?? '{}').text).toContain('Pro: first reply within 2 business hours');

    clock = new Date('2026-11-26T12:00:00.000Z');
    const second = await runAlertCheck(deps, [breach], { send: true });
    expect(second.alerts.map((a) => [a.sent, a.alreadySent])).toEqual([
      [false, true],
      [false, true],
    ]);
    expect(await inbox()).toHaveLength(1);
    expect(hookBodies).toHaveLength(1);
  });

  it('closes the episode when the breach clears, and alerts again when it returns', async () => {
    clock = new Date('2026-11-30T12:00:00.000Z');
    const cleared = await runAlertCheck(deps, [], { send: true });
    expect(cleared.cleared.map((c) => [c.commitmentId, c.condition])).toEqual([['c_pro_reply', 'breached']]);
    clock = new Date('2026-12-01T12:00:00.000Z');
    const again = await runAlertCheck(deps, [breach], { send: true });
    expect(again.alerts.every((a) => a.sent)).toBe(true);
    expect(await inbox()).toHaveLength(1);
    expect(hookBodies).toHaveLength(1);
  });

  it('retries a channel that failed on the next check, without sending the others again', async () => {
    const jump: DetectedAlert = {
      ...breach,
      commitmentId: 'c_refunds',
      condition: 'complaints_jump',
      summary: '5 complaints',
    };
    hookStatus = 500;
    clock = new Date('2026-12-02T12:00:00.000Z');
    // The breach of the test before is still open: it stays in the list, or this check clears it.
    const first = await runAlertCheck(deps, [breach, jump], { send: true });
    expect(
      first.alerts.filter((a) => a.commitmentId === 'c_refunds').map((a) => [a.sent, a.error !== undefined]),
    ).toEqual([
      [true, false],
      [false, true],
    ]);
    hookStatus = 200;
    clock = new Date('2026-12-02T13:00:00.000Z');
    const retry = await runAlertCheck(deps, [breach, jump], { send: true });
    const forJump = retry.alerts.filter((a) => a.commitmentId === 'c_refunds');
    expect(forJump.map((a) => [a.channel.split(':')[0], a.sent, a.alreadySent])).toEqual([
      ['email', false, true],
      ['webhook', true, false],
    ]);
    expect((await inbox()).map((e) => e.subject)).toEqual([
      expect.stringContaining('Complaints about a promise jumped'),
    ]);
  });

  it('sends nothing and writes nothing on a dry run', async () => {
    const fresh: DetectedAlert = { ...breach, commitmentId: 'c_dry', condition: 'fast_burn' };
    const dry = await runAlertCheck(deps, [fresh], { send: false });
    expect(dry.alerts.map((a) => [a.sent, a.alreadySent])).toEqual([
      [false, false],
      [false, false],
    ]);
    const open = await deps.ledger.listOpenEpisodes();
    expect(open.map((e) => e.commitmentId)).not.toContain('c_dry');
    expect(await inbox()).toHaveLength(0);
  });

  it('takes over a claim that a crashed check left unconfirmed, once it is stale', async () => {
    const ledger = deps.ledger;
    const episode = await ledger.openEpisode({
      commitmentId: 'c_crash',
      condition: 'slow_burn',
      openedAt: '2026-12-03T06:00:00.000Z',
      summary: 's',
    });
    // A check claimed email at 06:00 and died before SES answered.
    expect(
      await ledger.claimDelivery(episode, 'email', '2026-12-03T06:00:00.000Z', '2026-12-03T05:30:00.000Z'),
    ).toBe(true);
    // At 06:10 the claim is fresh: nobody else may send.
    expect(
      await ledger.claimDelivery(episode, 'email', '2026-12-03T06:10:00.000Z', '2026-12-03T05:40:00.000Z'),
    ).toBe(false);
    // At 06:45 it is older than 30 minutes: the next check sends.
    expect(
      await ledger.claimDelivery(episode, 'email', '2026-12-03T06:45:00.000Z', '2026-12-03T06:15:00.000Z'),
    ).toBe(true);
  });
});
