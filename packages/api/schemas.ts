// The API's request and response shapes. The same zod schemas validate requests and generate
// /openapi.json, so the documentation cannot drift from what the server accepts.

import { z } from '@hono/zod-openapi';
import { CATEGORIES, OPERATORS, UNITS } from '../core/index.ts';
import { MAX_SAMPLES_PER_REQUEST, metricsBodySchema } from '../ingest/index.ts';

export const MAX_BATCH = MAX_SAMPLES_PER_REQUEST;
export const STATUSES = ['kept', 'at_risk', 'breached', 'no_data'] as const;

const weekOrMonth = z
  .string()
  .regex(/^\d{4}-(W\d{2}|\d{2})$/, 'expected an ISO week such as 2026-W47 or a month such as 2026-11');

// ---------- shared ----------

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ example: 'invalid request body' }),
    details: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({ example: [{ path: 'body.samples.0.unit', message: 'Invalid option' }] }),
    requestId: z.string(),
  })
  .openapi('Error');

export const errorResponses = {
  400: { description: 'The request is not valid', content: { 'application/json': { schema: ErrorSchema } } },
  401: {
    description: 'Missing or unknown API key',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  403: { description: 'The key lacks the scope', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

export const notFoundResponse = {
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

export const QualifiersSchema = z
  .object({
    tier: z.string(),
    severity: z.string(),
    channel: z.string(),
    window: z.string(),
    target: z.number(),
    statistic: z.enum(['median', 'mean']),
    hedge: z.string(),
    region: z.string(),
    scope: z.string(),
    condition: z.string(),
    timezone: z.string(),
    negated: z.boolean(),
  })
  .partial()
  .openapi('Qualifiers');

export const WindowSchema = z
  .object({
    id: z.string().openapi({ example: '2026-W47' }),
    start: z.string(),
    end: z.string(),
  })
  .openapi('Window');

export const StatusSchema = z.enum(STATUSES).openapi('VerdictStatus');

// ---------- promises ----------

export const PromiseSchema = z
  .object({
    id: z.string(),
    quote: z.string(),
    category: z.enum(CATEGORIES),
    metric: z.string(),
    operator: z.enum(OPERATORS),
    threshold: z.number().nullable(),
    unit: z.enum(UNITS).nullable(),
    qualifiers: QualifiersSchema,
    confidence: z.number(),
    sourceUrl: z.string(),
    sourceKind: z.enum(['marketing', 'sla', 'policy', 'support-plan']),
    meaningHash: z.string(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    removedAt: z.string().optional(),
    status: StatusSchema.openapi({
      description: 'Status in the latest evaluated week; no_data when the promise has no verdict there',
    }),
    statusWindow: z.string().nullable(),
  })
  .openapi('ServicePromise');

export const PromiseListQuery = z.object({
  category: z.enum(CATEGORIES).optional(),
  status: StatusSchema.optional(),
  source: z.string().min(1).max(2048).optional().openapi({ description: 'Exact source URL' }),
  tier: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(2048).optional(),
});

export const PromiseListSchema = z
  .object({ items: z.array(PromiseSchema), cursor: z.string().optional() })
  .openapi('PromiseList');

export const VersionSchema = z
  .object({
    version: z.number().int(),
    quote: z.string(),
    operator: z.enum(OPERATORS),
    threshold: z.number().nullable(),
    unit: z.enum(UNITS).nullable(),
    qualifiers: QualifiersSchema,
    validFrom: z.string(),
    validTo: z.string().optional(),
    changes: z
      .array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() }))
      .openapi({ description: 'What changed from the previous version (empty for the first)' }),
  })
  .openapi('PromiseVersion');

export const PromiseDetailSchema = z
  .object({ promise: PromiseSchema, versions: z.array(VersionSchema) })
  .openapi('PromiseDetail');

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

// ---------- compliance ----------

export const DeliverySchema = z
  .object({
    series: z.array(z.string()),
    samples: z.number(),
    attainment: z.number(),
    target: z.number(),
    p50: z.number().nullable(),
    p90: z.number().nullable(),
    p95: z.number().nullable(),
    max: z.number().nullable(),
    unit: z.enum(UNITS).nullable(),
    breaches: z.number(),
    errorBudgetLeft: z.number(),
    burnRate: z.number().nullable(),
    worst: z.array(z.object({ value: z.number(), at: z.string(), ref: z.string().optional() })),
  })
  .openapi('DeliveryFigures');

export const ComplaintEvidenceSchema = z
  .object({
    matched: z.number(),
    allegingBreach: z.number(),
    quotes: z.array(z.object({ id: z.string(), at: z.string(), quote: z.string() })),
    perceptionGap: z.boolean(),
  })
  .openapi('ComplaintEvidence');

export const RulesSchema = z
  .object({
    version: z.string().openapi({ description: 'Short hash of the text; verdicts name it as rulesVersion' }),
    text: z.string().openapi({ description: 'The accounting rules and the settings the grading used' }),
  })
  .openapi('Rules');

/**
 * One verdict as every surface publishes it (`run --json`, `evaluate --json`, GET /v1/compliance, the
 * digest's input). Open for additions: fields other features add are optional.
 */
export const VerdictSchema = z
  .object({
    promiseId: z.string(),
    window: WindowSchema,
    status: StatusSchema,
    reason: z.string(),
    promise: z.object({
      quote: z.string(),
      sourceUrl: z.string(),
      seenAt: z.string(),
      category: z.enum(CATEGORIES),
      operator: z.enum(OPERATORS),
      threshold: z.number().nullable(),
      unit: z.enum(UNITS).nullable(),
      qualifiers: QualifiersSchema,
      version: z.number(),
    }),
    delivery: DeliverySchema.nullable(),
    complaints: ComplaintEvidenceSchema.nullable(),
    trend: z.object({ previousAttainment: z.number().nullable(), delta: z.number().nullable() }).nullable(),
    rulesVersion: z.string().openapi({ description: 'The version of the `rules` stated once per response' }),
    evaluatedAt: z.string(),
  })
  .openapi('Verdict');

export const SummarySchema = z
  .object({
    total: z.number(),
    kept: z.number(),
    at_risk: z.number(),
    breached: z.number(),
    no_data: z.number(),
  })
  .openapi('VerdictSummary');

export const WindowQuery = z.object({
  window: weekOrMonth.optional().openapi({
    description: 'Defaults to the latest complete ISO week that has been evaluated',
    example: '2026-W47',
  }),
});

export const ComplianceQuery = WindowQuery.extend({
  status: StatusSchema.optional(),
  category: z.enum(CATEGORIES).optional(),
});

export const ComplianceSchema = z
  .object({
    window: WindowSchema,
    evaluatedAt: z.string().nullable(),
    summary: SummarySchema,
    rules: RulesSchema.nullable(),
    otherRules: z
      .array(RulesSchema)
      .optional()
      .openapi({ description: 'Only when some verdicts were graded under other rules' }),
    verdicts: z.array(VerdictSchema),
  })
  .openapi('Compliance');

export const PromiseIdParam = z.object({
  promiseId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'promiseId', in: 'path' } }),
});

export const HistoryQuery = z.object({
  windows: z.coerce.number().int().min(1).max(104).default(8),
});

export const HistorySchema = z
  .object({
    promiseId: z.string(),
    rules: RulesSchema.nullable(),
    otherRules: z.array(RulesSchema).optional(),
    verdicts: z.array(VerdictSchema),
  })
  .openapi('VerdictHistory');

// ---------- gaps ----------

export const GapSchema = z
  .object({
    rank: z.number().int(),
    promiseId: z.string(),
    kind: z.enum(['delivery', 'perception', 'at_risk']),
    score: z.number().openapi({
      description:
        'Percentage points short: target minus attainment for delivery; share of matched complaints alleging a breach for perception',
    }),
    status: StatusSchema,
    category: z.enum(CATEGORIES),
    quote: z.string(),
    sourceUrl: z.string(),
    attainment: z.number().nullable(),
    target: z.number().nullable(),
    errorBudgetLeft: z.number().nullable(),
    complaints: z.object({ matched: z.number(), allegingBreach: z.number() }).nullable(),
    reason: z.string(),
  })
  .openapi('Gap');

export const GapsSchema = z.object({ window: WindowSchema, gaps: z.array(GapSchema) }).openapi('Gaps');

// ---------- ingestion ----------

const dimensions = z
  .record(z.string().min(1).max(100), z.string().max(200))
  .refine((d) => Object.keys(d).length <= 20, 'at most 20 dimensions');

const isoDateTime = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-16T09:30:00Z' });

/** The samples shape is ingest's, so API samples normalise exactly like CSV rows (same series ids). */
export const MetricsBody = metricsBodySchema.openapi('MetricsBatch');

export const ComplaintSchema = z
  .object({
    id: z.string().min(1).max(200),
    at: isoDateTime,
    text: z.string().min(1).max(10_000),
    channel: z.string().min(1).max(100).optional(),
    dimensions: dimensions.default({}),
  })
  .openapi('ComplaintInput');

export const ComplaintsBody = z
  .object({ complaints: z.array(ComplaintSchema).min(1).max(MAX_BATCH) })
  .openapi('ComplaintsBatch');

export const IngestResultSchema = z
  .object({ accepted: z.number().int(), duplicates: z.number().int() })
  .openapi('IngestResult');

export const ComplaintsResultSchema = IngestResultSchema.extend({
  complaints: z.number().int().openapi({ description: 'How many of the accepted texts read as complaints' }),
}).openapi('ComplaintsResult');

// ---------- digest ----------

export const DigestQuery = WindowQuery.extend({
  format: z.enum(['json', 'html', 'text']).default('json'),
});

export const DigestSchema = z
  .object({ window: z.string(), subject: z.string(), html: z.string(), text: z.string() })
  .openapi('DigestPreview');

export const HealthSchema = z.object({ status: z.literal('ok'), time: z.string() }).openapi('Health');
