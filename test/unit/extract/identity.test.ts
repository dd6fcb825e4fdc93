import { describe, expect, it } from 'vitest';
import type { ExtractedPromise, PromiseVersion, ServicePromise } from '../../../packages/core/index.ts';
import {
  diffPromises,
  extractFromText,
  identifyPromises,
  promiseIdentity,
} from '../../../packages/extract/index.ts';

const URL_A = 'https://example.test/sla';

const promise = (overrides: Partial<ExtractedPromise> = {}): ExtractedPromise => ({
  quote: 'We respond to urgent tickets within 1 hour.',
  category: 'response_time',
  metric: 'first_response_time',
  operator: '<=',
  threshold: 1,
  unit: 'hours',
  qualifiers: { severity: 'urgent' },
  confidence: 0.8,
  ...overrides,
});

/** Runs the diff and folds its output into what a store would hold afterwards. */
const apply = (
  state: { promises: ServicePromise[]; versions: Map<string, PromiseVersion> },
  extracted: ExtractedPromise[],
  now: string,
) => {
  const result = diffPromises({
    sourceUrl: URL_A,
    sourceKind: 'sla',
    previous: state.promises,
    previousVersions: state.versions,
    extracted,
    now: new Date(now),
  });
  const byId = new Map(state.promises.map((p) => [p.id, p]));
  for (const p of result.promises) byId.set(p.id, p);
  const versions = new Map(state.versions);
  for (const v of result.versions) {
    const open = versions.get(v.promiseId);
    if (!open || v.version >= open.version) versions.set(v.promiseId, v);
  }
  return { result, state: { promises: [...byId.values()], versions } };
};

const empty = { promises: [] as ServicePromise[], versions: new Map<string, PromiseVersion>() };

describe('promise identity', () => {
  it('keeps the id when the figure changes, and changes the meaning hash', () => {
    const before = promiseIdentity(URL_A, promise());
    const after = promiseIdentity(URL_A, promise({ threshold: 4, quote: 'We respond within 4 hours.' }));
    expect(after.id).toBe(before.id);
    expect(after.meaningHash).not.toBe(before.meaningHash);
  });

  it.each([
    ['another source', URL_A.replace('sla', 'support'), {}],
    ['another severity', URL_A, { qualifiers: { severity: 'low' } }],
    ['another tier', URL_A, { qualifiers: { severity: 'urgent', tier: 'Gold' } }],
    ['another channel', URL_A, { qualifiers: { severity: 'urgent', channel: 'phone' } }],
    ['another metric', URL_A, { metric: 'resolution_time', category: 'resolution_time' as const }],
  ])('gives a different id for %s', (_, url, overrides) => {
    expect(promiseIdentity(url, promise(overrides)).id).not.toBe(promiseIdentity(URL_A, promise()).id);
  });

  it('gives two unnamed columns of one row different ids', () => {
    const ids = identifyPromises(URL_A, [promise(), promise({ threshold: 2 })]).map((p) => p.id);
    expect(new Set(ids).size).toBe(2);
  });
});

describe('diffing a page over time', () => {
  const page = 'Response times\n| Severity | Target |\n|---|---|\n| Urgent | 1 hour |\n| Normal | 8 hours |';

  it('adds every promise of a new page with a first version', () => {
    const { result } = apply(empty, extractFromText(page, URL_A).promises, '2026-01-05T00:00:00Z');
    expect(result.changes.map((c) => c.kind)).toEqual(['added', 'added']);
    expect(result.versions.map((v) => [v.version, v.validFrom, v.validTo])).toEqual([
      [1, '2026-01-05T00:00:00.000Z', undefined],
      [1, '2026-01-05T00:00:00.000Z', undefined],
    ]);
  });

  it('yields no changes and the same ids when the page is unchanged, and bumps lastSeen', () => {
    const first = apply(empty, extractFromText(page, URL_A).promises, '2026-01-05T00:00:00Z');
    const second = apply(first.state, extractFromText(page, URL_A).promises, '2026-01-12T00:00:00Z');
    expect(second.result.changes).toEqual([]);
    expect(second.result.versions).toEqual([]);
    expect(second.result.promises.map((p) => p.id)).toEqual(first.result.promises.map((p) => p.id));
    expect(second.result.promises.map((p) => [p.firstSeen, p.lastSeen])).toEqual([
      ['2026-01-05T00:00:00.000Z', '2026-01-12T00:00:00.000Z'],
      ['2026-01-05T00:00:00.000Z', '2026-01-12T00:00:00.000Z'],
    ]);
  });

  it('reports "1 hour" becoming "4 hours" as a change that closes the old version', () => {
    const first = apply(empty, extractFromText(page, URL_A).promises, '2026-01-05T00:00:00Z');
    const changed = page.replace('1 hour', '4 hours');
    const { result } = apply(first.state, extractFromText(changed, URL_A).promises, '2026-02-02T00:00:00Z');
    expect(result.changes).toHaveLength(1);
    const change = result.changes[0];
    if (change?.kind !== 'changed') throw new Error(`expected a change, got ${change?.kind}`);
    expect(change.promise.id).toBe(first.result.promises[0]?.id);
    expect([change.before.threshold, change.before.validTo]).toEqual([1, '2026-02-02T00:00:00.000Z']);
    expect([change.after.threshold, change.after.version, change.after.validFrom]).toEqual([
      4,
      2,
      '2026-02-02T00:00:00.000Z',
    ]);
    expect(change.promise.firstSeen).toBe('2026-01-05T00:00:00.000Z');
  });

  it('marks a promise that left the page as removed and closes its version', () => {
    const first = apply(empty, extractFromText(page, URL_A).promises, '2026-01-05T00:00:00Z');
    const shorter = page.replace('\n| Normal | 8 hours |', '');
    const { result } = apply(first.state, extractFromText(shorter, URL_A).promises, '2026-03-02T00:00:00Z');
    expect(result.changes.map((c) => c.kind)).toEqual(['removed']);
    const removed = result.changes[0]?.promise;
    expect(removed?.removedAt).toBe('2026-03-02T00:00:00.000Z');
    expect(result.versions.map((v) => [v.promiseId, v.validTo])).toEqual([
      [removed?.id, '2026-03-02T00:00:00.000Z'],
    ]);
  });

  it('adds a removed promise back with its next version when it reappears', () => {
    const first = apply(empty, extractFromText(page, URL_A).promises, '2026-01-05T00:00:00Z');
    const shorter = page.replace('\n| Normal | 8 hours |', '');
    const gone = apply(first.state, extractFromText(shorter, URL_A).promises, '2026-03-02T00:00:00Z');
    const back = apply(gone.state, extractFromText(page, URL_A).promises, '2026-04-06T00:00:00Z');
    expect(back.result.changes.map((c) => c.kind)).toEqual(['added']);
    const returned = back.result.changes[0]?.promise;
    expect(returned?.removedAt).toBeUndefined();
    expect(returned?.firstSeen).toBe('2026-01-05T00:00:00.000Z');
    expect(back.result.versions.map((v) => v.version)).toEqual([2]);
  });
});
