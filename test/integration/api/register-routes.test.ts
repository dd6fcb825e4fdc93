// The register's write routes on the embedded store: keys and scopes, clear 4xx errors for bad
// ids, values and unknown fields, and nothing written when a request fails.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../packages/api/index.ts';
import { type Store, silentLogger } from '../../../packages/core/index.ts';
import { createApiKey } from '../../../packages/keys/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';
import { NOW, promise } from './fixtures.ts';

let embedded: EmbeddedStore;
let store: Store;
let readKey: string;
let writeKey: string;

const app = () => createApp({ store, now: () => NOW, logger: silentLogger });

const send = (method: string, path: string, body: unknown, key?: string) =>
  app().request(path, {
    method,
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const stored = async (id: string) => {
  const p = await store.getPromise(id);
  return {
    state: p?.register?.state ?? 'proposed',
    threshold: p?.threshold,
    reviews: p?.register?.reviews.length ?? 0,
  };
};

const pro = promise('cmt_pro', { qualifiers: { tier: 'Pro' }, threshold: 2, unit: 'business_hours' });
const credit = promise('cmt_credit', {
  category: 'credit_compensation',
  operator: '==',
  threshold: 25,
  unit: 'percent',
  qualifiers: {},
});
const shipping = promise('cmt_ship', {
  category: 'delivery_time',
  threshold: 1,
  unit: 'business_days',
  qualifiers: {},
});

beforeAll(async () => {
  embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  store = embedded.store;
  readKey = (await createApiKey(store, { scope: 'read', now: () => NOW, label: 'dashboard reader' })).key;
  writeKey = (await createApiKey(store, { scope: 'write', now: () => NOW, label: 'support lead' })).key;
  await store.putPromises([pro, credit, shipping]);
});

afterAll(async () => {
  await embedded?.close();
});

describe.each([
  ['PATCH', '/v1/promises/cmt_pro', { action: 'confirm' }],
  [
    'POST',
    '/v1/promises',
    {
      category: 'uptime',
      operator: '>=',
      threshold: 99.9,
      unit: 'percent',
      quote: 'Contract: 99.9% uptime.',
    },
  ],
  ['POST', '/v1/gaps/cmt_ship/ack', { note: 'second pickup', until: '2027-01-15' }],
])('%s %s', (method, path, body) => {
  it('needs a key', async () => {
    const res = await send(method, path, body);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('refuses a read key: reviews need the write scope', async () => {
    const res = await send(method, path, body, readKey);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toContain('write is needed');
  });

  it('refuses an unknown field by name, and writes nothing', async () => {
    const before = await stored('cmt_pro');
    const res = await send(method, path, { ...body, approvedBy: 'someone' }, writeKey);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { details: { path: string; message: string }[] };
    expect(JSON.stringify(json.details)).toContain('approvedBy');
    expect(await stored('cmt_pro')).toEqual(before);
  });
});

describe('PATCH /v1/promises/:id', () => {
  it('confirms a commitment and records the key label as who reviewed', async () => {
    const res = await send(
      'PATCH',
      '/v1/promises/cmt_pro',
      { action: 'confirm', reason: 'matches the plan page' },
      writeKey,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      state: string;
      reviews: { by: string; reason: string; at: string }[];
    };
    expect(body.state).toBe('confirmed');
    expect(body.reviews.at(-1)).toMatchObject({
      by: 'support lead',
      reason: 'matches the plan page',
      at: NOW.toISOString(),
    });
  });

  it('corrects the threshold and the metric it is graded on, and GET shows the history', async () => {
    const res = await send(
      'PATCH',
      '/v1/promises/cmt_pro',
      {
        action: 'correct',
        correction: { threshold: 4, gradedOn: 'first_response_business_time' },
        reason: 'SLA says 4',
      },
      writeKey,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { state: string; threshold: number; gradedOn: string };
    expect(body).toMatchObject({
      state: 'corrected',
      threshold: 4,
      gradedOn: 'first_response_business_time',
    });
    const detail = await app().request('/v1/promises/cmt_pro', {
      headers: { authorization: `Bearer ${readKey}` },
    });
    const shown = (await detail.json()) as {
      promise: { threshold: number; register: { reviews: { action: string }[] } };
    };
    expect(shown.promise.threshold).toBe(4);
    expect(shown.promise.register.reviews.map((r) => r.action)).toEqual(['confirm', 'correct']);
  });

  it('rejects with a reason, and the rejected commitment leaves the default list', async () => {
    const res = await send(
      'PATCH',
      '/v1/promises/cmt_credit',
      { action: 'reject', reason: 'a band without its range' },
      writeKey,
    );
    expect(res.status).toBe(200);
    const list = await app().request('/v1/promises', { headers: { authorization: `Bearer ${readKey}` } });
    const ids = ((await list.json()) as { items: { id: string }[] }).items.map((p) => p.id);
    expect(ids).not.toContain('cmt_credit');
    expect(ids).toContain('cmt_pro');
  });

  it.each([
    ['a rejection without a reason', { action: 'reject' }, 'reason'],
    ['an unknown action', { action: 'approve' }, 'action'],
    ['a negative threshold', { action: 'correct', correction: { threshold: -1 } }, 'threshold'],
    ['a unit outside the taxonomy', { action: 'correct', correction: { unit: 'fortnights' } }, 'unit'],
    [
      'a qualifier that does not exist',
      { action: 'correct', correction: { qualifiers: { colour: 'red' } } },
      'colour',
    ],
    ['an empty correction', { action: 'correct', correction: {} }, 'correction'],
    [
      'a metric name with spaces',
      { action: 'correct', correction: { gradedOn: 'first response' } },
      'gradedOn',
    ],
  ])('answers 400 to %s and writes nothing', async (_what, body, field) => {
    const before = await stored('cmt_ship');
    const res = await send('PATCH', '/v1/promises/cmt_ship', body, writeKey);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain(field);
    expect(await stored('cmt_ship')).toEqual(before);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const res = await send('PATCH', '/v1/promises/cmt_ship', '{"action":', writeKey);
    expect(res.status).toBe(400);
  });

  it('answers 404 to an id the register does not hold', async () => {
    const res = await send('PATCH', '/v1/promises/cmt_nothing', { action: 'confirm' }, writeKey);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toContain('cmt_nothing');
  });
});

describe('POST /v1/promises', () => {
  const contract = {
    category: 'response_time',
    operator: '<=',
    threshold: 30,
    unit: 'minutes',
    qualifiers: { tier: 'Enterprise', severity: 'P1' },
    quote: 'Master agreement §7.2: Severity 1 incidents receive a response within 30 minutes.',
    source: 'master services agreement 2026',
  };

  it('adds a commitment by hand, confirmed, with its evidence', async () => {
    const res = await send('POST', '/v1/promises', contract, writeKey);
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      id: string;
      state: string;
      origin: string;
      statements: { quote: string; url: string }[];
    };
    expect(body).toMatchObject({ state: 'confirmed', origin: 'manual' });
    expect(body.statements).toEqual([
      expect.objectContaining({ quote: contract.quote, url: contract.source, contentHash: null }),
    ]);
    expect((await store.getPromise(body.id))?.threshold).toBe(30);
  });

  it('answers 409 when the same commitment is added twice', async () => {
    const res = await send('POST', '/v1/promises', contract, writeKey);
    expect(res.status).toBe(409);
  });

  it.each([
    ['no evidence', { ...contract, quote: '' }, 'quote'],
    ['no unit', { ...contract, unit: undefined }, 'unit'],
    ['a category outside the taxonomy', { ...contract, category: 'speed' }, 'category'],
    ['a threshold that is text', { ...contract, threshold: 'thirty' }, 'threshold'],
    ['an unknown qualifier', { ...contract, qualifiers: { mood: 'calm' } }, 'mood'],
  ])('answers 400 to %s', async (_what, body, field) => {
    const res = await send('POST', '/v1/promises', body, writeKey);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain(field);
  });
});

describe('POST /v1/gaps/:id/ack', () => {
  it('acknowledges a gap with a note and an end date, by the key label', async () => {
    const res = await send(
      'POST',
      '/v1/gaps/cmt_ship/ack',
      { note: 'second carrier pickup', until: '2027-01-15' },
      writeKey,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { acknowledgement: { note: string; until: string; by: string } };
    expect(body.acknowledgement).toMatchObject({
      note: 'second carrier pickup',
      until: '2027-01-15',
      by: 'support lead',
    });
  });

  it.each([
    ['a date that does not exist', { note: 'x', until: '2027-02-30' }, 'until'],
    ['a date already past', { note: 'x', until: '2026-01-01' }, 'already passed'],
    ['no note', { note: '', until: '2027-01-15' }, 'note'],
    ['a date in another format', { note: 'x', until: '15/01/2027' }, 'YYYY-MM-DD'],
  ])('answers 400 to %s and keeps the acknowledgement there was', async (_what, body, text) => {
    const res = await send('POST', '/v1/gaps/cmt_ship/ack', body, writeKey);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain(text);
    expect((await store.getPromise('cmt_ship'))?.register?.acknowledgement?.note).toBe(
      'second carrier pickup',
    );
  });

  it('answers 404 to an unknown commitment', async () => {
    const res = await send('POST', '/v1/gaps/cmt_none/ack', { note: 'x', until: '2027-01-15' }, writeKey);
    expect(res.status).toBe(404);
  });
});

describe('the OpenAPI document', () => {
  it('documents the review, add and acknowledge routes with their bodies', async () => {
    const doc = (await (await app().request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown; security?: unknown }>>;
    };
    expect(doc.paths['/v1/promises/{id}']?.patch?.requestBody).toBeDefined();
    expect(doc.paths['/v1/promises']?.post?.requestBody).toBeDefined();
    expect(doc.paths['/v1/gaps/{id}/ack']?.post?.requestBody).toBeDefined();
  });
});
