// The promise register over HTTP (write scope): PATCH /v1/promises/:id reviews or corrects a
// commitment, POST /v1/promises adds one by hand, POST /v1/gaps/:id/ack acknowledges a gap. Each
// is one conditional write of one commitment: a request that fails changes nothing.

import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { CATEGORIES, OPERATORS, type Qualifiers, UNITS } from '../../core/index.ts';
import {
  acknowledgeGap,
  addCommitment,
  CommitmentExistsError,
  CommitmentNotFoundError,
  commitmentView,
  defaultMetricFor,
  InvalidReviewError,
  RegisterBusyError,
  type ReviewAction,
  reviewCommitment,
} from '../../register/index.ts';
import type { AppContext, AppEnv } from '../context.ts';
import { ApiError, NotFoundError, RequestValidationError } from '../errors.ts';
import { newRouter } from '../router.ts';
import { ErrorSchema, errorResponses, IdParam, notFoundResponse, QualifiersSchema } from '../schemas.ts';

const conflictResponse = {
  409: {
    description: 'The commitment already exists, or someone else is changing it',
    content: { 'application/json': { schema: ErrorSchema } },
  },
} as const;

const metricName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'expected a metric name such as first_response_time');
const reason = z.string().min(1).max(2000);

/** Qualifiers a correction sets; null removes one ("that heading is not a plan"). */
const CorrectionQualifiers = z
  .object({
    tier: z.string().min(1).max(200).nullable(),
    severity: z.string().min(1).max(200).nullable(),
    channel: z.string().min(1).max(200).nullable(),
    window: z.string().min(1).max(200).nullable(),
    target: z.number().gt(0).max(100).nullable(),
    statistic: z.enum(['median', 'mean']).nullable(),
    hedge: z.string().min(1).max(200).nullable(),
    region: z.string().min(1).max(200).nullable(),
    scope: z.string().min(1).max(200).nullable(),
    condition: z.string().min(1).max(200).nullable(),
    timezone: z.string().min(1).max(200).nullable(),
    negated: z.boolean().nullable(),
  })
  .partial()
  .strict();

export const CorrectionSchema = z
  .object({
    category: z.enum(CATEGORIES),
    metric: metricName,
    operator: z.enum(OPERATORS),
    threshold: z.number().min(0).nullable(),
    unit: z.enum(UNITS).nullable(),
    qualifiers: CorrectionQualifiers,
    gradedOn: metricName.nullable().openapi({
      description: 'Grade on this metric instead of the category default, e.g. first_response_business_time',
    }),
  })
  .partial()
  .strict()
  .openapi('Correction');

export const ReviewBodySchema = z
  .discriminatedUnion('action', [
    z.object({ action: z.literal('confirm'), reason: reason.optional() }).strict(),
    z.object({ action: z.literal('reject'), reason }).strict(),
    z
      .object({ action: z.literal('correct'), correction: CorrectionSchema, reason: reason.optional() })
      .strict(),
  ])
  .openapi('Review', {
    example: {
      action: 'correct',
      correction: { threshold: 4, unit: 'business_hours' },
      reason: 'the SLA says 4',
    },
  });

export const AddCommitmentSchema = z
  .object({
    category: z.enum(CATEGORIES),
    metric: metricName.optional(),
    operator: z.enum(OPERATORS),
    threshold: z.number().min(0),
    unit: z.enum(UNITS),
    qualifiers: QualifiersSchema.strict().optional(),
    quote: z
      .string()
      .min(1)
      .max(2000)
      .openapi({ description: 'The evidence: the words of the contract or deck' }),
    source: z.string().min(1).max(2048).optional().openapi({ description: 'Where the evidence is' }),
    reason: reason.optional(),
  })
  .strict()
  .openapi('NewCommitment');

export const AcknowledgeSchema = z
  .object({
    note: z.string().min(1).max(2000).openapi({ example: 'hiring two agents, review on 15 January' }),
    until: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
      .openapi({ example: '2027-01-15' }),
  })
  .strict()
  .openapi('Acknowledgement');

const StatementSchema = z.object({
  quote: z.string(),
  url: z.string().nullable(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  contentHash: z.string().nullable(),
  removedAt: z.string().optional(),
  changedTo: z.string().optional(),
});

export const CommitmentSchema = z
  .object({
    id: z.string(),
    state: z.enum(['proposed', 'confirmed', 'rejected', 'corrected']),
    origin: z.enum(['extracted', 'manual']),
    inQueue: z.boolean(),
    category: z.enum(CATEGORIES),
    metric: z.string(),
    operator: z.enum(OPERATORS),
    threshold: z.number().nullable(),
    unit: z.enum(UNITS).nullable(),
    qualifiers: QualifiersSchema,
    gradedOn: z.string().optional(),
    quote: z.string(),
    sourceUrl: z.string(),
    attention: z.string().optional(),
    statements: z.array(StatementSchema),
    reviews: z.array(
      z
        .object({
          action: z.string(),
          state: z.string(),
          by: z.string(),
          at: z.string(),
          reason: z.string().optional(),
        })
        .passthrough(),
    ),
    acknowledgement: z
      .object({ note: z.string(), until: z.string(), by: z.string(), at: z.string() })
      .nullable(),
  })
  .passthrough()
  .openapi('Commitment');

const patchRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['register'],
  summary: 'Review or correct a commitment',
  description:
    'Confirm it, reject it (not a promise: no longer graded; the reason is kept) or correct what it says ' +
    "or what it is graded on. Needs a write key; the key's label is recorded as who reviewed.",
  security: [{ bearer: [] }],
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: ReviewBodySchema } } },
  },
  responses: {
    200: {
      description: 'The commitment after the review',
      content: { 'application/json': { schema: CommitmentSchema } },
    },
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
  },
});

const addRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['register'],
  summary: 'Add a commitment by hand',
  description:
    'A commitment the site does not state (a contract, a sales deck), with its evidence. It is graded from the next evaluation.',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: AddCommitmentSchema } } } },
  responses: {
    201: {
      description: 'The commitment added',
      content: { 'application/json': { schema: CommitmentSchema } },
    },
    ...errorResponses,
    ...conflictResponse,
  },
});

const ackRoute = createRoute({
  method: 'post',
  path: '/{id}/ack',
  tags: ['register'],
  summary: 'Acknowledge a gap',
  description:
    'The digest lists the commitment under "acknowledged", with the note, instead of as news, until the date passes or the gap closes.',
  security: [{ bearer: [] }],
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: AcknowledgeSchema } } },
  },
  responses: {
    200: {
      description: 'The commitment with its acknowledgement',
      content: { 'application/json': { schema: CommitmentSchema } },
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});

/** Who the key is: its label, else its id. */
const reviewer = (c: Context<AppEnv>): string => {
  const key = c.get('apiKey');
  return key?.label ? key.label : `key ${key?.id ?? 'unknown'}`;
};

/** The register's errors as the HTTP statuses a caller can act on. */
const translate = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidReviewError) {
      throw new RequestValidationError('body', [{ path: `body.${error.field}`, message: error.message }], {
        cause: error,
      });
    }
    if (error instanceof CommitmentNotFoundError) throw new NotFoundError(error.message);
    if (error instanceof CommitmentExistsError || error instanceof RegisterBusyError) {
      throw new ApiError(409, error.message, undefined, { cause: error });
    }
    throw error;
  }
};

export const registerPromiseRoutes = (ctx: AppContext) =>
  newRouter()
    .openapi(patchRoute, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const review: ReviewAction =
        body.action === 'correct'
          ? {
              action: 'correct',
              correction: body.correction as Extract<ReviewAction, { action: 'correct' }>['correction'],
              ...(body.reason ? { reason: body.reason } : {}),
            }
          : body.action === 'reject'
            ? { action: 'reject', reason: body.reason }
            : { action: 'confirm', ...(body.reason ? { reason: body.reason } : {}) };
      const written = await translate(() => reviewCommitment(ctx.store, id, review, reviewer(c), ctx.now()));
      return c.json(commitmentView(written), 200);
    })
    .openapi(addRoute, async (c) => {
      const body = c.req.valid('json');
      const written = await translate(() =>
        addCommitment(
          ctx.store,
          {
            category: body.category,
            metric: body.metric ?? defaultMetricFor(body.category, body.operator),
            operator: body.operator,
            threshold: body.threshold,
            unit: body.unit,
            qualifiers: (body.qualifiers ?? {}) as Qualifiers,
          },
          {
            quote: body.quote,
            by: reviewer(c),
            ...(body.source ? { source: body.source } : {}),
            ...(body.reason ? { reason: body.reason } : {}),
          },
          ctx.now(),
        ),
      );
      return c.json(commitmentView(written), 201);
    });

export const gapAckRoutes = (ctx: AppContext) =>
  newRouter().openapi(ackRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const written = await translate(() =>
      acknowledgeGap(ctx.store, id, { note: body.note, until: body.until, by: reviewer(c) }, ctx.now()),
    );
    return c.json(commitmentView(written), 200);
  });
