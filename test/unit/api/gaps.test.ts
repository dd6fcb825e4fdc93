import { describe, expect, it } from 'vitest';
import { rankGaps } from '../../../packages/api/index.ts';
import { promise, verdict } from '../../integration/api/fixtures.ts';

const W = '2026-W47';

describe('rankGaps', () => {
  it.each([
    [
      'a kept promise with quiet complaints',
      verdict(promise('a'), W, 'kept', { matched: 5, alleging: 1 }),
      [],
    ],
    ['an unmeasured promise', verdict(promise('a'), W, 'no_data'), []],
    [
      'a breach, by percentage points below target',
      verdict(promise('a'), W, 'breached', { attainment: 82.5, target: 95 }),
      [['delivery', 12.5]],
    ],
    [
      'a perception gap, by the share of complaints alleging a breach',
      verdict(promise('a'), W, 'kept', { matched: 8, alleging: 6, gap: true }),
      [['perception', 75]],
    ],
    [
      'a promise at risk',
      verdict(promise('a'), W, 'at_risk', { attainment: 95.5, target: 95 }),
      [['at_risk', 0]],
    ],
  ])('scores %s', (_name, v, expected) => {
    expect(rankGaps([v]).map((g) => [g.kind, g.score])).toEqual(expected);
  });

  it('puts breaches before perception gaps before risks, the largest shortfall first', () => {
    const ranked = rankGaps([
      verdict(promise('risk'), W, 'at_risk', { attainment: 96 }),
      verdict(promise('small'), W, 'breached', { attainment: 90, target: 95 }),
      verdict(promise('felt'), W, 'kept', { matched: 10, alleging: 9, gap: true }),
      verdict(promise('big'), W, 'breached', { attainment: 50, target: 95 }),
    ]);
    expect(ranked.map((g) => [g.rank, g.promiseId])).toEqual([
      [1, 'big'],
      [2, 'small'],
      [3, 'felt'],
      [4, 'risk'],
    ]);
  });

  it('scores a breach with no metric behind it by its complaints', () => {
    const v = { ...verdict(promise('a'), W, 'breached', { matched: 4, alleging: 2 }), delivery: null };
    expect(rankGaps([v])[0]).toMatchObject({ kind: 'delivery', score: 50, attainment: null });
  });
});
