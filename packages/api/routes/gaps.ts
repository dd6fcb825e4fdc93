// GET /v1/gaps: the window's promises ranked by how far delivery or perception falls short, beside the
// policy gaps (the help desk's own target laxer than the promise, or missing) and the vague claims
// the week's evidence contradicts.

import { createRoute, z } from '@hono/zod-openapi';
import { CATEGORIES } from '../../core/index.ts';
import type { AppContext } from '../context.ts';
import { rankGaps } from '../gaps.ts';
import { newRouter } from '../router.ts';
import { errorResponses, GapSchema, notFoundResponse, WindowQuery, WindowSchema } from '../schemas.ts';
import { resolveWindow } from '../window.ts';

const PolicyGapSchema = z
  .object({
    commitmentId: z.string(),
    quote: z.string(),
    sourceUrl: z.string(),
    category: z.enum(['response_time', 'resolution_time']),
    status: z.enum(['laxer', 'missing']).openapi({
      description:
        'laxer: the laxest help-desk target governing the same tickets allows more than the promise (on the promise’s clock); missing: no target governs them',
    }),
    promised: z.string().openapi({ example: 'within 2 business hours' }),
    scope: z.string().openapi({ example: 'Pro tickets, first reply' }),
    governing: z
      .object({
        policyId: z.string(),
        title: z.string(),
        format: z.enum(['zendesk', 'freshdesk', 'promisegap']),
        file: z.string(),
        vendorMetric: z.string(),
        severity: z.string().nullable(),
        minutes: z.number(),
        businessHours: z.boolean(),
        stated: z.string().openapi({ example: '8 business hours' }),
      })
      .nullable(),
    targets: z.number().int(),
    sentence: z.string().openapi({
      example:
        'your help desk aims for 8 business hours (Zendesk policy “Pro accounts”, P3); the pricing page promises 2',
    }),
    reason: z.string(),
  })
  .openapi('PolicyGap');

const ContradictedClaimSchema = z
  .object({
    quote: z.string(),
    sourceUrl: z.string(),
    alsoOn: z.array(z.string()),
    reason: z.string().openapi({ description: 'why the extractor found it unmeasurable' }),
    category: z.enum(CATEGORIES).nullable(),
    topic: z.string().nullable(),
    status: z.literal('contradicted'),
    figures: z.array(
      z.object({
        metric: z.string(),
        unit: z.string(),
        samples: z.number().int(),
        median: z.number(),
        shareOver: z.number().openapi({ description: 'share of cases over `over`, 0..100' }),
        over: z.object({ value: z.number(), unit: z.string(), words: z.string() }),
      }),
    ),
    complaints: z
      .object({
        count: z.number().int(),
        themes: z.array(z.object({ phrase: z.string(), complaints: z.number().int() })),
      })
      .nullable(),
    surveys: z.object({ label: z.string(), responses: z.number().int(), belowFloor: z.boolean() }).nullable(),
    because: z
      .array(z.string())
      .openapi({ description: 'which parts of the contradiction rule the evidence met' }),
    sentence: z.string(),
    suggestion: z.string().nullable().openapi({ description: 'a measurable promise the data supports' }),
    suggestionBasis: z.string().nullable(),
  })
  .openapi('ContradictedClaim');

const GapsResponse = z
  .object({
    window: WindowSchema,
    gaps: z.array(GapSchema),
    policyGaps: z.array(PolicyGapSchema).optional().openapi({
      description:
        'present when the server knows the configuration: commitments whose help-desk target is laxer or missing',
    }),
    policiesImported: z
      .number()
      .int()
      .optional()
      .openapi({ description: 'SLA policies stored (0: the policy gap is not known)' }),
    claims: z.array(ContradictedClaimSchema).optional().openapi({
      description:
        'present when the server knows the configuration: vague claims the window’s evidence contradicts',
    }),
  })
  .openapi('Gaps');

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['compliance'],
  summary: 'Promises ranked by how badly they fall short, with policy gaps and contradicted claims',
  description:
    'Breaches (delivery gap) first, then perception gaps (metrics say kept, complaints say broken), then ' +
    'promises at risk; within each, the largest shortfall in percentage points first. Beside them: ' +
    'commitments whose help-desk SLA target is laxer than the promise or missing (policyGaps), and vague ' +
    'claims the window’s evidence contradicts (claims); see the accounting rules for both.',
  security: [{ bearer: [] }],
  request: { query: WindowQuery },
  responses: {
    200: { description: 'Ranked gaps', content: { 'application/json': { schema: GapsResponse } } },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const gapRoutes = (ctx: AppContext) =>
  newRouter().openapi(route, async (c) => {
    const found = await resolveWindow(ctx, c.req.valid('query').window);
    const signals = ctx.gapSignals ? await ctx.gapSignals(found.window) : undefined;
    return c.json(
      {
        window: found.window,
        gaps: rankGaps(found.verdicts),
        ...(signals
          ? {
              policyGaps: signals.policyGaps.flatMap((g) =>
                g.status === 'aligned' ? [] : [{ ...g, status: g.status }],
              ),
              policiesImported: signals.policies,
              claims: signals.claims.flatMap((cl) =>
                cl.status === 'contradicted' ? [{ ...cl, status: 'contradicted' as const }] : [],
              ),
            }
          : {}),
      },
      200,
    );
  });
