// The published verdicts are cached per verdicts version: the store bumps it after every write of
// verdicts, and the API reads it at most once per version TTL, in the background while it is fresh.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../packages/api/index.ts';
import { VerdictSchema } from '../../../packages/api/schemas.ts';
import { createVerdictCache } from '../../../packages/api/verdict-cache.ts';
import { type Store, silentLogger, type Verdict } from '../../../packages/core/index.ts';
import { createApiKey } from '../../../packages/keys/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';
import { LATEST, NOW, promise, verdict } from './fixtures.ts';

let embedded: EmbeddedStore;
let store: Store;

beforeAll(async () => {
  embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  store = embedded.store;
});

afterAll(async () => {
  await embedded.close();
});

const pro = promise('p_cache_pro');

describe('the verdicts version', () => {
  it('changes after a write of other verdicts, not after an empty one or the same verdicts again', async () => {
    const kept = verdict(pro, LATEST, 'kept', { attainment: 99 });
    const breached = verdict(pro, LATEST, 'breached', { attainment: 80 });
    const before = await store.verdictsVersion();
    expect(before).toBe('0');
    await store.putVerdicts([kept]);
    const once = await store.verdictsVersion();
    expect(once).not.toBe(before);
    await store.putVerdicts([]);
    await store.putVerdicts([kept]); // a retried evaluation: the table is as one write left it
    expect(await store.verdictsVersion()).toBe(once);
    await store.putVerdicts([breached]);
    const twice = await store.verdictsVersion();
    expect(twice).not.toBe(once);
    await store.putVerdicts([kept]); // back to the first verdicts: still a change a cache must see
    expect(await store.verdictsVersion()).not.toBe(once);
    expect(await store.verdictsVersion()).not.toBe(twice);
  });
});

describe('the verdict cache', () => {
  const counting = () => {
    const calls = { version: 0, window: 0 };
    let version = 1;
    let status: Verdict['status'] = 'kept';
    const fake = {
      async verdictsVersion() {
        calls.version += 1;
        return String(version);
      },
      async verdictsForWindow() {
        calls.window += 1;
        return [verdict(pro, LATEST, status, { attainment: status === 'kept' ? 99 : 80 })];
      },
      async listWindows() {
        return [LATEST];
      },
    };
    const evaluate = (next: Verdict['status']) => {
      status = next;
      version += 1;
    };
    return { fake, calls, evaluate };
  };

  it('reads the version at most once a TTL, refreshing in the background past half of it', async () => {
    const { fake, calls, evaluate } = counting();
    let t = 0;
    const cache = createVerdictCache({
      store: fake,
      now: () => new Date(t),
      ttlMs: 30_000,
      versionTtlMs: 1_000,
    });
    expect((await cache.window(LATEST))?.verdicts[0]?.status).toBe('kept');
    await Promise.all(Array.from({ length: 50 }, () => cache.window(LATEST)));
    expect(calls).toEqual({ version: 1, window: 1 });
    evaluate('breached');
    t = 400; // fresh: the cached window, no read
    expect((await cache.window(LATEST))?.verdicts[0]?.status).toBe('kept');
    expect(calls.version).toBe(1);
    t = 700; // past half the TTL: answered from memory while the version is read again
    expect((await cache.window(LATEST))?.verdicts[0]?.status).toBe('kept');
    await new Promise((r) => setTimeout(r, 0));
    expect(calls.version).toBe(2);
    expect((await cache.window(LATEST))?.verdicts[0]?.status).toBe('breached');
    expect(calls.window).toBe(2);
  });

  it('waits for the version once it is older than the TTL, and keeps windows while it holds', async () => {
    const { fake, calls, evaluate } = counting();
    let t = 0;
    const cache = createVerdictCache({
      store: fake,
      now: () => new Date(t),
      ttlMs: 30_000,
      versionTtlMs: 1_000,
    });
    await cache.window(LATEST);
    t = 5_000;
    expect((await cache.window(LATEST))?.verdicts[0]?.status).toBe('kept');
    expect(calls).toEqual({ version: 2, window: 1 }); // same version: the window was not read again
    evaluate('breached');
    t = 6_100;
    expect((await cache.window(LATEST))?.verdicts[0]?.status).toBe('breached');
    expect(calls).toEqual({ version: 3, window: 2 });
  });
});

describe('evidence in brief and in full', () => {
  it("lists a window's verdicts with the worst case only and no linked ids; the history keeps them all", async () => {
    const p = promise('p_cache_evidence');
    const base = verdict(p, LATEST, 'breached', { attainment: 80, target: 95, matched: 3, alleging: 2 });
    const full: Verdict = {
      ...base,
      delivery: base.delivery && {
        ...base.delivery,
        worst: [
          { value: 900, at: base.window.start, ref: 'tickets.csv:9' },
          { value: 700, at: base.window.start, ref: 'tickets.csv:7' },
          { value: 500, at: base.window.start, ref: 'tickets.csv:5' },
        ],
      },
      complaints: base.complaints && {
        ...base.complaints,
        linked: [
          { id: 'c1', weight: 1, alleging: true },
          { id: 'c2', weight: 0.8, alleging: true },
          { id: 'c3', weight: 0.5, alleging: false },
        ],
        weighted: { matched: 2.3, allegingBreach: 1.8 },
      },
    };
    await store.putVerdicts([full]);
    const { key } = await createApiKey(store, { scope: 'read', now: () => NOW });
    const app = createApp({ store, now: () => NOW, logger: silentLogger });
    const get = async (path: string) =>
      (await app.request(path, { headers: { authorization: `Bearer ${key}` } })).json();
    const list = await get(`/v1/compliance?window=${LATEST}`);
    const listed = list.verdicts.find((v: Verdict) => v.promiseId === p.id);
    expect(listed.delivery.worst).toEqual([{ value: 900, at: base.window.start, ref: 'tickets.csv:9' }]);
    expect(listed.complaints).toEqual({
      matched: 3,
      allegingBreach: 2,
      quotes: base.complaints?.quotes,
      perceptionGap: false,
      weighted: { matched: 2.3, allegingBreach: 1.8 },
    });
    const history = await get(`/v1/compliance/${p.id}?windows=1`);
    expect(history.verdicts[0].delivery.worst).toHaveLength(3);
    expect(history.verdicts[0].complaints.linked.map((l: { id: string }) => l.id)).toEqual([
      'c1',
      'c2',
      'c3',
    ]);
    // One schema for both: nothing either carries is outside it.
    for (const v of [listed, history.verdicts[0]]) expect(VerdictSchema.parse(v)).toEqual(v);
  });
});
