// The API's request and response shapes. The same zod schemas validate requests and generate
// /openapi.json, so the documentation cannot drift from what the server accepts.

import { z } from '@hono/zod-openapi';
import { CATEGORIES, isoWeekId, OPERATORS, UNITS } from '../core/index.ts';
import { MAX_SAMPLES_PER_REQUEST, metricsBodySchema } from '../ingest/index.ts';
import { isReservedName } from './errors.ts';
import { SurveyEvidenceSchema } from './survey-schemas.ts';

export const MAX_BATCH = MAX_SAMPLES_PER_REQUEST;
export const STATUSES = ['kept', 'at_risk', 'breached', 'no_data'] as const;

/** Why a window id that has the right form names no real week or month (2026-W99, 2026-13), if it does not. */
export const windowIdProblem = (id: string): string | undefined => {
  const week = /^(\d{4})-W(\d{2})$/.exec(id);
  if (week) {
    const year = Number(week[1]);
    const n = Number(week[2]);
    // 28 December always falls in the last ISO week of its year.
    const last = Number(isoWeekId(new Date(Date.UTC(year, 11, 28))).slice(6));
    return n >= 1 && n <= last
      ? undefined
      : `${id} is not a week: ISO weeks of ${year} run from W01 to W${last}`;
  }
  const month = /^(\d{4})-(\d{2})$/.exec(id);
  const n = Number(month?.[2]);
  if (month && (n < 1 || n > 12)) return `${id} is not a month: months run from 01 to 12`;
  return undefined;
};

const weekOrMonth = z
  .string()
  .regex(
    /^\d{4}(-(W\d{2}|\d{2}|Q[1-4]))?$/,
    'expected an ISO week such as 2026-W47, a month such as 2026-11, a quarter such as 2026-Q1 or a year',
  )
  .superRefine((id, ctx) => {
    const problem = windowIdProblem(id);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

// ---------- shared ----------

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ example: 'invalid request body' }),
    details: z.array(z.object({ path: z.string(), message: z.string() })).openapi({
      description: 'Where and what, one entry per problem; empty when the message says it all',
      example: [{ path: 'body.samples.0.unit', message: 'Invalid option' }],
    }),
    requestId: z.string(),
  })
  .openapi('Error');

export const tooLargeResponse = {
  413: {
    description:
      'The body, or the complaint texts together, are larger than a request may carry; the error states the limit',
    content: { 'application/json': { schema: ErrorSchema } },
  },
} as const;

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
    timeZone: z.string().optional().openapi({ description: 'the calendar zone the window follows' }),
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
    target: z.number().nullable().openapi({ description: 'null for a promise on the mean' }),
    p50: z.number().nullable(),
    p90: z.number().nullable(),
    p95: z.number().nullable(),
    max: z.number().nullable(),
    unit: z.enum(UNITS).nullable(),
    breaches: z.number(),
    errorBudgetLeft: z.number(),
    burnRate: z.number().nullable(),
    worst: z.array(z.object({ value: z.number(), at: z.string(), ref: z.string().optional() })).openapi({
      description:
        "The worst cases measured, worst first: only the worst in a window's list, all kept in a promise's history (GET /v1/compliance/{promiseId})",
    }),
  })
  .openapi('DeliveryFigures');

const ThemesSchema = z
  .array(z.object({ phrase: z.string(), complaints: z.number() }))
  .openapi({ description: 'Top phrases of the complaints linked to the promise, with how many use each' });

export const ComplaintEvidenceSchema = z
  .object({
    matched: z.number(),
    allegingBreach: z.number(),
    quotes: z.array(z.object({ id: z.string(), at: z.string(), quote: z.string() })),
    perceptionGap: z.boolean(),
    linked: z
      .array(z.object({ id: z.string(), weight: z.number(), alleging: z.boolean() }))
      .optional()
      .openapi({
        description:
          "The complaints linked to the promise, most relevant first, with their link weight: in a promise's history (GET /v1/compliance/{promiseId}); a window's list gives their count (`matched`) and weights (`weighted`)",
      }),
    weighted: z.object({ matched: z.number(), allegingBreach: z.number() }).optional().openapi({
      description: 'Linked complaints counted by weight: what the perception gap is computed from',
    }),
    themes: ThemesSchema.optional(),
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
    surveys: SurveyEvidenceSchema.optional(),
    trend: z.object({ previousAttainment: z.number().nullable(), delta: z.number().nullable() }).nullable(),
    windowSamples: z.number().optional(),
    closing: z
      .array(
        z.object({
          window: WindowSchema,
          status: StatusSchema,
          reason: z.string(),
          attainment: z.number().nullable(),
          target: z.number().nullable(),
          unit: z.enum(UNITS).nullable(),
        }),
      )
      .optional()
      .openapi({ description: 'closing verdicts of the periods (e.g. 2026-03) that ended in this week' }),
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
    complaints: z
      .object({ matched: z.number(), allegingBreach: z.number(), themes: ThemesSchema.optional() })
      .nullable(),
    reason: z.string(),
  })
  .openapi('Gap');

export const GapsSchema = z.object({ window: WindowSchema, gaps: z.array(GapSchema) }).openapi('Gaps');

// ---------- ingestion ----------

/** Letters or digits first, then letters, digits, space and _ . : - (no `=`, `,` or braces, no reserved names). */
export const DIMENSION_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.:-]*$/u;

export const dimensionNameProblem = (name: string): string | undefined => {
  if (isReservedName(name)) return `"${name}" is a reserved name; choose another dimension name`;
  if (!DIMENSION_NAME.test(name.trim()))
    return `"${name.slice(0, 60)}" is not a dimension name: letters or digits first, then letters, digits, space and _ . : -`;
  return undefined;
};

const dimensionName = z
  .string()
  .min(1)
  .max(100)
  .superRefine((name, ctx) => {
    const problem = dimensionNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const dimensions = z
  .record(dimensionName, z.string().max(200))
  .refine((d) => Object.keys(d).length <= 20, 'at most 20 dimensions');

const isoDateTime = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-16T09:30:00Z' });

/** The samples shape is ingest's, so API samples normalise exactly like CSV rows (same series ids). */
export const MetricsBody = metricsBodySchema
  .superRefine((body, ctx) => {
    body.samples.forEach((sample, i) => {
      for (const name of Object.keys(sample.dimensions)) {
        const problem = dimensionNameProblem(name);
        if (problem)
          ctx.addIssue({ code: 'custom', path: ['samples', i, 'dimensions', name], message: problem });
      }
    });
  })
  .openapi('MetricsBatch');

/** Longest complaint text accepted, in characters (UTF-16 code units, as JavaScript counts them). */
export const MAX_COMPLAINT_TEXT_CHARS = 10_000;
/** All complaint texts of one request together: bounds the analysis one request can ask for. */
export const MAX_COMPLAINT_REQUEST_CHARS = 100_000;

export const ComplaintSchema = z
  .object({
    id: z.string().min(1).max(200),
    at: isoDateTime,
    text: z
      .string()
      .min(1)
      .max(MAX_COMPLAINT_TEXT_CHARS, `longer than ${MAX_COMPLAINT_TEXT_CHARS} characters; shorten the text`)
      .openapi({ description: `At most ${MAX_COMPLAINT_TEXT_CHARS} characters` }),
    channel: z.string().min(1).max(100).optional(),
    dimensions: dimensions.default({}),
  })
  .openapi('ComplaintInput');

export const ComplaintsBody = z
  .object({ complaints: z.array(ComplaintSchema).min(1).max(MAX_BATCH) })
  .openapi('ComplaintsBatch', {
    description: `Up to ${MAX_BATCH} complaints whose texts total at most ${MAX_COMPLAINT_REQUEST_CHARS} characters`,
  });

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
