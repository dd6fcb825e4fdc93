import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PromisegapConfig,
  type PromiseVersion,
  parseConfig,
  type ServicePromise,
  weekWindow,
} from '../../../packages/core/index.ts';
import {
  buildDigest,
  digestInputFromStore,
  latestEvaluatedWeek,
  NoEvaluatedWeekError,
} from '../../../packages/digest/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';
import { verdict } from '../../unit/digest/fixtures.ts';

const W45 = weekWindow('2026-W45');
const W46 = weekWindow('2026-W46');
const W47 = weekWindow('2026-W47');

const config: PromisegapConfig = parseConfig(
  {
    company: 'Examplo Help Desk',
    sources: [{ url: 'https://help.example.test/' }],
    calendar: {
      timezone: 'Europe/Berlin',
      hours: {
        mon: ['09:00', '17:00'],
        tue: ['09:00', '17:00'],
        wed: ['09:00', '17:00'],
        thu: ['09:00', '17:00'],
        fri: ['09:00', '17:00'],
      },
      holidays: ['2026-12-25'],
    },
    digest: { from: 'digest@example.test', recipients: ['lead@example.test'] },
  },
  'test config',
);

const promise = (id: string, over: Partial<ServicePromise> = {}): ServicePromise => ({
  id,
  quote: `Promise ${id}: first reply within 1 hour.`,
  category: 'response_time',
  metric: 'first_reply',
  operator: '<=',
  threshold: 1,
  unit: 'hours',
  qualifiers: {},
  confidence: 0.9,
  sourceUrl: 'https://help.example.test/plans',
  sourceKind: 'marketing',
  meaningHash: `h-${id}`,
  firstSeen: '2026-10-01T00:00:00.000Z',
  lastSeen: '2026-11-20T00:00:00.000Z',
  ...over,
});

const version = (promiseId: string, n: number, threshold: number, validFrom: string): PromiseVersion => ({
  promiseId,
  version: n,
  quote: `We reply within ${threshold} ${threshold === 1 ? 'hour' : 'hours'}.`,
  operator: '<=',
  threshold,
  unit: 'hours',
  qualifiers: {},
  validFrom,
});

describe('digestInputFromStore on the embedded store', () => {
  let embedded: EmbeddedStore;

  beforeAll(async () => {
    embedded = await openEmbeddedStore({ dataDir: ':memory:' });
    const { store } = embedded;
    await store.putPromises([
      promise('steady'),
      promise('added', { firstSeen: '2026-11-18T09:00:00.000Z', quote: 'Chat answered within 2 minutes.' }),
      promise('gone', { removedAt: '2026-11-19T09:00:00.000Z', quote: 'Weekend replies within 1 day.' }),
      promise('old-gone', { removedAt: '2026-11-02T09:00:00.000Z', lastSeen: '2026-11-01T00:00:00.000Z' }),
      promise('reworded', { threshold: 4, quote: 'We reply within 4 hours.' }),
    ]);
    await store.putPromiseVersions([
      version('reworded', 1, 1, '2026-10-01T00:00:00.000Z'),
      version('reworded', 2, 4, '2026-11-19T06:00:00.000Z'),
      version('steady', 1, 1, '2026-10-01T00:00:00.000Z'),
    ]);
    await store.putClaims(
      'https://help.example.test/',
      [{ quote: 'Support that delights', reason: 'no figure' }],
      W47.start,
    );
    for (const [window, attainment] of [
      [W45, 92],
      [W46, 88],
      [W47, 78],
    ] as const) {
      await store.putVerdicts([
        verdict('steady', {
          window,
          delivery: { attainment },
          status: attainment < 90 ? 'breached' : 'kept',
        }),
        verdict('reworded', {
          window,
          status: 'no_data',
          delivery: null,
          promise: { quote: 'We reply within 4 hours.' },
        }),
      ]);
    }
  });

  afterAll(async () => {
    await embedded?.close();
  });

  it('gathers the week, last week, each promise’s history, the claims and the rules', async () => {
    const input = await digestInputFromStore(embedded.store, config, W47);
    expect(input.verdicts.map((v) => v.promiseId).sort()).toEqual(['reworded', 'steady']);
    expect(input.previous.every((v) => v.window.id === '2026-W46')).toBe(true);
    expect(input.history?.get('steady')?.map((v) => v.window.id)).toEqual([
      '2026-W45',
      '2026-W46',
      '2026-W47',
    ]);
    expect(input.claims).toEqual([
      {
        sourceUrl: 'https://help.example.test/',
        claims: [{ quote: 'Support that delights', reason: 'no figure' }],
      },
    ]);
    expect(input.calendarDescription).toBe(
      'Business hours Mon–Fri 09:00–17:00 (Europe/Berlin), 40 h a week, 1 holiday',
    );
    expect(input.rules).toBe('kept when the share within the threshold reaches the target');
    expect(input.minSamples).toBe(20);
  });

  it('derives what changed on the site during the week from promises and their versions', async () => {
    const input = await digestInputFromStore(embedded.store, config, W47);
    const summary = input.changes
      .map((c) =>
        c.kind === 'changed'
          ? `changed ${c.promise.id} ${c.before.threshold}→${c.after.threshold}`
          : `${c.kind} ${c.promise.id}`,
      )
      .sort();
    expect(summary).toEqual(['added added', 'changed reworded 1→4', 'removed gone']);
  });

  it('renders a digest whose trend and sparkline come from the stored weeks', async () => {
    const digest = buildDigest(await digestInputFromStore(embedded.store, config, W47));
    expect(digest.subject).toBe('Examplo Help Desk: 1 promise broken — week 47');
    expect(digest.text).toContain('down 10 points from 88% last week · broken 2 weeks running');
    expect(digest.text).toContain('Last 3 weeks: W45 92%, W46 88%, W47 78%');
    expect(digest.text).toContain('“1 hour” → “4 hours”');
  });

  it('defaults to the latest week that has ended and has verdicts', async () => {
    expect((await latestEvaluatedWeek(embedded.store, new Date('2026-11-25T00:00:00Z'))).id).toBe('2026-W47');
    // While week 47 is still running, the digest covers week 46.
    expect((await latestEvaluatedWeek(embedded.store, new Date('2026-11-20T00:00:00Z'))).id).toBe('2026-W46');
    await expect(latestEvaluatedWeek(embedded.store, new Date('2026-11-01T00:00:00Z'))).rejects.toThrow(
      NoEvaluatedWeekError,
    );
  });
});
