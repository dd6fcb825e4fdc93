// Issue 18: analysis time grew with the square of the text length (a 60 KB text took 14 s). Every rule now
// reads a bounded window around what it looks at, so the work grows with the length. This test does not
// time the analyser against a figure of this machine: it compares the same analysis on 20 KB and on 200 KB
// (ten times the text must cost far less than the hundred times a quadratic reader would), with a bound so
// generous that only a quadratic reader could break it.

import { describe, expect, it } from 'vitest';
import { analyzeComplaint } from '../../../packages/complaints/index.ts';

const SENTENCES =
  'I waited 3 days for a reply, then 45 minutes on hold, and the site was down for two hours again. Still no refund after 2 weeks! ';
const NO_STOPS =
  'i waited 3 days for a reply and then 45 minutes on hold and the site was down for two hours and still no refund after 2 weeks and ';

const ofSize = (unit: string, bytes: number): string => unit.repeat(Math.ceil(bytes / unit.length));

const timed = (text: string) => {
  const t0 = performance.now();
  const result = analyzeComplaint(text);
  return { ms: performance.now() - t0, result };
};

describe('analysing long complaints', () => {
  it.each([
    ['sentences', SENTENCES],
    ['one sentence with no full stop', NO_STOPS],
  ])(
    'reads 200 KB of %s in work that grows with the length, not its square',
    (_name, unit) => {
      analyzeComplaint(unit); // load the lexicon and warm the code once
      const small = timed(ofSize(unit, 20_000));
      const large = timed(ofSize(unit, 200_000));
      // Linear: about 10 times the small text's time. Quadratic: about 100 times.
      expect(large.ms / Math.max(small.ms, 1)).toBeLessThan(40);
      expect(large.ms).toBeLessThan(60_000);
      // And the reading stays right: each wait once, the complaint's kinds found.
      expect(large.result.isComplaint).toBe(true);
      expect(large.result.durations.map((d) => `${d.value} ${d.unit}`).sort()).toEqual(
        ['2 hours', '2 weeks', '3 days', '45 minutes'].sort(),
      );
    },
    120_000,
  );
});
