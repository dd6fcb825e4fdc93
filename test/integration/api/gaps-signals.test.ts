import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../packages/api/index.ts';
import type { PromisegapConfig, Store } from '../../../packages/core/index.ts';
import { createApiKey } from '../../../packages/keys/index.ts';
import { gatherGapSignals, parsePolicies } from '../../../packages/policy/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';
import { LATEST, NOW, promise, verdict } from './fixtures.ts';

let embedded: EmbeddedStore;
let store: Store;
let readKey: string;

const config = {
  calendar: {
    timezone: 'UTC',
    hours: {
      mon: ['09:00', '17:00'],
      tue: ['09:00', '17:00'],
      wed: ['09:00', '17:00'],
      thu: ['09:00', '17:00'],
      fri: ['09:00', '17:00'],
      sat: null,
      sun: null,
    },
    holidays: [],
  },
  evaluation: {
    minSamples: 20,
    atRiskBudgetSpent: 75,
    perceptionGapRate: 20,
    perceptionGapMinComplaints: 3,
    metrics: {},
  },
} as unknown as PromisegapConfig;

const pro = promise('p_pro', {
  quote: 'Pro customers get a first reply within 2 business hours.',
  sourceUrl: 'https://example.test/pricing.html',
  threshold: 2,
  unit: 'business_hours',
  qualifiers: { tier: 'Pro' },
});

const POLICIES = `policies:
  - name: Pro queue
    when: { plan: Pro }
    targets:
      - { metric: first_reply, within: 6, unit: business_hours }
`;

const app = (withSignals: boolean) =>
  createApp({
    store,
    now: () => NOW,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    ...(withSignals ? { gapSignals: (w) => gatherGapSignals(store, config, w) } : {}),
  });

const get = (path: string, withSignals = true) =>
  app(withSignals).request(path, { headers: { authorization: `Bearer ${readKey}` } });

beforeAll(async () => {
  embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  store = embedded.store;
  readKey = (await createApiKey(store, { scope: 'read', now: () => NOW })).key;
  await store.putPromises([pro]);
  await store.putVerdicts([verdict(pro, LATEST, 'breached', { attainment: 60, target: 100 })]);
  await store.putPolicies(
    parsePolicies(POLICIES, { file: 'desk.yaml', importedAt: NOW.toISOString(), businessDayHours: 8 }),
  );
  await store.putClaims(
    'https://example.test/blog.html',
    [
      { quote: 'Our support team answers in a heartbeat.', reason: 'speed claim without a figure' },
      { quote: 'We go the extra mile.', reason: 'effort claim nobody can check' },
    ],
    NOW.toISOString(),
  );
  await store.putComplaints(
    ['c1', 'c2', 'c3', 'c4'].map((id) => ({
      id,
      at: '2026-11-18T14:00:00.000Z',
      text: 'Nobody replied to my ticket for two days.',
      dimensions: {},
      analysis: { isComplaint: true, categories: ['response_time'], durations: [], sentiment: -0.7 },
    })),
  );
});

afterAll(async () => {
  await embedded?.close();
});

describe('GET /v1/gaps with the policy gap and the claims held to evidence', () => {
  it('lists the laxer help-desk target and the contradicted claim beside the delivery gap', async () => {
    const res = await get(`/v1/gaps?window=${LATEST}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.gaps.map((g: { promiseId: string; kind: string }) => [g.promiseId, g.kind])).toEqual([
      ['p_pro', 'delivery'],
    ]);
    expect(body.policiesImported).toBe(1);
    expect(body.policyGaps).toHaveLength(1);
    expect(body.policyGaps[0]).toMatchObject({
      commitmentId: 'p_pro',
      status: 'laxer',
      scope: 'Pro tickets, first reply',
      sentence: 'your help desk aims for 6 business hours (policy “Pro queue”); the pricing page promises 2',
      governing: { policyId: 'promisegap:pro-queue', minutes: 360, businessHours: true },
    });
    // The effort claim cannot be checked; only the contradicted one is listed.
    expect(body.claims).toHaveLength(1);
    expect(body.claims[0]).toMatchObject({
      quote: 'Our support team answers in a heartbeat.',
      status: 'contradicted',
      category: 'response_time',
      complaints: { count: 4 },
      because: ['4 complaints about slow replies'],
    });
  });

  it('leaves the two signals out when the server has no configuration to compute them', async () => {
    const body = await (await get(`/v1/gaps?window=${LATEST}`, false)).json();
    expect(body.gaps).toHaveLength(1);
    expect(body).not.toHaveProperty('policyGaps');
    expect(body).not.toHaveProperty('claims');
  });

  it('keeps the error shape for a window that names no week', async () => {
    const res = await get('/v1/gaps?window=2026-W99');
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toHaveProperty('error');
    expect(body).toHaveProperty('requestId');
    expect(Array.isArray(body.details)).toBe(true);
  });

  it('documents the new fields in the OpenAPI schema', async () => {
    const doc = await (await app(true).request('/openapi.json')).json();
    expect(Object.keys(doc.components.schemas.Gaps.properties)).toEqual(
      expect.arrayContaining(['gaps', 'policyGaps', 'claims', 'policiesImported']),
    );
    expect(doc.components.schemas.PolicyGap.properties.status.enum).toEqual(['laxer', 'missing']);
  });

  it('stores a re-imported policy file once', async () => {
    const again = await store.putPolicies(
      parsePolicies(POLICIES, {
        file: 'desk.yaml',
        importedAt: '2026-12-01T00:00:00.000Z',
        businessDayHours: 8,
      }),
    );
    expect(again).toEqual({ added: 0, updated: 0, unchanged: 1 });
    const changed = await store.putPolicies(
      parsePolicies(POLICIES.replace('within: 6', 'within: 2'), {
        file: 'desk.yaml',
        importedAt: NOW.toISOString(),
      }),
    );
    expect(changed).toEqual({ added: 0, updated: 1, unchanged: 0 });
    expect((await store.listPolicies()).map((p) => p.targets[0]?.minutes)).toEqual([120]);
  });
});
