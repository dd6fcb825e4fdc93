import { describe, expect, it } from 'vitest';
import { complaintJudgement } from '../../../packages/complaints/index.ts';

describe('the complaint side of an evaluation, built from the config', () => {
  const { perceptionGap } = complaintJudgement({ perceptionGapRate: 50, perceptionGapMinComplaints: 3 });
  const evidence = (matched: number, allegingBreach: number) => ({
    matched,
    allegingBreach,
    quotes: [],
    perceptionGap: false,
  });

  it('applies the configured rate and minimum, only when the numbers say kept or at risk', () => {
    expect(perceptionGap('kept', evidence(6, 3))).toBe(true);
    expect(perceptionGap('at_risk', evidence(6, 3))).toBe(true);
    expect(perceptionGap('kept', evidence(7, 3))).toBe(false); // under 50%
    expect(perceptionGap('kept', evidence(2, 2))).toBe(false); // fewer than 3
    expect(perceptionGap('breached', evidence(6, 6))).toBe(false);
  });
});
