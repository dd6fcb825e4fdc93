import { describe, expect, it } from 'vitest';
import { describeVersions } from '../../../packages/api/index.ts';
import { version } from '../../integration/api/fixtures.ts';

describe('describeVersions', () => {
  it('lists versions oldest first, the first with no changes', () => {
    const out = describeVersions([version('p', 2, { threshold: 2 }), version('p', 1)]);
    expect(out.map((v) => v.version)).toEqual([1, 2]);
    expect(out[0]?.changes).toEqual([]);
    expect(out[0]).not.toHaveProperty('promiseId');
  });

  it.each([
    ['a tighter threshold', { threshold: 2 }, [{ field: 'threshold', before: 4, after: 2 }]],
    [
      'a new unit',
      { unit: 'business_hours' as const },
      [{ field: 'unit', before: 'hours', after: 'business_hours' }],
    ],
    [
      'a qualifier added',
      { qualifiers: { channel: 'chat' } },
      [{ field: 'qualifiers.channel', before: null, after: 'chat' }],
    ],
    ['only the validity dates', { validFrom: '2026-10-01T00:00:00.000Z' }, []],
  ])('reports %s', (_name, change, expected) => {
    const out = describeVersions([version('p', 1), version('p', 2, change)]);
    expect(out[1]?.changes).toEqual(expected);
  });
});
