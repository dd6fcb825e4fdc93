import { describe, expect, it } from 'vitest';
import { metricsForPromise } from '../../../packages/compliance/index.ts';

describe('the metric behind a refund-policy promise', () => {
  it('backs a refund processing time with the refund processing metric', () => {
    expect(
      metricsForPromise({
        category: 'refund_guarantee',
        operator: '<=',
        threshold: 5,
        unit: 'business_days',
        metric: 'refund_processing_time',
      }),
    ).toEqual([{ metric: 'refund_processing_time', unit: 'business_days' }]);
  });

  it('leaves a return-label time unmeasured rather than grading it against refunds', () => {
    expect(
      metricsForPromise({
        category: 'refund_guarantee',
        operator: '<=',
        threshold: 1,
        unit: 'business_days',
        metric: 'return_processing_time',
      }),
    ).toEqual([]);
  });

  it('leaves a money-back window unmeasured', () => {
    expect(
      metricsForPromise({ category: 'refund_guarantee', operator: '>=', threshold: 30, unit: 'days' }),
    ).toEqual([]);
  });
});
