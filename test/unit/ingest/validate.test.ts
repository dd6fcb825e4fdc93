import { describe, expect, it } from 'vitest';
import {
  metricsBodySchema,
  normaliseChannel,
  normalisePriority,
  normaliseTier,
  parseTimestamp,
  SampleBatchError,
  validateSamples,
} from '../../../packages/ingest/index.ts';

const good = {
  metric: 'first_response_time',
  value: 12,
  unit: 'minutes',
  at: '2026-11-24T10:00:00+01:00',
  dimensions: { Tier: 'Pro' },
};

describe('samples sent to the API', () => {
  it('accepts valid samples and normalises time and dimensions', () => {
    const { samples, errors } = validateSamples([good]);
    expect(errors).toEqual([]);
    expect(samples).toEqual([
      {
        metric: 'first_response_time',
        value: 12,
        unit: 'minutes',
        at: '2026-11-24T09:00:00.000Z',
        dimensions: { tier: 'pro' },
      },
    ]);
  });

  it('names each bad sample by index and field', () => {
    const { samples, errors } = validateSamples([
      good,
      { ...good, unit: 'parsecs' },
      { ...good, value: 'fast' },
      { ...good, at: 'yesterday' },
      { ...good, unit: 'percent', value: 101 },
    ]);
    expect(samples).toHaveLength(1);
    expect(errors.map((e) => e.index)).toEqual([1, 2, 3, 4]);
    expect(errors[0]?.reason).toMatch(/^unit:/);
    expect(errors[3]?.reason).toMatch(/outside 0..100/);
  });

  it.each([[[]], [Array.from({ length: 1001 }, () => good)]])(
    'refuses a batch of %# that is empty or over 1,000',
    (items) => {
      expect(() => validateSamples(items)).toThrow(SampleBatchError);
    },
  );

  it('offers the request body schema to the API', () => {
    expect(metricsBodySchema.safeParse({ samples: [good] }).success).toBe(true);
    expect(metricsBodySchema.safeParse({ samples: [] }).success).toBe(false);
  });
});

describe('normalising what joins promises to series', () => {
  it.each([
    ['P1', 'p1'],
    ['Sev 1', 'p1'],
    ['Severity-2', 'p2'],
    ['Priority 3', 'p3'],
    ['Urgent', 'p1'],
    ['Critical', 'p1'],
    ['high', 'p2'],
    ['Normal', 'p3'],
    ['Medium', 'p3'],
    ['low', 'p4'],
    ['Severity 1 (critical)', 'p1'],
    ['gold', 'gold'],
  ])('reads priority %s as %s', (raw, level) => {
    expect(normalisePriority(raw)).toBe(level);
  });

  it.each([
    ['Web form', 'web'],
    ['E-mail', 'email'],
    ['Email', 'email'],
    ['Live chat', 'chat'],
    ['Phone call (incoming)', 'phone'],
    ['twitter', 'twitter'],
  ])('reads channel %s as %s', (raw, channel) => {
    expect(normaliseChannel(raw)).toBe(channel);
  });

  it.each([
    ['Pro plan', 'pro'],
    ['Enterprise tier', 'enterprise'],
    ['Business', 'business'],
  ])('reads plan %s as %s', (raw, tier) => {
    expect(normaliseTier(raw)).toBe(tier);
  });

  it.each([
    ['2026-11-24T10:00:00Z', 'UTC', '2026-11-24T10:00:00.000Z'],
    ['2026-11-24 10:00:00 +0100', 'UTC', '2026-11-24T09:00:00.000Z'],
    ['2026-11-24T10:00:00.250-05:00', 'UTC', '2026-11-24T15:00:00.250Z'],
    ['2026-07-01 10:00', 'Europe/Berlin', '2026-07-01T08:00:00.000Z'],
    ['2026/11/24', 'UTC', '2026-11-24T00:00:00.000Z'],
  ])('reads timestamp %s (zone %s)', (raw, zone, iso) => {
    expect(parseTimestamp(raw, zone)?.toISOString()).toBe(iso);
  });

  it.each(['24/11/2026', '2026-02-30', '2026-11-24 25:00', 'soon'])('refuses timestamp %s', (raw) => {
    expect(parseTimestamp(raw)).toBeNull();
  });
});
