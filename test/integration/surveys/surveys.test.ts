import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../packages/api/index.ts';
import { analyzeComplaint } from '../../../packages/complaints/index.ts';
import type { Logger, Store } from '../../../packages/core/index.ts';
import { createApiKey } from '../../../packages/keys/index.ts';
import { importSurveyText } from '../../../packages/pipeline/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';
import { surveyEvidence } from '../../../packages/surveys/index.ts';
import { promise, verdict } from '../api/fixtures.ts';

const NOW = new Date('2026-11-23T12:00:00Z');
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
let embedded: EmbeddedStore;
let store: Store;
let readKey: string;
let writeKey: string;

beforeAll(async () => {
  embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  store = embedded.store;
  readKey = (await createApiKey(store, { scope: 'read', now: () => NOW })).key;
  writeKey = (await createApiKey(store, { scope: 'write', now: () => NOW })).key;
});
afterAll(async () => {
  await embedded?.close();
});

const ratings = [
  'Id,Ticket ID,Score,Comment,Created at,Plan,Via,Priority',
  '1,101,good,,2026-11-16T10:00:00Z,Pro,chat,Normal',
  '2,102,bad,It took three days to get a reply,2026-11-16T11:00:00Z,Pro,email,Normal',
  '3,103,splendid,,2026-11-16T12:00:00Z,Pro,email,Normal',
  '4,104,good,,2026-11-17T10:00:00Z,Starter,web,Low',
].join('\n');

describe('importing survey exports', () => {
  it('stores the good rows, reports the bad one by line, and stores nothing twice on re-import under another name', async () => {
    const first = await importSurveyText(
      { store, now: () => NOW },
      { file: 'ratings.csv', format: 'zendesk' },
      ratings,
    );
    expect(first).toMatchObject({ kind: 'surveys', rows: 4, accepted: 3, duplicates: 0, errorCount: 1 });
    expect(first.errors[0]?.line).toBe(4);
    const again = await importSurveyText(
      { store, now: () => NOW },
      { file: 'exports/ratings-copy.csv', format: 'zendesk' },
      ratings,
    );
    expect(again).toMatchObject({ accepted: 0, duplicates: 3 });
    const stored = await store.surveysBetween('2026-11-16T00:00:00Z', '2026-11-23T00:00:00Z');
    expect(stored).toHaveLength(3);
    const comment = stored.find((s) => s.ticket === '102');
    expect(comment?.analysis?.isComplaint).toBe(true);
    expect(comment?.analysis?.categories).toContain('response_time');
  });
});

describe('POST /v1/surveys', () => {
  const app = () => createApp({ store, now: () => NOW, logger: silent, analyzeComplaint });
  const post = (body: unknown, key?: string) =>
    app().request('/v1/surveys', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    });
  const body = {
    surveys: [
      {
        score: 2,
        scale: '1-5',
        at: '2026-11-18T09:00:00Z',
        channel: 'chat',
        dimensions: { plan: 'Pro' },
        comment: 'Nobody answered the chat for 40 minutes',
      },
      { score: 'good', scale: 'good/bad', at: '2026-11-18T09:05:00Z' },
      { score: 9, scale: '0-10', at: '2026-11-18T09:10:00Z' },
    ],
  };

  it('needs a write key', async () => {
    expect((await post(body)).status).toBe(401);
    expect((await post(body, readKey)).status).toBe(403);
  });

  it('stores the answers once, reading the comment as a complaint', async () => {
    const res = await post(body, writeKey);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 3, duplicates: 0, comments: 1 });
    expect(await (await post(body, writeKey)).json()).toEqual({ accepted: 0, duplicates: 3, comments: 1 });
    const stored = await store.surveysBetween('2026-11-18T00:00:00Z', '2026-11-19T00:00:00Z');
    expect(stored.find((s) => s.scale === 'csat5')?.dimensions).toEqual({ plan: 'Pro', channel: 'chat' });
  });

  it('refuses a score outside its scale with the error shape of every route, naming the answer', async () => {
    const res = await post({ surveys: [{ score: 6, scale: '1-5', at: '2026-11-18T09:00:00Z' }] }, writeKey);
    expect(res.status).toBe(400);
    const json = (await res.json()) as {
      error: string;
      details: { path: string; message: string }[];
      requestId: string;
    };
    expect(json.requestId).toEqual(expect.any(String));
    expect(json.error).toEqual(expect.any(String));
    expect(json.details).toContainEqual({
      path: 'body.surveys.0.score',
      message: expect.stringContaining('outside its scale 1–5'),
    });
  });
});

describe('the dashboard', () => {
  it('shows a promise’s surveys on its page, saying when they contradict the figures', async () => {
    const chat = promise('p_chat', {
      quote: 'Live chat answered within five minutes.',
      qualifiers: { channel: 'chat' },
    });
    await store.putPromises([chat]);
    const surveys = surveyEvidence(
      { category: 'response_time', qualifiers: { channel: 'chat' } },
      Array.from({ length: 12 }, (_, i) => ({
        id: `d${i}`,
        at: '2026-11-17T10:00:00Z',
        score: i < 3 ? 1 : 0,
        scale: 'binary' as const,
        dimensions: { channel: 'chat' },
      })),
      [],
      { floor: 70, minResponses: 10 },
    );
    await store.putVerdicts([
      {
        ...verdict(chat, '2026-W47', 'kept', { attainment: 100, target: 100 }),
        ...(surveys ? { surveys } : {}),
      },
    ]);
    const app = createApp({ store, now: () => NOW, logger: silent });
    const unlock = await app.request('/unlock', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams({ key: readKey }).toString(),
    });
    const cookie = (unlock.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const res = await app.request('/promises/p_chat?window=2026-W47', { headers: { cookie } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('CSAT 25% satisfied on 12 surveys; below the 70% floor');
    expect(html).toContain('the figures say kept, the surveys say otherwise');
  });
});
