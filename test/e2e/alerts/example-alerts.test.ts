// Alerts and exports on the bundled example company: a check in the middle of its last week of data
// raises each breach once on every configured channel (the SES emulator, a webhook received on
// loopback, SNS through a mocked client) and nothing on a second check; the evidence pack and the
// OpenSLO documents of that week are complete and valid.

import { mkdtempSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESClient } from '@aws-sdk/client-ses';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import * as sesLocalModule from 'aws-ses-v2-local';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runAlerts } from '../../../packages/alerts/index.ts';
import { createBusinessCalendar } from '../../../packages/calendar/index.ts';
import { rulesText } from '../../../packages/compliance/index.ts';
import { type LoadedConfig, loadConfigFile, silentLogger } from '../../../packages/core/index.ts';
import {
  buildEvidencePack,
  collectEvidence,
  openSloYaml,
  toOpenSlo,
  zipEvidence,
} from '../../../packages/export/index.ts';
import { type CycleResult, runCycle } from '../../../packages/pipeline/index.ts';
import { createAlertLedger, type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';
import { openSloDocumentSchema } from '../../unit/export/openslo-schema.ts';

type StartSesLocal = (config?: { host?: string; port?: number }) => Promise<Server>;
const startSesLocal = ((): StartSesLocal => {
  const m = sesLocalModule as unknown as { default: StartSesLocal | { default: StartSesLocal } };
  return typeof m.default === 'function' ? m.default : m.default.default;
})();

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:promisegap-alerts';
let embedded: EmbeddedStore;
let loaded: LoadedConfig;
let cycle: CycleResult;
let ses: Server;
let sesEndpoint: string;
let hook: Server;
const hookBodies: string[] = [];
const sns = mockClient(SNSClient);

beforeAll(async () => {
  ses = await startSesLocal({ host: '127.0.0.1', port: 0 });
  sesEndpoint = `http://127.0.0.1:${(ses.address() as AddressInfo).port}`;
  hook = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      hookBodies.push(body);
      res.end('ok');
    });
  });
  await new Promise<void>((done) => hook.listen(0, '127.0.0.1', done));
  sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
  embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  const example = loadConfigFile('examples/promisegap.config.json');
  const port = await freePort();
  loaded = {
    ...example,
    config: {
      ...example.config,
      site: { dir: example.config.site?.dir ?? 'site', port },
      alerts: {
        ...example.config.alerts,
        email: { recipients: ['support-lead@example.test'] },
        webhooks: [`http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`],
        snsTopicArn: TOPIC,
        dashboardUrl: 'http://127.0.0.1:8787',
      },
    },
  };
  cycle = await runCycle(
    loaded,
    { store: embedded.store, now: () => new Date('2027-03-10T12:00:00Z'), logger: silentLogger },
    { digestDir: mkdtempSync(join(tmpdir(), 'promisegap-alerts-digest-')) },
  );
}, 600_000);

afterAll(async () => {
  sns.restore();
  await embedded?.close();
  await new Promise<void>((done) => hook?.close(() => done()));
  await new Promise<void>((done) => ses?.close(() => done()));
});

const alertDeps = (at: Date) => ({
  store: embedded.store,
  ledger: createAlertLedger({ client: embedded.client, tableName: 'promisegap' }),
  config: loaded.config,
  now: () => at,
  logger: silentLogger,
  fetch,
  ses: new SESClient({
    endpoint: sesEndpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 't', secretAccessKey: 't' },
  }),
  sns: new SNSClient({ region: 'eu-west-1' }),
});

describe('alerts on the example company', () => {
  it('raises each mid-week breach once on email, the webhook and SNS, and nothing on a second check', async () => {
    // Thursday noon of the week the cycle graded, in the example's time zone or any: mid-week.
    const midWeek = new Date(Date.parse(cycle.window.start) + 3.5 * 86_400_000);
    const first = await runAlerts(alertDeps(midWeek), { send: true });
    const breaches = first.conditions.filter((c) => c.condition === 'breached');
    expect(breaches.length).toBeGreaterThan(0);
    const channels = new Set(first.alerts.map((a) => a.channel.split(':')[0]));
    expect([...channels].sort()).toEqual(['email', 'sns', 'webhook']);
    expect(first.alerts.every((a) => a.sent && !a.alreadySent)).toBe(true);
    const emails = ((await (await fetch(`${sesEndpoint}/store`)).json()) as { emails: unknown[] }).emails;
    expect(emails).toHaveLength(first.conditions.length);
    expect(hookBodies).toHaveLength(first.conditions.length);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(first.conditions.length);
    expect(hookBodies[0]).toContain('http://127.0.0.1:8787/promises/');

    const later = new Date(midWeek.getTime() + 3_600_000);
    const second = await runAlerts(alertDeps(later), { send: true });
    expect(second.alerts.filter((a) => a.sent)).toEqual([]);
    expect(second.alerts.every((a) => a.alreadySent)).toBe(true);
    expect(hookBodies).toHaveLength(first.conditions.length);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(first.conditions.length);
  }, 300_000);
});

describe('exports of the example company', () => {
  it('packs every verdict of the week with its statement and snapshot', async () => {
    const calendar = createBusinessCalendar(loaded.config.calendar);
    const input = await collectEvidence(embedded.store, {
      company: loaded.config.company,
      timezone: calendar.timezone,
      window: cycle.window,
      now: () => new Date('2027-03-10T12:00:00Z'),
      currentRules: rulesText(calendar, loaded.config.evaluation),
    });
    const files = unzipSync(zipEvidence(buildEvidencePack(input), 'pack'));
    const rows = strFromU8(files['pack/commitments.csv'] ?? new Uint8Array())
      .trimEnd()
      .split('\r\n');
    expect(rows.length - 1).toBe(cycle.verdicts.length);
    const statements = strFromU8(files['pack/statements.csv'] ?? new Uint8Array());
    const snapshotFiles = Object.keys(files).filter(
      (f) => f.startsWith('pack/snapshots/') && !f.endsWith('index.csv'),
    );
    expect(snapshotFiles.length).toBeGreaterThan(3);
    for (const f of snapshotFiles) expect(statements).toContain(f.replace('pack/', ''));
  });

  it('writes valid OpenSLO documents for the measured commitments', async () => {
    const calendar = createBusinessCalendar(loaded.config.calendar);
    const { documents, skipped } = toOpenSlo({
      company: loaded.config.company,
      timezone: calendar.timezone,
      verdicts: cycle.verdicts,
    });
    const parsed = parseAllDocuments(openSloYaml(documents)).map((d) => d.toJS());
    expect(parsed.filter((d) => d.kind === 'SLO').length).toBeGreaterThan(5);
    for (const doc of parsed) expect(openSloDocumentSchema.safeParse(doc).error).toBeUndefined();
    expect(documents.length - 1 + skipped.length).toBe(cycle.verdicts.length);
  });
});
