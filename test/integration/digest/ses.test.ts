// The digest through aws-ses-v2-local (in this process, on a free loopback port), reached the way a user
// reaches it: the standard AWS_ENDPOINT_URL_SES variable and the client from the default provider chain.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as sesLocalModule from 'aws-ses-v2-local';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sesClientFromEnv } from '../../../packages/cli/commands/digest.ts';
import { silentLogger } from '../../../packages/core/index.ts';
import { buildDigest, sendDigest } from '../../../packages/digest/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';
import { complaintsWith, input, verdict } from '../../unit/digest/fixtures.ts';

type StartSesLocal = (config?: { host?: string; port?: number }) => Promise<Server>;

// A CommonJS module with an ES default export: under Node's ESM loader the function may sit one level down.
const startSesLocal = ((): StartSesLocal => {
  const m = sesLocalModule as unknown as { default: StartSesLocal | { default: StartSesLocal } };
  return typeof m.default === 'function' ? m.default : m.default.default;
})();

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
}

describe('sending the digest to aws-ses-v2-local', () => {
  let server: Server;
  let endpoint: string;
  let embedded: EmbeddedStore;

  const inbox = async (): Promise<StoredEmail[]> => {
    const response = await fetch(`${endpoint}/store`);
    expect(response.ok).toBe(true);
    return ((await response.json()) as { emails: StoredEmail[] }).emails;
  };

  beforeAll(async () => {
    server = await startSesLocal({ host: '127.0.0.1', port: 0 });
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    embedded = await openEmbeddedStore({ dataDir: ':memory:' });
    vi.stubEnv('AWS_ENDPOINT_URL_SES', endpoint);
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await embedded?.close();
    await new Promise<void>((done) => server?.close(() => done()));
  });

  it('delivers one email per recipient with both parts, and none again when the job runs twice', async () => {
    const digest = buildDigest(
      input({
        verdicts: [verdict('a', { complaints: complaintsWith(['Waited 3 days <b>for nothing</b>']) })],
      }),
    );
    const recipients = ['lead@example.test', 'cmo@example.test'];
    const deps = {
      ses: sesClientFromEnv(process.env),
      store: embedded.store,
      now: () => new Date('2026-11-23T07:05:00.000Z'),
      logger: silentLogger,
    };
    const args = { digest, windowId: '2026-W47', from: 'digest@example.test', recipients };

    const first = await sendDigest(deps, args);
    expect(first).toEqual({ sent: recipients, skipped: [], rejected: [], failed: [] });
    const emails = await inbox();
    expect(emails.map((e) => e.destination.to).sort()).toEqual([['cmo@example.test'], ['lead@example.test']]);
    for (const email of emails) {
      expect(email.from).toBe('digest@example.test');
      expect(email.subject).toBe('Examplo Help Desk: 1 promise broken — week 47');
      expect(email.body.html).toBe(digest.html);
      expect(email.body.text).toBe(digest.text);
    }
    const records = await embedded.store.digestSends('2026-W47');
    expect(records.map((r) => r.state)).toEqual(['sent', 'sent']);
    expect(records.map((r) => r.messageId).sort()).toEqual(emails.map((e) => e.messageId).sort());

    const second = await sendDigest(deps, args);
    expect(second).toEqual({ sent: [], skipped: recipients, rejected: [], failed: [] });
    expect(await inbox()).toHaveLength(2);
  });
});
