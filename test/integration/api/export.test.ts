// GET /v1/export on the embedded store: the evidence zip of a window, for write keys only.

import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../packages/api/index.ts';
import { type Store, silentLogger, weekWindow } from '../../../packages/core/index.ts';
import { evidencePackFor } from '../../../packages/export/index.ts';
import { createApiKey } from '../../../packages/keys/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';
import { LATEST, NOW, promise, verdict } from './fixtures.ts';

let embedded: EmbeddedStore;
let store: Store;
let readKey: string;
let writeKey: string;

const app = () =>
  createApp({
    store,
    now: () => NOW,
    logger: silentLogger,
    evidencePack: evidencePackFor(
      store,
      { company: 'Example Co', timezone: 'UTC', rules: 'rules in force', now: () => NOW },
      (id, tz) => weekWindow(id, tz),
    ),
  });

const get = (path: string, key?: string) =>
  app().request(path, { headers: key ? { authorization: `Bearer ${key}` } : {} });

beforeAll(async () => {
  embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  store = embedded.store;
  readKey = (await createApiKey(store, { scope: 'read', now: () => NOW })).key;
  writeKey = (await createApiKey(store, { scope: 'write', now: () => NOW })).key;
  const p = promise('p_reply');
  await store.putPromises([p]);
  await store.putVerdicts([verdict(p, LATEST, 'breached', { attainment: 80, target: 95 })]);
});

afterAll(async () => {
  await embedded?.close();
});

describe('GET /v1/export', () => {
  it('gives a write key the zip of the latest week, with the verdict in commitments.csv', async () => {
    const res = await get('/v1/export', writeKey);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="promisegap-evidence-${LATEST}.zip"`,
    );
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const csv = strFromU8(files[`promisegap-evidence-${LATEST}/commitments.csv`] ?? new Uint8Array());
    expect(csv).toContain(`p_reply,breached,response_time,<=,4,hours`);
    expect(files[`promisegap-evidence-${LATEST}/report.html`]).toBeDefined();
  });

  it('refuses a read key with a 403 in the usual error shape', async () => {
    const res = await get('/v1/export', readKey);
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(/write key/);
  });

  it('says 404 for a week that has no verdicts, and 400 for a window that does not exist', async () => {
    expect((await get('/v1/export?window=2026-W30', writeKey)).status).toBe(404);
    expect((await get('/v1/export?window=2026-W99', writeKey)).status).toBe(400);
  });
});
