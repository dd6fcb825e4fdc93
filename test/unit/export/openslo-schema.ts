// The OpenSLO v1 `Service` and `SLO` objects as the specification (github.com/OpenSLO/OpenSLO,
// README "Specification") defines them, written as zod schemas so tests can validate exports.
// Only what the spec makes a rule is checked: names, required fields, enums and ranges.

import { z } from 'zod';

const name = z.string().check(z.maxLength(63), z.regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'DNS-1123 label'));
const description = z.optional(z.string().check(z.maxLength(1050)));
const annotationKey = z.string().check(z.regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/));
const metadata = z.object({
  name,
  displayName: z.optional(z.string()),
  labels: z.optional(z.record(z.string(), z.union([z.string(), z.array(z.string())]))),
  annotations: z.optional(z.record(annotationKey, z.string())),
});
const durationShorthand = z
  .string()
  .check(z.regex(/^\d+[mhdwMQY]$/, 'duration shorthand such as 1w, 1M, 1Q'));
const metricSource = z.object({
  metricSourceRef: z.optional(z.string()),
  type: z.optional(z.string()),
  spec: z.record(z.string(), z.unknown()),
});
const ratioMetric = z
  .object({
    counter: z.boolean(),
    good: z.optional(z.object({ metricSource })),
    bad: z.optional(z.object({ metricSource })),
    total: z.optional(z.object({ metricSource })),
    rawType: z.optional(z.enum(['success', 'failure'])),
    raw: z.optional(z.object({ metricSource })),
  })
  .check(
    z.refine(
      (r) =>
        r.raw ? r.rawType !== undefined && !r.good && !r.bad && !r.total : !!r.total && !!r.good !== !!r.bad,
      'ratioMetric needs good|bad with total, or raw with rawType',
    ),
  );
const sliSpec = z
  .object({
    description,
    thresholdMetric: z.optional(z.object({ metricSource })),
    ratioMetric: z.optional(ratioMetric),
  })
  .check(
    z.refine((s) => !!s.thresholdMetric !== !!s.ratioMetric, 'exactly one of thresholdMetric or ratioMetric'),
  );
const timeWindow = z.union([
  z.object({ duration: durationShorthand, isRolling: z.literal(true) }),
  z.object({
    duration: durationShorthand,
    isRolling: z.optional(z.literal(false)),
    calendar: z.object({
      startTime: z
        .string()
        .check(z.regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'date and 24h time, no zone')),
      timeZone: z
        .string()
        .check(z.refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC')),
    }),
  }),
]);
const objective = z
  .object({
    displayName: z.optional(z.string()),
    op: z.optional(z.enum(['lte', 'gte', 'lt', 'gt'])),
    value: z.optional(z.number()),
    target: z.optional(z.number().check(z.gte(0), z.lt(1))),
    targetPercent: z.optional(z.number().check(z.gte(0), z.lt(100))),
    timeSliceTarget: z.optional(z.number().check(z.gt(0), z.lte(1))),
    timeSliceWindow: z.optional(z.union([z.number(), durationShorthand])),
  })
  .check(
    z.refine((o) => (o.target === undefined) !== (o.targetPercent === undefined), 'target or targetPercent'),
  );

export const serviceSchema = z.strictObject({
  apiVersion: z.literal('openslo/v1'),
  kind: z.literal('Service'),
  metadata,
  spec: z.strictObject({ description }),
});

export const sloSchema = z
  .strictObject({
    apiVersion: z.literal('openslo/v1'),
    kind: z.literal('SLO'),
    metadata,
    spec: z.strictObject({
      description,
      service: name,
      indicator: z.optional(z.object({ metadata, spec: sliSpec })),
      indicatorRef: z.optional(z.string()),
      timeWindow: z.optional(z.array(timeWindow).check(z.length(1))),
      budgetingMethod: z.enum(['Occurrences', 'Timeslices', 'RatioTimeslices']),
      objectives: z.array(objective).check(z.minLength(1)),
      alertPolicies: z.optional(z.array(z.unknown())),
    }),
  })
  .check(
    z.refine((slo) => !!slo.spec.indicator !== !!slo.spec.indicatorRef, 'one of indicator or indicatorRef'),
    z.refine(
      (slo) =>
        !slo.spec.indicator?.spec.thresholdMetric ||
        (slo.spec.objectives.length === 1 &&
          slo.spec.objectives.every((o) => o.op !== undefined && o.value !== undefined)),
      'a thresholdMetric SLO has one objective with op and value',
    ),
  );

export const openSloDocumentSchema = z.union([serviceSchema, sloSchema]);
