import { describe, expect, it } from 'vitest';
import { chooseWeek } from '../../../packages/pipeline/index.ts';

describe('the week a cycle evaluates', () => {
  it.each([
    // now, last data point, expected week
    ['2026-11-25T12:00:00Z', '2026-11-25T11:00:00Z', '2026-W47'], // data up to now: last complete week
    ['2026-11-25T12:00:00Z', undefined, '2026-W47'], // no data at all: still the last complete week
    ['2027-03-10T12:00:00Z', '2026-11-22T22:30:00Z', '2026-W47'], // data ends on Sunday evening
    ['2027-03-10T12:00:00Z', '2026-11-24T09:00:00Z', '2026-W47'], // a few tickets solved the next Tuesday
    ['2027-03-10T12:00:00Z', '2026-11-19T09:00:00Z', '2026-W46'], // data stops mid-week: that week is not complete
  ])('at %s with data until %s evaluates %s', (now, latestDataAt, expected) => {
    expect(chooseWeek(new Date(now), latestDataAt).id).toBe(expected);
  });
});
