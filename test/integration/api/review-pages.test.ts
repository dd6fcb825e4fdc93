// The dashboard's review queue and commitment pages: a read key shows them, only a write key may
// confirm, reject, correct or acknowledge, and a form that fails changes nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../packages/api/index.ts';
import { type Store, silentLogger } from '../../../packages/core/index.ts';
import { createApiKey } from '../../../packages/keys/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';
import { NOW, promise } from './fixtures.ts';

const ORIGIN = 'http://localhost';
let embedded: EmbeddedStore;
let store: Store;
let readKey: string;
let writeKey: string;

const app = () => createApp({ store, now: () => NOW, logger: silentLogger });
const get = (path: string, key?: string) =>
  app().request(`${ORIGIN}${path}`, { headers: key ? { cookie: `pg_key=${key}` } : {} });
const post = (path: string, fields: Record<string, string>, key?: string, origin = ORIGIN) =>
  app().request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin,
      ...(key ? { cookie: `pg_key=${key}` } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });
const state = async (id: string) => {
  const p = await store.getPromise(id);
  return {
    state: p?.register?.state ?? 'proposed',
    threshold: p?.threshold,
    reviews: p?.register?.reviews.length ?? 0,
  };
};

beforeAll(async () => {
  embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  store = embedded.store;
  readKey = (await createApiKey(store, { scope: 'read', now: () => NOW, label: 'viewer' })).key;
  writeKey = (await createApiKey(store, { scope: 'write', now: () => NOW, label: 'marketing lead' })).key;
  await store.putPromises([
    promise('cmt_a', {
      quote: 'Pro tickets are answered within 2 business hours.',
      threshold: 2,
      unit: 'business_hours',
    }),
    promise('cmt_b', {
      quote: 'Orders ship the same business day.',
      category: 'delivery_time',
      threshold: 1,
      unit: 'business_days',
    }),
  ]);
});

afterAll(async () => {
  await embedded?.close();
});

describe('the review queue', () => {
  it('needs an unlocked dashboard', async () => {
    expect((await get('/review')).status).toBe(401);
  });

  it('lists the commitments waiting for review with their quotes, for a read key', async () => {
    const res = await get('/review', readKey);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('2 commitments wait for review');
    expect(html).toContain('Pro tickets are answered within 2 business hours.');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('review forms', () => {
  it('refuses a read key and writes nothing', async () => {
    const before = await state('cmt_a');
    const res = await post('/review/cmt_a', { action: 'confirm' }, readKey);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('needs a write key');
    expect(await state('cmt_a')).toEqual(before);
  });

  it('refuses a form posted from another site', async () => {
    const res = await post('/review/cmt_a', { action: 'confirm' }, writeKey, 'https://evil.example');
    expect(res.status).toBe(403);
    expect((await state('cmt_a')).state).toBe('proposed');
  });

  it('confirms with a write key, recording its label, and the queue shrinks', async () => {
    const res = await post('/review/cmt_a', { action: 'confirm', reason: 'on the plan page' }, writeKey);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/review/cmt_a');
    const p = await store.getPromise('cmt_a');
    expect(p?.register?.reviews.at(-1)).toMatchObject({
      action: 'confirm',
      by: 'marketing lead',
      reason: 'on the plan page',
    });
    expect(await (await get('/review', readKey)).text()).toContain('1 commitment waits for review');
  });

  it.each([
    ['a rejection without a reason', { action: 'reject' }, 'reason'],
    ['a threshold that is not a number', { action: 'correct', threshold: 'four' }, 'threshold'],
    ['a unit outside the taxonomy', { action: 'correct', unit: 'weeks' }, 'unit'],
    ['an unknown action', { action: 'approve' }, 'action'],
  ])('shows the problem for %s and writes nothing', async (_what, fields, field) => {
    const before = await state('cmt_b');
    const res = await post('/review/cmt_b', fields as Record<string, string>, writeKey);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(field);
    expect(await state('cmt_b')).toEqual(before);
  });

  it('corrects the threshold and shows it, with the history, on the commitment page', async () => {
    const res = await post(
      '/review/cmt_b',
      { action: 'correct', threshold: '2', reason: 'policy page says 2' },
      writeKey,
    );
    expect(res.status).toBe(303);
    expect((await store.getPromise('cmt_b'))?.threshold).toBe(2);
    const page = await (await get('/review/cmt_b', readKey)).text();
    expect(page).toContain('correct by marketing lead: policy page says 2');
    expect(page).toContain('Orders ship the same business day.');
  });

  it('acknowledges a gap, and refuses a date that does not exist', async () => {
    expect(
      (await post('/review/cmt_b/ack', { note: 'new carrier', until: '2027-02-30' }, writeKey)).status,
    ).toBe(400);
    expect((await store.getPromise('cmt_b'))?.register?.acknowledgement).toBeUndefined();
    expect(
      (await post('/review/cmt_b/ack', { note: 'new carrier', until: '2027-01-15' }, writeKey)).status,
    ).toBe(303);
    expect(await (await get('/review/cmt_b', readKey)).text()).toContain(
      'marketing lead, until 2027-01-15: new carrier',
    );
  });

  it('answers 404 for an unknown commitment', async () => {
    expect((await get('/review/cmt_zzz', readKey)).status).toBe(404);
    expect((await post('/review/cmt_zzz', { action: 'confirm' }, writeKey)).status).toBe(404);
  });
});
