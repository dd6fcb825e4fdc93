// The register across re-crawls, on the real repository (dynalite): one commitment for every page
// that states it, reviews that stay attached to it, and what happens when a page changes its words.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ServicePromise,
  type Snapshot,
  type Store,
  sha256Hex,
  silentLogger,
} from '../../../packages/core/index.ts';
import { changesDuring } from '../../../packages/digest/index.ts';
import { extractSnapshot } from '../../../packages/promises/index.ts';
import {
  acknowledgeGap,
  findContradictions,
  isGraded,
  listCommitments,
  needsReview,
  reviewCommitment,
  updateCommitment,
} from '../../../packages/register/index.ts';
import {
  type EmbeddedStore,
  openEmbeddedStore,
  RevisionConflictError,
} from '../../../packages/store/index.ts';

const PRICING = 'https://shop.example.test/pricing';
const HOME = 'https://shop.example.test/';
const SHIPPING = 'https://shop.example.test/shipping';

let embedded: EmbeddedStore;
let store: Store;
let clock = new Date('2026-11-02T06:00:00Z');
const day = (n: number) => new Date(Date.UTC(2026, 10, 2 + n, 6));

const page = (url: string, sentences: string[]): Snapshot => {
  const html = `<!doctype html><html><head><title>Plans</title></head><body><main>${sentences.map((s) => `<p>${s}</p>`).join('')}</main></body></html>`;
  const body = new TextEncoder().encode(html);
  return {
    url,
    sourceKind: 'marketing',
    fetchedAt: clock.toISOString(),
    status: 200,
    contentType: 'text/html; charset=utf-8',
    contentHash: sha256Hex(body),
    body,
  };
};

const crawl = async (url: string, sentences: string[]) =>
  extractSnapshot({ store, now: () => clock, logger: silentLogger }, page(url, sentences));

const all = () => listCommitments(store, { includeRemoved: true });
const proAt = (hours: number) => async (): Promise<ServicePromise> => {
  const found = (await all()).filter(
    (c) => c.category === 'response_time' && c.threshold === hours && c.qualifiers.tier === 'Pro',
  );
  expect(found).toHaveLength(1);
  return found[0] as ServicePromise;
};

const TWO = 'Pro plan customers get a first reply within 2 business hours.';
const FOUR = 'Pro plan customers get a first reply within 4 business hours.';
const SAME_DAY = 'Orders placed before 2 pm ship the same business day.';

beforeEach(async () => {
  clock = day(0);
  embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  store = embedded.store;
});

afterEach(async () => {
  await embedded?.close();
});

describe('one commitment, several statements', () => {
  it('joins the same promise on two pages into one commitment with both statements and their snapshots', async () => {
    await crawl(PRICING, [TWO]);
    await crawl(HOME, [TWO, SAME_DAY]);
    const pro = await proAt(2)();
    const statements = pro.register?.statements ?? [];
    expect(statements.map((s) => s.url).sort()).toEqual([HOME, PRICING]);
    for (const s of statements) expect(s.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await all()).filter((c) => c.category === 'response_time')).toHaveLength(1);
  });

  it('changes nothing but the dates when a page is read again unchanged', async () => {
    await crawl(PRICING, [TWO]);
    const before = await proAt(2)();
    clock = day(7);
    await crawl(PRICING, [TWO]);
    const after = await proAt(2)();
    expect(after.id).toBe(before.id);
    expect(after.register?.statements).toHaveLength(1);
    expect(after.register?.statements[0]?.firstSeen).toBe(before.firstSeen);
    expect(after.lastSeen).toBe(day(7).toISOString());
  });
});

describe('reviews across re-crawls', () => {
  it('keeps a confirmation when the page rewords it, shows the change and puts it back in the queue', async () => {
    await crawl(PRICING, [TWO]);
    await crawl(HOME, [TWO]);
    const two = await proAt(2)();
    await reviewCommitment(store, two.id, { action: 'confirm' }, 'support lead', day(1));
    expect(needsReview(await proAt(2)())).toBe(false);

    clock = day(7);
    await crawl(PRICING, [FOUR]);

    const kept = await proAt(2)();
    expect(kept.register?.state).toBe('confirmed');
    expect(kept.register?.reviews.map((r) => r.by)).toEqual(['support lead']);
    expect(kept.register?.attention).toBe(
      'the page now says 4 business hours; you had confirmed 2 business hours',
    );
    expect(needsReview(kept)).toBe(true);
    const moved = kept.register?.statements.find((s) => s.url === PRICING);
    expect(moved).toMatchObject({ removedAt: day(7).toISOString(), changedTo: '4 business hours' });

    const four = await proAt(4)();
    expect(four.register?.state).toBe('proposed');
    expect(four.register?.attention).toContain('you had confirmed 2 business hours');
    // The home page still says 2: customers now read both.
    const contradictions = findContradictions(await all());
    expect(contradictions.map((c) => c.sentence)).toEqual([
      'shop.example.test says 2 business hours, pricing says 4 business hours',
    ]);
    // The digest's "what changed" shows the rewording on its page, not an addition and a removal.
    const changes = await changesDuring(store, {
      id: 'days-5-9',
      start: day(5).toISOString(),
      end: day(9).toISOString(),
    });
    expect(changes.map((c) => [c.kind, c.promise.sourceUrl])).toEqual([['changed', PRICING]]);
    const change = changes[0];
    if (change?.kind !== 'changed') throw new Error('expected a change');
    expect([change.before.threshold, change.after.threshold]).toEqual([2, 4]);
  });

  it('keeps a rejected commitment rejected when its statement comes back unchanged', async () => {
    await crawl(SHIPPING, [SAME_DAY]);
    const [dispatch] = (await all()).filter((c) => c.category === 'delivery_time');
    if (!dispatch) throw new Error('no dispatch commitment');
    await reviewCommitment(
      store,
      dispatch.id,
      { action: 'reject', reason: 'a warehouse target, not a promise' },
      'ops',
      day(1),
    );

    clock = day(7);
    await crawl(SHIPPING, ['Returns are free.']);
    expect((await store.getPromise(dispatch.id))?.removedAt).toBe(day(7).toISOString());
    clock = day(14);
    await crawl(SHIPPING, [SAME_DAY]);

    const back = await store.getPromise(dispatch.id);
    expect(back?.removedAt).toBeUndefined();
    expect(back?.register?.state).toBe('rejected');
    expect(back && needsReview(back)).toBe(false);
    expect(back && isGraded(back, false)).toBe(false);
    expect(back?.register?.reviews.at(-1)?.reason).toBe('a warehouse target, not a promise');
  });

  it('keeps grading a corrected commitment on the corrected figure after the page is read again', async () => {
    await crawl(PRICING, [TWO]);
    const two = await proAt(2)();
    await reviewCommitment(
      store,
      two.id,
      { action: 'correct', correction: { threshold: 3, qualifiers: { tier: null } } },
      'support lead',
      day(1),
    );
    clock = day(7);
    await crawl(PRICING, [TWO]);
    const corrected = await store.getPromise(two.id);
    expect(corrected).toMatchObject({ threshold: 3, unit: 'business_hours', qualifiers: {} });
    expect(corrected?.register?.state).toBe('corrected');
    expect(corrected?.register?.identity.threshold).toBe(2);
  });

  it('grades only reviewed commitments when review is required', async () => {
    await crawl(PRICING, [TWO]);
    await crawl(SHIPPING, [SAME_DAY]);
    const two = await proAt(2)();
    await reviewCommitment(store, two.id, { action: 'confirm' }, 'support lead', day(1));
    const graded = (await all()).filter((c) => isGraded(c, true)).map((c) => c.id);
    expect(graded).toEqual([two.id]);
    expect((await all()).filter((c) => isGraded(c, false))).toHaveLength(2);
  });
});

describe('writes that meet', () => {
  it('refuses a write made on a stale read, and writes nothing', async () => {
    await crawl(PRICING, [TWO]);
    const two = await proAt(2)();
    await reviewCommitment(store, two.id, { action: 'confirm' }, 'first', day(1));
    const stale = { ...two, threshold: 9 };
    await expect(store.saveCommitment(stale, two.register?.revision ?? 0)).rejects.toBeInstanceOf(
      RevisionConflictError,
    );
    expect((await store.getPromise(two.id))?.threshold).toBe(2);
  });

  it('keeps both of two reviews made at the same moment', async () => {
    await crawl(PRICING, [TWO]);
    const two = await proAt(2)();
    await Promise.all([
      reviewCommitment(store, two.id, { action: 'confirm', reason: 'plan page' }, 'alice', day(1)),
      acknowledgeGap(store, two.id, { note: 'hiring', until: '2027-01-15', by: 'bob' }, day(1)),
      updateCommitment(store, two.id, (c) => c && { ...c }),
    ]);
    const after = await store.getPromise(two.id);
    expect(after?.register?.reviews.map((r) => r.by).sort()).toEqual(['alice', 'bob']);
    expect(after?.register?.acknowledgement?.note).toBe('hiring');
  });
});
